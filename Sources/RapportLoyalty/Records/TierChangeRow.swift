import GRDB
import RapportCore
import RapportCustomers
import RapportStorage

/// Reading and writing `loyalty_tier_change` rows: every move between tiers.
enum TierChangeRow {
    static let columns = "id, customer_id, from_tier, to_tier, reason, qualifying, at"

    static func change(_ row: Row) throws -> TierChange {
        TierChange(
            id: try row.decode(forColumn: "id"), customerId: try row.decode(forColumn: "customer_id"), from: try row.decode(forColumn: "from_tier"),
            to: try row.decode(forColumn: "to_tier"), reason: try row.decode(forColumn: "reason"),
            qualifying: try row.decode(forColumn: "qualifying"),
            at: try row.timestamp(forColumn: "at"))
    }

    static func insert(_ change: TierChange, in db: Database) throws {
        try db.execute(
            sql: "INSERT INTO loyalty_tier_change (\(columns)) VALUES (?, ?, ?, ?, ?, ?, ?)",
            arguments: [change.id, change.customerId, change.from, change.to, change.reason, change.qualifying, change.at.millisecondsSince1970])
    }

    /// The customer's tier changes, newest first, or oldest first with `newestFirst: false` (the export).
    static func all(of customerId: String, newestFirst: Bool, in db: Database) throws -> [TierChange] {
        let order = newestFirst ? "at DESC, id DESC" : "at, id"
        return try Row.fetchAll(
            db, sql: "SELECT \(columns) FROM loyalty_tier_change WHERE customer_id = ? ORDER BY \(order)", arguments: [customerId]
        ).map(change)
    }

    /// A page of the customer's timeline: tier changes newest first, before `cursor`.
    static func timeline(of customerId: String, before cursor: TimelineCursor?, limit: Int, in db: Database) throws -> [TierChange] {
        try TimelineSource.newestRows(columns, from: "loyalty_tier_change", of: customerId, before: cursor, limit: limit, in: db).map(change)
    }
}
