import GRDB
import RapportCore
import RapportStorage

/// Reading and writing `loyalty_offer` rows.
enum OfferRow {
    static let columns = "id, name, kind, value, gift, valid_days, tier, segment_id, per_customer_limit, min_order, created_at"

    static func offer(_ row: Row) throws -> Offer {
        Offer(
            id: try row.decode(forColumn: "id"), name: try row.decode(forColumn: "name"), kind: try row.rawValue(Offer.Kind.self, forColumn: "kind"),
            value: try row.decode(forColumn: "value"), gift: try row.decode(forColumn: "gift"), validDays: try row.decode(forColumn: "valid_days"),
            tier: try row.decode(forColumn: "tier"), segmentId: try row.decode(forColumn: "segment_id"),
            perCustomerLimit: try row.decode(forColumn: "per_customer_limit"),
            minOrderAmount: Money(minorUnits: try row.decode(forColumn: "min_order")),
            createdAt: try row.timestamp(forColumn: "created_at"))
    }

    static func insert(_ offer: Offer, in db: Database) throws {
        try db.execute(
            sql: "INSERT INTO loyalty_offer (\(columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            arguments: [
                offer.id, offer.name, offer.kind.rawValue, offer.value, offer.gift, offer.validDays, offer.tier, offer.segmentId,
                offer.perCustomerLimit, offer.minOrderAmount.minorUnits, offer.createdAt.millisecondsSince1970,
            ])
    }

    static func all(in db: Database) throws -> [Offer] {
        try Row.fetchAll(db, sql: "SELECT \(columns) FROM loyalty_offer ORDER BY id").map(offer)
    }

    static func find(_ id: String, in db: Database) throws -> Offer? {
        try Row.fetchOne(db, sql: "SELECT \(columns) FROM loyalty_offer WHERE id = ?", arguments: [id]).map(offer)
    }
}
