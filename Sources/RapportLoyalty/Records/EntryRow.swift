import GRDB
import RapportCore
import RapportCustomers
import RapportStorage

/// Reading and writing `loyalty_entry` rows: the points ledger, one row per movement.
enum EntryRow {
    static let columns = "id, customer_id, kind, points, at, available_at, expires_at, order_id, reason, reference, actor"

    static func entry(_ row: Row) throws -> LedgerEntry {
        LedgerEntry(
            id: try row.decode(forColumn: "id"), customerId: try row.decode(forColumn: "customer_id"),
            kind: try row.rawValue(LedgerEntry.Kind.self, forColumn: "kind"), points: try row.decode(forColumn: "points"),
            at: try row.timestamp(forColumn: "at"), availableAt: try row.optionalTimestamp(forColumn: "available_at"),
            expiresAt: try row.optionalTimestamp(forColumn: "expires_at"), orderId: try row.decode(forColumn: "order_id"),
            reason: try row.decode(forColumn: "reason"), reference: try row.decode(forColumn: "reference"),
            actor: try row.decode(forColumn: "actor"))
    }

    static func insert(_ entry: LedgerEntry, in db: Database) throws {
        try db.cachedStatement(sql: "INSERT INTO loyalty_entry (\(columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)").execute(arguments: [
            entry.id, entry.customerId, entry.kind.rawValue, entry.points, entry.at.millisecondsSince1970,
            entry.availableAt?.millisecondsSince1970, entry.expiresAt?.millisecondsSince1970, entry.orderId, entry.reason,
            entry.reference, entry.actor,
        ])
    }

    static func find(_ id: String, in db: Database) throws -> LedgerEntry? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT \(columns) FROM loyalty_entry WHERE id = ?"), arguments: [id]).map(entry)
    }

    /// The customer's entries, oldest first (the export).
    static func all(of customerId: String, in db: Database) throws -> [LedgerEntry] {
        try Row.fetchAll(db, sql: "SELECT \(columns) FROM loyalty_entry WHERE customer_id = ? ORDER BY at, id", arguments: [customerId])
            .map(entry)
    }

    /// Up to `limit` of the customer's entries, newest first, of `kind` if given, before the entry `cursor`.
    static func newest(
        of customerId: String, kind: LedgerEntry.Kind?, before cursor: String?, limit: Int, in db: Database
    ) throws -> [LedgerEntry] {
        var filter = SQLFilter()
        filter.add("customer_id = ?", customerId)
        if let kind { filter.add("kind = ?", kind.rawValue) }
        if let cursor { filter.add("id < ?", cursor) }
        var arguments = filter.arguments
        _ = arguments.append(contentsOf: [limit])
        return try Row.fetchAll(
            db, sql: "SELECT \(columns) FROM loyalty_entry WHERE \(filter.condition) ORDER BY id DESC LIMIT ?", arguments: arguments
        ).map(entry)
    }

    /// A page of the customer's timeline: entries newest first, before `cursor`.
    static func timeline(of customerId: String, before cursor: TimelineCursor?, limit: Int, in db: Database) throws -> [LedgerEntry] {
        try TimelineSource.newestRows(columns, from: "loyalty_entry", of: customerId, before: cursor, limit: limit, in: db).map(entry)
    }

    /// The points an order moved, as a refund needs them: what it earned, what refunds reversed of
    /// that, what was spent on it and what refunds gave back of that (referral bonuses aside), and
    /// the entry whose lot its points are in.
    struct OrderSums {
        var earned: Int64
        var reversed: Int64
        var redeemed: Int64
        var returned: Int64
        var earnEntry: String?
    }

    static func sums(ofOrder orderId: String, customer customerId: String, in db: Database) throws -> OrderSums? {
        try Row.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT coalesce(sum(CASE WHEN kind = 'earn' THEN points END), 0) AS earned,
                           coalesce(-sum(CASE WHEN kind = 'reverse' AND points < 0 THEN points END), 0) AS reversed,
                           coalesce(-sum(CASE WHEN kind = 'redeem' THEN points END), 0) AS redeemed,
                           coalesce(sum(CASE WHEN kind = 'reverse' AND points > 0 THEN points END), 0) AS returned,
                           max(CASE WHEN kind = 'earn' THEN id END) AS earn_entry
                    FROM loyalty_entry WHERE order_id = ? AND customer_id = ? AND (reference IS NULL OR reference NOT LIKE 'referral:%')
                    """), arguments: [orderId, customerId]
        ).map { row in
            OrderSums(
                earned: try row.decode(forColumn: "earned"), reversed: try row.decode(forColumn: "reversed"),
                redeemed: try row.decode(forColumn: "redeemed"), returned: try row.decode(forColumn: "returned"),
                earnEntry: try row.decode(forColumn: "earn_entry"))
        }
    }

    /// Points spent on the order, net of those a refund gave back.
    static func pointsSpent(onOrder orderId: String, in db: Database) throws -> Int64 {
        try Int64.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT coalesce(-sum(points), 0) FROM loyalty_entry
                    WHERE order_id = ? AND (kind = 'redeem' OR (kind = 'reverse' AND points > 0))
                    """), arguments: [orderId]) ?? 0
    }

    /// The bonuses credited on an order with `reference` (a referral's two bonuses).
    static func bonuses(onOrder orderId: String, reference: String, in db: Database) throws -> [LedgerEntry] {
        try Row.fetchAll(
            db, sql: "SELECT \(columns) FROM loyalty_entry WHERE order_id = ? AND kind = 'bonus' AND reference = ?",
            arguments: [orderId, reference]
        ).map(entry)
    }

    /// What counts toward tiers on points for the customer `customer` (an SQL expression) in the
    /// window from `?1` (excluded) to `?2`: points earned, net of reversals.
    static func qualifyingPointsSQL(customer: String) -> String {
        """
        SELECT coalesce(sum(e.points), 0) FROM loyalty_entry e WHERE e.customer_id = \(customer) AND e.at > ?1 AND e.at <= ?2
            AND (e.kind IN ('earn', 'bonus') OR (e.kind = 'reverse' AND e.points < 0))
        """
    }
}
