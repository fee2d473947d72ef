import GRDB
import RapportCore
import RapportStorage

/// A customer's loyalty account: the cached sums of the ledger, the debt, the tier and the
/// referral code (a `loyalty_account` row).
struct LoyaltyAccount {
    var balance: Int64 = 0
    var debt: Int64 = 0
    var lifetimeEarned: Int64 = 0
    var lifetimeRedeemed: Int64 = 0
    var lifetimeExpired: Int64 = 0
    var tier: String?
    var tierSince: Timestamp?
    var belowTierSince: Timestamp?
    var referralCode: String?
}

/// Reading and writing `loyalty_account` rows. The account is read on every order and balance,
/// so it is read by position through one hand-written reader (``account(_:in:)``).
enum AccountRow {
    static func account(_ customerId: String, in db: Database) throws -> LoyaltyAccount? {
        try db.cachedStatement(
            sql: """
                SELECT balance, debt, lifetime_earned, lifetime_redeemed, lifetime_expired, tier, tier_since, below_tier_since, referral_code
                FROM loyalty_account WHERE customer_id = ?
                """
        ).fetchFirst(customerId) { row in
            try LoyaltyAccount(
                balance: row.int64(0), debt: row.int64(1), lifetimeEarned: row.int64(2), lifetimeRedeemed: row.int64(3),
                lifetimeExpired: row.int64(4), tier: row.optionalText(5), tierSince: row.optionalInt64(6).map(Timestamp.init(millisecondsSince1970:)),
                belowTierSince: row.optionalInt64(7).map(Timestamp.init(millisecondsSince1970:)), referralCode: row.optionalText(8))
        }
    }

    /// One lot with points left, as the balance reads it.
    struct OpenLot {
        var remaining: Int64
        var availableAt: Int64
        var expiresAt: Int64?
    }

    /// Reads the customer's account with its lots open at `at` in one statement, calling `body`
    /// once per open lot (or once with nil for an account without any); nothing without an account.
    static func withOpenLots(
        of customerId: String, at: Timestamp, in db: Database, _ body: (LoyaltyAccount, OpenLot?) throws -> Void
    ) throws {
        try db.cachedStatement(
            sql: """
                SELECT a.balance, a.debt, a.lifetime_earned, a.lifetime_redeemed, a.lifetime_expired, l.remaining, l.available_at, l.expires_at
                FROM loyalty_account a LEFT JOIN loyalty_lot l
                    ON l.customer_id = a.customer_id AND l.remaining > 0 AND (l.expires_at IS NULL OR l.expires_at > ?2)
                WHERE a.customer_id = ?1
                """
        ).forEachRow(customerId, at.millisecondsSince1970) { row in
            let account = try LoyaltyAccount(
                balance: row.int64(0), debt: row.int64(1), lifetimeEarned: row.int64(2), lifetimeRedeemed: row.int64(3),
                lifetimeExpired: row.int64(4))
            let lot = try row.optionalInt64(5).map { OpenLot(remaining: $0, availableAt: try row.int64(6), expiresAt: try row.optionalInt64(7)) }
            try body(account, lot)
        }
    }

    static func ensure(_ customerId: String, in db: Database) throws {
        try db.cachedStatement(sql: "INSERT INTO loyalty_account (customer_id) VALUES (?) ON CONFLICT DO NOTHING").execute(arguments: [customerId])
    }

    /// Moves the cached sums by one entry's points; false (and nothing changed) when the balance
    /// would leave ±`maximumBalance` or a lifetime sum pass `maximumLifetime`.
    static func apply(
        points: Int64, earned: Int64, redeemed: Int64, expired: Int64, to customerId: String, maximumBalance: Int64,
        maximumLifetime: Int64, in db: Database
    ) throws -> Bool {
        try db.cachedStatement(
            sql: """
                UPDATE loyalty_account SET balance = balance + ?1, lifetime_earned = lifetime_earned + ?2,
                    lifetime_redeemed = lifetime_redeemed + ?3, lifetime_expired = lifetime_expired + ?4
                WHERE customer_id = ?5 AND balance + ?1 BETWEEN -?6 AND ?6
                    AND lifetime_earned + ?2 <= ?7 AND lifetime_redeemed + ?3 <= ?7 AND lifetime_expired + ?4 <= ?7
                """
        ).execute(arguments: [points, earned, redeemed, expired, customerId, maximumBalance, maximumLifetime])
        return db.changesCount == 1
    }

    /// Takes `points` that expired off the balance and adds them to the lifetime expired.
    static func expire(_ points: Int64, of customerId: String, in db: Database) throws {
        try db.cachedStatement(
            sql: "UPDATE loyalty_account SET balance = balance - ?1, lifetime_expired = lifetime_expired + ?1 WHERE customer_id = ?2"
        ).execute(arguments: [points, customerId])
    }

    static func debt(of customerId: String, in db: Database) throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT debt FROM loyalty_account WHERE customer_id = ?"), arguments: [customerId]) ?? 0
    }

    /// Adds `points` (negative: repaid) to the customer's debt.
    static func addDebt(_ points: Int64, to customerId: String, in db: Database) throws {
        try db.cachedStatement(sql: "UPDATE loyalty_account SET debt = debt + ? WHERE customer_id = ?").execute(arguments: [points, customerId])
    }

    /// Hands `debt`, the debt of merged duplicate `from`, to `into`.
    static func moveDebt(_ debt: Int64, from: String, into: String, in db: Database) throws {
        try addDebt(debt, to: into, in: db)
        try db.execute(sql: "UPDATE loyalty_account SET debt = 0 WHERE customer_id = ?", arguments: [from])
    }

    static func setTier(_ tier: String, since: Timestamp, of customerId: String, in db: Database) throws {
        try db.execute(
            sql: "UPDATE loyalty_account SET tier = ?, tier_since = ?, below_tier_since = NULL WHERE customer_id = ?",
            arguments: [tier, since.millisecondsSince1970, customerId])
    }

    /// Starts (or, with nil, ends) the customer's grace period below their tier.
    static func setBelowTierSince(_ since: Timestamp?, of customerId: String, in db: Database) throws {
        try db.execute(
            sql: "UPDATE loyalty_account SET below_tier_since = ? WHERE customer_id = ?", arguments: [since?.millisecondsSince1970, customerId])
    }

    /// An account as a tier evaluation reads it, with what qualifies it in the window.
    struct TierStanding {
        var customerId: String
        var tier: String?
        var belowTierSince: Timestamp?
        var qualifying: Int64
    }

    /// The next `limit` accounts after `after` in id order, each with `qualifyingSQL` (a scalar
    /// subquery over `a.customer_id` and the window `?1`–`?2`) evaluated for it.
    static func standings(
        after: String, limit: Int, qualifyingSQL: String, window: (since: Int64, until: Int64), in db: Database
    ) throws -> [TierStanding] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT a.customer_id, a.tier, a.below_tier_since, (\(qualifyingSQL)) AS qualifying
                FROM loyalty_account a WHERE a.customer_id > ?3 ORDER BY a.customer_id LIMIT ?4
                """, arguments: [window.since, window.until, after, limit]
        ).map { row in
            TierStanding(
                customerId: try row.decode(forColumn: "customer_id"), tier: try row.decode(forColumn: "tier"),
                belowTierSince: try row.optionalTimestamp(forColumn: "below_tier_since"), qualifying: try row.decode(forColumn: "qualifying"))
        }
    }

    static func referralCodeExists(_ code: String, in db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM loyalty_account WHERE referral_code = ?)", arguments: [code]) ?? false
    }

    static func setReferralCode(_ code: String, of customerId: String, in db: Database) throws {
        try db.execute(sql: "UPDATE loyalty_account SET referral_code = ? WHERE customer_id = ?", arguments: [code, customerId])
    }

    /// The customer whose referral code is `code`.
    static func owner(ofReferralCode code: String, in db: Database) throws -> String? {
        try String.fetchOne(db, sql: "SELECT customer_id FROM loyalty_account WHERE referral_code = ?", arguments: [code])
    }

    /// What `loyalty.check` compares for one account: its cached balance and debt, the sum of its
    /// entries, and the sum of its open lots.
    struct Reconciliation {
        var customerId: String
        var balance: Int64
        var debt: Int64
        var ledger: Int64
        var lots: Int64
    }

    /// Reads every account's reconciliation (or the one of `customerId`) in turn.
    static func reconcile(_ customerId: String?, in db: Database, _ body: (Reconciliation) throws -> Void) throws {
        var sql = """
            SELECT a.customer_id, a.balance, a.debt,
                (SELECT coalesce(sum(e.points), 0) FROM loyalty_entry e WHERE e.customer_id = a.customer_id) AS ledger,
                (SELECT coalesce(sum(l.remaining), 0) FROM loyalty_lot l WHERE l.customer_id = a.customer_id AND l.remaining > 0) AS lots
            FROM loyalty_account a
            """
        var arguments: StatementArguments = []
        if let customerId {
            sql += " WHERE a.customer_id = ?"
            arguments = [customerId]
        }
        let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
        while let row = try rows.next() {
            try body(
                Reconciliation(
                    customerId: try row.decode(forColumn: "customer_id"), balance: try row.decode(forColumn: "balance"),
                    debt: try row.decode(forColumn: "debt"), ledger: try row.decode(forColumn: "ledger"), lots: try row.decode(forColumn: "lots")))
        }
    }
}
