import GRDB
import RapportCore
import RapportStorage

/// Reading and writing `loyalty_lot` rows: what is left of each credit, keyed by its entry.
enum LotRow {
    /// A lot with points left: its entry and what remains of it.
    struct Open {
        var entryId: String
        var remaining: Int64

        init(_ row: Row) throws {
            entryId = try row.decode(forColumn: "entry_id")
            remaining = try row.decode(forColumn: "remaining")
        }
    }

    /// A lot past its expiry with points left.
    struct Due {
        var entryId: String
        var customerId: String
        var points: Int64
        var expiresAt: Timestamp

        init(_ row: Row) throws {
            entryId = try row.decode(forColumn: "entry_id")
            customerId = try row.decode(forColumn: "customer_id")
            points = try row.decode(forColumn: "remaining")
            expiresAt = try row.timestamp(forColumn: "expires_at")
        }
    }

    /// A credit's lot: `points` to spend from `availableAt` until `expiresAt` (nil: never).
    static func insert(
        entryId: String, customerId: String, points: Int64, availableAt: Timestamp, expiresAt: Timestamp?, in db: Database
    ) throws {
        try db.cachedStatement(sql: "INSERT INTO loyalty_lot (entry_id, customer_id, remaining, available_at, expires_at) VALUES (?, ?, ?, ?, ?)")
            .execute(arguments: [entryId, customerId, points, availableAt.millisecondsSince1970, expiresAt?.millisecondsSince1970])
    }

    /// The lot of the entry `entryId`, if it has points left.
    static func open(_ entryId: String, in db: Database) throws -> [Open] {
        try Row.fetchAll(
            db.cachedStatement(sql: "SELECT entry_id, remaining FROM loyalty_lot WHERE entry_id = ? AND remaining > 0"), arguments: [entryId]
        )
        .map(Open.init)
    }

    /// The lots whose points can be spent at `at`, in the order they are consumed: soonest expiry first.
    static func spendable(of customerId: String, at: Timestamp, in db: Database) throws -> [Open] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT entry_id, remaining FROM loyalty_lot
                    WHERE customer_id = ?1 AND remaining > 0 AND available_at <= ?2 AND (expires_at IS NULL OR expires_at > ?2)
                    ORDER BY expires_at IS NULL, expires_at, available_at, entry_id
                    """), arguments: [customerId, at.millisecondsSince1970]
        ).map(Open.init)
    }

    /// The lots still in their return window at `at`, soonest available first.
    static func pending(of customerId: String, at: Timestamp, in db: Database) throws -> [Open] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT entry_id, remaining FROM loyalty_lot
                    WHERE customer_id = ?1 AND remaining > 0 AND available_at > ?2 AND (expires_at IS NULL OR expires_at > ?2)
                    ORDER BY available_at, entry_id
                    """), arguments: [customerId, at.millisecondsSince1970]
        ).map(Open.init)
    }

    /// Points the customer can spend at `at`, before debt.
    static func spendablePoints(of customerId: String, at: Timestamp, in db: Database) throws -> Int64 {
        try Int64.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT coalesce(sum(remaining), 0) FROM loyalty_lot
                    WHERE customer_id = ?1 AND remaining > 0 AND available_at <= ?2 AND (expires_at IS NULL OR expires_at > ?2)
                    """), arguments: [customerId, at.millisecondsSince1970]) ?? 0
    }

    /// Takes `points` (no more than remain) from the lot of `entryId`.
    static func take(_ points: Int64, from entryId: String, in db: Database) throws {
        try db.cachedStatement(sql: "UPDATE loyalty_lot SET remaining = remaining - ? WHERE entry_id = ?").execute(arguments: [points, entryId])
    }

    /// The customer's lots due by `at` with points left, oldest expiry first.
    static func due(of customerId: String, at: Timestamp, in db: Database) throws -> [Due] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT entry_id, customer_id, remaining, expires_at FROM loyalty_lot
                    WHERE customer_id = ? AND remaining > 0 AND expires_at <= ? ORDER BY expires_at, entry_id
                    """), arguments: [customerId, at.millisecondsSince1970]
        ).map(Due.init)
    }

    /// Empties the lot of `entryId` (its points expired).
    static func empty(_ entryId: String, in db: Database) throws {
        try db.cachedStatement(sql: "UPDATE loyalty_lot SET remaining = 0 WHERE entry_id = ?").execute(arguments: [entryId])
    }

    /// How many lots are due by `at`, counted up to `limit`.
    static func dueCount(at: Timestamp, upTo limit: Int, in db: Database) throws -> Int {
        try Int.fetchOne(
            db,
            sql: """
                SELECT count(*) FROM (SELECT 1 FROM loyalty_lot WHERE remaining > 0 AND expires_at IS NOT NULL AND expires_at <= ? LIMIT ?)
                """, arguments: [at.millisecondsSince1970, limit]) ?? 0
    }

    /// The owners of the `limit` lots due by `at` that expired first (repeated once per lot).
    static func ownersOfOldestDue(at: Timestamp, limit: Int, in db: Database) throws -> [String] {
        try String.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT customer_id FROM loyalty_lot
                    WHERE remaining > 0 AND expires_at IS NOT NULL AND expires_at <= ? ORDER BY expires_at LIMIT ?
                    """), arguments: [at.millisecondsSince1970, limit])
    }

    /// The next `limit` customers after `after`, in id order, with lots due by `at`.
    static func ownersOfDue(at: Timestamp, after: String, limit: Int, in db: Database) throws -> [String] {
        try String.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT DISTINCT customer_id FROM loyalty_lot
                    WHERE remaining > 0 AND expires_at <= ? AND customer_id > ? ORDER BY customer_id LIMIT ?
                    """), arguments: [at.millisecondsSince1970, after, limit])
    }

    /// Gives every lot of `from` to `into` as it is (pending and expiry kept): a merge.
    static func move(from: String, into: String, in db: Database) throws {
        try db.execute(sql: "UPDATE loyalty_lot SET customer_id = ? WHERE customer_id = ?", arguments: [into, from])
    }
}
