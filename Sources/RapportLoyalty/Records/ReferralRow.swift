import GRDB
import RapportCore
import RapportCustomers
import RapportStorage

/// Reading and writing `loyalty_referral` rows: one per referred customer (the referee).
enum ReferralRow {
    static let columns = "referee_id, referrer_id, code, linked_at, converted_at, order_id"

    static func referral(_ row: Row) throws -> Referral {
        Referral(
            refereeId: try row.decode(forColumn: "referee_id"), referrerId: try row.decode(forColumn: "referrer_id"),
            code: try row.decode(forColumn: "code"), linkedAt: try row.timestamp(forColumn: "linked_at"),
            convertedAt: try row.optionalTimestamp(forColumn: "converted_at"), orderId: try row.decode(forColumn: "order_id"))
    }

    static func insert(_ referral: Referral, in db: Database) throws {
        try db.execute(
            sql: "INSERT INTO loyalty_referral (referee_id, referrer_id, code, linked_at) VALUES (?, ?, ?, ?)",
            arguments: [referral.refereeId, referral.referrerId, referral.code, referral.linkedAt.millisecondsSince1970])
    }

    /// The referral of the referee `refereeId`, if they were referred.
    static func find(referee refereeId: String, in db: Database) throws -> Referral? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT \(columns) FROM loyalty_referral WHERE referee_id = ?"), arguments: [refereeId])
            .map(referral)
    }

    /// Who referred `refereeId`, if anyone.
    static func referrer(of refereeId: String, in db: Database) throws -> String? {
        try String.fetchOne(db, sql: "SELECT referrer_id FROM loyalty_referral WHERE referee_id = ?", arguments: [refereeId])
    }

    /// The referee whose referral the order converted.
    static func referee(convertedBy orderId: String, in db: Database) throws -> String? {
        try String.fetchOne(db, sql: "SELECT referee_id FROM loyalty_referral WHERE order_id = ?", arguments: [orderId])
    }

    /// Marks the referral converted by `orderId` at `at`, or (both nil) waiting again.
    static func setConversion(of refereeId: String, at: Timestamp?, orderId: String?, in db: Database) throws {
        try db.execute(
            sql: "UPDATE loyalty_referral SET converted_at = ?, order_id = ? WHERE referee_id = ?",
            arguments: [at?.millisecondsSince1970, orderId, refereeId])
    }

    /// The referrals the customer is in, as referee or referrer, oldest first (the export).
    static func all(involving customerId: String, in db: Database) throws -> [Referral] {
        try Row.fetchAll(
            db, sql: "SELECT \(columns) FROM loyalty_referral WHERE referee_id = ?1 OR referrer_id = ?1 ORDER BY linked_at", arguments: [customerId]
        ).map(referral)
    }

    /// How the referrer's invitations did: customers invited, converted, and what they spent (net of refunds).
    static func invitations(by referrerId: String, in db: Database) throws -> (invited: Int64, converted: Int64, revenue: Int64) {
        let row = try Row.fetchOne(
            db,
            sql: """
                SELECT count(*) AS invited, count(r.converted_at) AS converted, coalesce(sum(c.total_spent), 0) AS revenue
                FROM loyalty_referral r JOIN \(CustomersViews.customers) c ON c.id = r.referee_id WHERE r.referrer_id = ?
                """, arguments: [referrerId])
        guard let row else { return (0, 0, 0) }
        return (try row.decode(forColumn: "invited"), try row.decode(forColumn: "converted"), try row.decode(forColumn: "revenue"))
    }

    /// The referral bonuses the referrer earned, net of those taken back.
    static func pointsEarned(by referrerId: String, in db: Database) throws -> Int64 {
        try Int64.fetchOne(
            db,
            sql: """
                SELECT coalesce(sum(e.points), 0) FROM loyalty_entry e JOIN loyalty_referral r ON e.reference = 'referral:' || r.referee_id
                WHERE e.customer_id = ?1 AND r.referrer_id = ?1 AND e.kind IN ('bonus', 'reverse')
                """, arguments: [referrerId]) ?? 0
    }

    /// Hands the merged duplicate `from`'s referrals to `into`: those it made become `into`'s,
    /// and its own referral too unless that would make `into` its own referrer.
    static func merge(from: String, into: String, in db: Database) throws {
        try db.execute(sql: "UPDATE loyalty_referral SET referrer_id = ? WHERE referrer_id = ? AND referee_id != ?", arguments: [into, from, into])
        try db.execute(sql: "DELETE FROM loyalty_referral WHERE referee_id = ? AND referrer_id = ?", arguments: [into, from])
        try db.execute(
            sql: "UPDATE OR IGNORE loyalty_referral SET referee_id = ? WHERE referee_id = ? AND referrer_id != ?", arguments: [into, from, into])
    }
}
