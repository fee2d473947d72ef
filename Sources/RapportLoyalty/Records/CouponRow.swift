import GRDB
import RapportCore
import RapportCustomers
import RapportStorage

/// Reading and writing `loyalty_coupon` rows. Codes are stored normalized (`ABCDEFGH`) and shown
/// grouped (`ABCD-EFGH`).
enum CouponRow {
    static let columns = "id, code, offer_id, customer_id, issued_at, expires_at, redeemed_at, order_id"

    /// The coupon in `row`, with its status as of `at`.
    static func coupon(_ row: Row, at: Timestamp) throws -> Coupon {
        let redeemedAt = try row.optionalTimestamp(forColumn: "redeemed_at")
        let expiresAt = try row.timestamp(forColumn: "expires_at")
        return Coupon(
            id: try row.decode(forColumn: "id"), code: HumanCode.grouped(try row.decode(forColumn: "code")),
            offerId: try row.decode(forColumn: "offer_id"), customerId: try row.decode(forColumn: "customer_id"),
            status: redeemedAt != nil ? .redeemed : (expiresAt <= at ? .expired : .active), issuedAt: try row.timestamp(forColumn: "issued_at"),
            expiresAt: expiresAt, redeemedAt: redeemedAt, orderId: try row.decode(forColumn: "order_id"))
    }

    static func insert(_ coupon: Coupon, in db: Database) throws {
        try db.execute(
            sql: "INSERT INTO loyalty_coupon (id, code, offer_id, customer_id, issued_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [
                coupon.id, HumanCode.normalized(coupon.code), coupon.offerId, coupon.customerId, coupon.issuedAt.millisecondsSince1970,
                coupon.expiresAt.millisecondsSince1970,
            ])
    }

    static func codeExists(_ code: String, in db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM loyalty_coupon WHERE code = ?)", arguments: [code]) ?? false
    }

    /// The coupon with the code a customer typed (dashes, spaces and case ignored).
    static func find(code typed: String, at: Timestamp, in db: Database) throws -> Coupon? {
        try Row.fetchOne(db, sql: "SELECT \(columns) FROM loyalty_coupon WHERE code = ?", arguments: [HumanCode.normalized(typed)])
            .map { try coupon($0, at: at) }
    }

    /// How many coupons of the offer the customer has been issued.
    static func count(of offerId: String, heldBy customerId: String, in db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT count(*) FROM loyalty_coupon WHERE customer_id = ? AND offer_id = ?", arguments: [customerId, offerId])
            ?? 0
    }

    /// Marks the coupon used; false when it was used already.
    static func markRedeemed(_ couponId: String, at: Timestamp, orderId: String?, discount: Money?, points: Int64?, in db: Database) throws -> Bool {
        try db.cachedStatement(
            sql: "UPDATE loyalty_coupon SET redeemed_at = ?, order_id = ?, discount = ?, points = ? WHERE id = ? AND redeemed_at IS NULL"
        ).execute(arguments: [at.millisecondsSince1970, orderId, discount?.minorUnits, points, couponId])
        return db.changesCount == 1
    }

    /// Up to `limit` coupons, newest first, before the coupon `cursor`: the customer's if given, in
    /// `status` as of `at` if given.
    static func newest(
        of customerId: String?, status: Coupon.Status?, at: Timestamp, before cursor: String?, limit: Int, in db: Database
    ) throws -> [Coupon] {
        var filter = SQLFilter()
        if let customerId { filter.add("customer_id = ?", customerId) }
        switch status {
        case .active?: filter.add("redeemed_at IS NULL AND expires_at > ?", at.millisecondsSince1970)
        case .redeemed?: filter.add("redeemed_at IS NOT NULL")
        case .expired?: filter.add("redeemed_at IS NULL AND expires_at <= ?", at.millisecondsSince1970)
        case nil: break
        }
        if let cursor { filter.add("id < ?", cursor) }
        var arguments = filter.arguments
        _ = arguments.append(contentsOf: [limit])
        return try Row.fetchAll(
            db, sql: "SELECT \(columns) FROM loyalty_coupon WHERE \(filter.condition) ORDER BY id DESC LIMIT ?", arguments: arguments
        ).map { try coupon($0, at: at) }
    }

    /// The customer's coupons, oldest first, as of `at` (the export).
    static func all(of customerId: String, at: Timestamp, in db: Database) throws -> [Coupon] {
        try Row.fetchAll(db, sql: "SELECT \(columns) FROM loyalty_coupon WHERE customer_id = ? ORDER BY id", arguments: [customerId])
            .map { try coupon($0, at: at) }
    }

    /// A coupon's moment on the customer's timeline: issued, or redeemed (id `cpn_….redeemed`).
    struct Event {
        var id: String
        var at: Timestamp
        var event: String
        var code: String
        var offerId: String
        var expiresAt: Timestamp
    }

    /// A page of the customer's coupon events, newest first, before `cursor`: one row of the table
    /// gives an `issued` event and, once used, a `redeemed` one.
    static func events(of customerId: String, before cursor: TimelineCursor?, limit: Int, in db: Database) throws -> [Event] {
        let (condition, cursorArguments) = CustomersService.before(cursor)
        var arguments: StatementArguments = [customerId, customerId]
        _ = arguments.append(contentsOf: cursorArguments)
        _ = arguments.append(contentsOf: [limit])
        return try Row.fetchAll(
            db,
            sql: """
                SELECT * FROM (
                    SELECT id, issued_at AS at, 'issued' AS event, code, offer_id, expires_at FROM loyalty_coupon WHERE customer_id = ?
                    UNION ALL
                    SELECT id || '.redeemed', redeemed_at, 'redeemed', code, offer_id, expires_at FROM loyalty_coupon
                    WHERE customer_id = ? AND redeemed_at IS NOT NULL
                ) WHERE 1\(condition) ORDER BY at DESC, id DESC LIMIT ?
                """, arguments: arguments
        ).map { row in
            Event(
                id: try row.decode(forColumn: "id"), at: try row.timestamp(forColumn: "at"), event: try row.decode(forColumn: "event"),
                code: HumanCode.grouped(try row.decode(forColumn: "code")), offerId: try row.decode(forColumn: "offer_id"),
                expiresAt: try row.timestamp(forColumn: "expires_at"))
        }
    }

    /// Gives the merged duplicate's coupons to the customer it was merged into.
    static func move(from: String, into: String, in db: Database) throws {
        try db.execute(sql: "UPDATE loyalty_coupon SET customer_id = ? WHERE customer_id = ?", arguments: [into, from])
    }
}
