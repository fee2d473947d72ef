import GRDB
import RapportCore
import RapportStorage

/// Reading and writing `loyalty_reward_grant` rows: one per action rewarded, so that an action is
/// rewarded once and limits per period can be counted.
enum RewardGrantRow {
    /// An action reward given: the action, its reference, the bonus entry, when.
    struct Grant {
        var action: String
        var reference: String
        var entryId: String
        var at: Timestamp
    }

    static func insert(_ grant: Grant, customerId: String, in db: Database) throws {
        try db.cachedStatement(sql: "INSERT INTO loyalty_reward_grant (customer_id, action, reference, entry_id, at) VALUES (?, ?, ?, ?, ?)")
            .execute(arguments: [customerId, grant.action, grant.reference, grant.entryId, grant.at.millisecondsSince1970])
    }

    /// The bonus entry that rewarded the customer's action with `reference`, if one did.
    static func entry(forAction action: String, reference: String, of customerId: String, in db: Database) throws -> String? {
        try String.fetchOne(
            db.cachedStatement(sql: "SELECT entry_id FROM loyalty_reward_grant WHERE customer_id = ? AND action = ? AND reference = ?"),
            arguments: [customerId, action, reference])
    }

    /// How many times the customer's `action` was rewarded after `since` and up to `until`.
    static func count(of action: String, by customerId: String, after since: Int64, until: Timestamp, in db: Database) throws -> Int64 {
        try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT count(*) FROM loyalty_reward_grant WHERE customer_id = ? AND action = ? AND at > ? AND at <= ?"),
            arguments: [customerId, action, since, until.millisecondsSince1970]) ?? 0
    }

    /// The customer's rewards, oldest first (the export).
    static func all(of customerId: String, in db: Database) throws -> [Grant] {
        try Row.fetchAll(
            db, sql: "SELECT action, reference, entry_id, at FROM loyalty_reward_grant WHERE customer_id = ? ORDER BY at", arguments: [customerId]
        ).map { row in
            Grant(
                action: try row.decode(forColumn: "action"), reference: try row.decode(forColumn: "reference"),
                entryId: try row.decode(forColumn: "entry_id"), at: try row.timestamp(forColumn: "at"))
        }
    }

    /// Gives the merged duplicate's rewards to `into`, except those `into` already got for the same action.
    static func move(from: String, into: String, in db: Database) throws {
        try db.execute(sql: "UPDATE OR IGNORE loyalty_reward_grant SET customer_id = ? WHERE customer_id = ?", arguments: [into, from])
    }
}
