import GRDB
public import RapportCore
import RapportCustomers
public import RapportJSON
import RapportStorage

/// What a coupon of an offer gives.
public struct Offer: Codable, Sendable, Hashable, JSONSchemaDocumented {
    public var id: String
    public var name: String
    public var kind: Kind
    /// Percent off (1–100), an amount off (minor units), or points; 0 for a gift.
    public var value: Int64
    /// What a gift coupon gives, in words.
    public var gift: String?
    /// Days a coupon stays valid after it is issued.
    public var validDays: Int64
    /// Only customers of this tier or a higher one get and use its coupons.
    public var tier: String?
    /// Only members of this segment get and use its coupons.
    public var segmentId: String?
    /// How many coupons of the offer one customer may hold in all; null: no limit.
    public var perCustomerLimit: Int64?
    /// The least an order must be for the coupon to apply, in minor units.
    public var minOrderAmount: Money
    public var createdAt: Timestamp

    public enum Kind: String, Codable, Sendable, Hashable, CaseIterable, JSONSchemaEnum {
        case percent, amount, points, gift
    }

    public static let fieldDescriptions = [
        "id": "The offer's id (`off_…`).",
        "name": "What people call it.",
        "kind": "percent, amount, points or gift.",
        "value": "Percent off (1–100), an amount off in minor units, or points; 0 for a gift.",
        "gift": "What a gift coupon gives, in words.",
        "validDays": "Days a coupon stays valid after it is issued.",
        "tier": "Only customers of this tier or higher get and use its coupons.",
        "segmentId": "Only members of this segment get and use its coupons.",
        "perCustomerLimit": "How many coupons of the offer one customer may get in all; null: no limit.",
        "minOrderAmount": "The least an order must be for the coupon to apply.",
        "createdAt": "When it was created.",
    ]
}

/// A coupon: one customer's single-use code for an offer.
public struct Coupon: Codable, Sendable, Hashable, JSONSchemaDocumented {
    public var id: String
    /// The code to type, `ABCD-EFGH`.
    public var code: String
    public var offerId: String
    public var customerId: String
    public var status: Status
    public var issuedAt: Timestamp
    public var expiresAt: Timestamp
    public var redeemedAt: Timestamp?
    public var orderId: String?

    public enum Status: String, Codable, Sendable, Hashable, CaseIterable, JSONSchemaEnum {
        case active, redeemed, expired
    }

    public static let fieldDescriptions = [
        "id": "The coupon's id (`cpn_…`).",
        "code": "The code to type: eight characters without 0, 1, I, L, O or U, shown as ABCD-EFGH; dashes, spaces and case are ignored.",
        "offerId": "Its offer.",
        "customerId": "Its owner.",
        "status": "active, redeemed or expired (at the time of the answer).",
        "issuedAt": "When it was issued.",
        "expiresAt": "When it stops being valid.",
        "redeemedAt": "When it was used.",
        "orderId": "The order it was used on.",
    ]
}

/// What using a coupon gave.
public struct CouponRedemption: Codable, Sendable, Hashable, JSONSchemaDocumented {
    public var coupon: Coupon
    public var offer: Offer
    /// The discount on the order, in minor units; null for points and gifts, or a percent coupon used without an order.
    public var discount: Money?
    /// Points credited by a points coupon.
    public var points: Int64?
    /// What a gift coupon gives.
    public var gift: String?

    public static let fieldDescriptions = [
        "coupon": "The coupon, now redeemed.",
        "offer": "Its offer.",
        "discount": "The discount on the order in minor units; null for points and gifts, or for a percent coupon used without an order.",
        "points": "Points credited by a points coupon.",
        "gift": "What a gift coupon gives.",
    ]
}

/// Offers, and coupons issued and redeemed under their rules.
struct Coupons: Sendable {
    let settings: ModuleSettings
    let customers: CustomersService
    let tiers: Tiers

    private static let couponColumns = "id, code, offer_id, customer_id, issued_at, expires_at, redeemed_at, order_id"
    private static let offerColumns = "id, name, kind, value, gift, valid_days, tier, segment_id, per_customer_limit, min_order, created_at"

    func createOffer(_ params: OffersCreate.Params, in context: WriteContext) throws -> Offer {
        let db = context.db
        let name = try TextInput.required(params.name, field: "name", max: 100)
        switch params.kind {
        case .percent:
            guard (1...100).contains(params.value ?? 0) else { throw RapportError.invalid("value", "a percent offer's value is 1 to 100") }
        case .amount, .points:
            guard let value = params.value, Points.positiveRange.contains(value) else {
                throw RapportError.invalid("value", "an \(params.kind.rawValue) offer needs a value of 1 to \(Points.maximum)")
            }
        case .gift:
            guard params.gift != nil else { throw RapportError.invalid("gift", "a gift offer says what the gift is") }
        }
        let gift = try params.gift.map { try TextInput.required($0, field: "gift", max: 200) }
        guard CountRange.positiveDays.contains(params.validDays) else { throw RapportError.invalid("validDays", "validDays must be 1 to 3650") }
        if let tier = params.tier {
            let policy = try settings.current(TierPolicy.self, in: db)
            guard policy.tiers.contains(where: { $0.name == tier }) else {
                throw RapportError.invalid("tier", "no tier is named \"\(tier)\" (tiers: \(policy.tiers.map(\.name).joined(separator: ", ")))")
            }
        }
        if let segmentId = params.segmentId { _ = try customers.segment(segmentId, in: db) }
        if let limit = params.perCustomerLimit, !CountRange.quantity.contains(limit) {
            throw RapportError.invalid("perCustomerLimit", "perCustomerLimit must be 1 to \(CountRange.quantity.upperBound)")
        }
        let minOrder = params.minOrderAmount ?? .zero
        guard minOrder.minorUnits >= 0 else { throw RapportError.invalid("minOrderAmount", "minOrderAmount must be 0 or more") }
        let offer = Offer(
            id: context.newID("off", at: context.now), name: name, kind: params.kind, value: params.kind == .gift ? 0 : params.value ?? 0,
            gift: gift, validDays: params.validDays, tier: params.tier, segmentId: params.segmentId,
            perCustomerLimit: params.perCustomerLimit, minOrderAmount: minOrder, createdAt: context.now)
        try db.execute(
            sql: "INSERT INTO loyalty_offer (\(Self.offerColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            arguments: [
                offer.id, offer.name, offer.kind.rawValue, offer.value, offer.gift, offer.validDays, offer.tier, offer.segmentId,
                offer.perCustomerLimit, minOrder.minorUnits, context.now.millisecondsSince1970,
            ])
        return offer
    }

    func offers(in db: Database) throws -> [Offer] {
        try Row.fetchAll(db, sql: "SELECT \(Self.offerColumns) FROM loyalty_offer ORDER BY id").map(Self.offer)
    }

    func offer(_ id: String, in db: Database, field: String = "offerId") throws -> Offer {
        guard let row = try Row.fetchOne(db, sql: "SELECT \(Self.offerColumns) FROM loyalty_offer WHERE id = ?", arguments: [id]) else {
            throw RapportError.notFound("offer", id, field: field)
        }
        return try Self.offer(row)
    }

    func issue(_ params: CouponsIssue.Params, in context: WriteContext) throws -> Coupon {
        let db = context.db
        let at = params.at ?? context.now
        let offer = try offer(params.offerId, in: db)
        let customer = try customers.activeCustomer(params.customerId, in: db)
        try checkEligible(customer.id, for: offer, at: at, in: db, field: "customerId")
        if let limit = offer.perCustomerLimit {
            let held =
                try Int64.fetchOne(
                    db, sql: "SELECT count(*) FROM loyalty_coupon WHERE customer_id = ? AND offer_id = ?",
                    arguments: [customer.id, offer.id]) ?? 0
            guard held < limit else {
                throw RapportError(
                    .limitExceeded, "\(customer.id) already got \(held) coupon(s) of \(offer.id), its limit per customer",
                    field: "customerId", details: ["limit": .integer(limit)])
            }
        }
        let id = context.newID("cpn", at: at)
        let code = try HumanCode.unique(seed: id) { code in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM loyalty_coupon WHERE code = ?)", arguments: [code]) ?? false
        }
        let coupon = Coupon(
            id: id, code: HumanCode.grouped(code), offerId: offer.id, customerId: customer.id, status: .active,
            issuedAt: at, expiresAt: at.adding(days: offer.validDays), redeemedAt: nil, orderId: nil)
        try db.execute(
            sql: "INSERT INTO loyalty_coupon (id, code, offer_id, customer_id, issued_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [id, code, offer.id, customer.id, at.millisecondsSince1970, coupon.expiresAt.millisecondsSince1970])
        try context.raise(CouponIssued(coupon: coupon))
        return coupon
    }

    func redeem(_ params: CouponsRedeem.Params, in context: WriteContext) throws -> CouponRedemption {
        let db = context.db
        let at = params.at ?? context.now
        guard var coupon = try coupon(code: params.code, at: at, in: db) else {
            throw RapportError(.notFound, "no coupon has the code \"\(params.code)\"", field: "code")
        }
        let offer = try offer(coupon.offerId, in: db)
        switch coupon.status {
        case .redeemed:
            throw RapportError(
                .alreadyRedeemed, "coupon \(coupon.code) was used on \(coupon.redeemedAt?.rfc3339 ?? "")", field: "code",
                details: ["redeemedAt": .string(coupon.redeemedAt?.rfc3339 ?? "")])
        case .expired:
            throw RapportError(
                .expired, "coupon \(coupon.code) expired on \(coupon.expiresAt.rfc3339)", field: "code",
                details: ["expiresAt": .string(coupon.expiresAt.rfc3339)])
        case .active:
            break
        }
        guard at >= coupon.issuedAt else {
            throw RapportError(.notAllowed, "coupon \(coupon.code) is valid from \(coupon.issuedAt.rfc3339)", field: "at")
        }
        if let customerId = params.customerId, customerId != coupon.customerId {
            throw RapportError(.notAllowed, "coupon \(coupon.code) belongs to another customer", field: "customerId")
        }
        let order = try params.orderId.map { try customers.order($0, in: db) }
        if let order {
            guard order.customerId == coupon.customerId else {
                throw RapportError(.notAllowed, "order \(order.id) is not the coupon owner's", field: "orderId")
            }
            guard order.amount >= offer.minOrderAmount else {
                throw RapportError(
                    .notAllowed, "coupon \(coupon.code) applies to orders of at least \(offer.minOrderAmount.minorUnits)",
                    field: "orderId", details: ["minOrderAmount": .integer(offer.minOrderAmount.minorUnits)])
            }
        }
        try customers.ensureActive(coupon.customerId, in: db, field: "code")
        try checkEligible(coupon.customerId, for: offer, at: at, in: db, field: "code")
        var redemption = CouponRedemption(coupon: coupon, offer: offer, discount: nil, points: nil, gift: nil)
        switch offer.kind {
        case .percent:
            redemption.discount = order.map { Money(minorUnits: Int64(Int128($0.amount.minorUnits) * Int128(offer.value) / 100)) }
        case .amount:
            redemption.discount = Money(minorUnits: order.map { min(offer.value, $0.amount.minorUnits) } ?? offer.value)
        case .points:
            let program = try settings.current(LoyaltyProgram.self, in: db)
            try Ledger.settle(coupon.customerId, at: at, in: context)
            let entry = try Ledger.credit(
                .bonus, offer.value, to: coupon.customerId, at: at, expiresAt: program.expiry(ofPointsCreditedAt: at),
                orderId: order?.id, reason: "coupon \(coupon.code)", reference: "coupon:\(coupon.id)", in: context)
            try context.raise(PointsEarned(entry: entry))
            redemption.points = offer.value
        case .gift:
            redemption.gift = offer.gift
        }
        coupon.status = .redeemed
        coupon.redeemedAt = at
        coupon.orderId = order?.id
        redemption.coupon = coupon
        let changed = try db.cachedStatement(
            sql: """
                UPDATE loyalty_coupon SET redeemed_at = ?, order_id = ?, discount = ?, points = ? WHERE id = ? AND redeemed_at IS NULL
                """)
        try changed.execute(arguments: [at.millisecondsSince1970, order?.id, redemption.discount?.minorUnits, redemption.points, coupon.id])
        guard db.changesCount == 1 else { throw RapportError(.alreadyRedeemed, "coupon \(coupon.code) was just used", field: "code") }
        try context.raise(CouponRedeemed(redemption: redemption))
        return redemption
    }

    func list(_ params: CouponsList.Params, at: Timestamp, in db: Database) throws -> Page<Coupon> {
        let limit = try Pagination.limit(params.limit)
        var conditions = ["1"]
        var arguments: StatementArguments = []
        if let customerId = params.customerId {
            try customers.ensureExists(customerId, in: db)
            conditions.append("customer_id = ?")
            _ = arguments.append(contentsOf: [customerId])
        }
        switch params.status {
        case .active?:
            conditions.append("redeemed_at IS NULL AND expires_at > ?")
            _ = arguments.append(contentsOf: [at.millisecondsSince1970])
        case .redeemed?:
            conditions.append("redeemed_at IS NOT NULL")
        case .expired?:
            conditions.append("redeemed_at IS NULL AND expires_at <= ?")
            _ = arguments.append(contentsOf: [at.millisecondsSince1970])
        case nil:
            break
        }
        if let after = try Pagination.id(fromCursor: params.cursor) {
            conditions.append("id < ?")
            _ = arguments.append(contentsOf: [after])
        }
        _ = arguments.append(contentsOf: [limit + 1])
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT \(Self.couponColumns) FROM loyalty_coupon WHERE \(conditions.joined(separator: " AND ")) ORDER BY id DESC LIMIT ?
                """, arguments: arguments)
        return Pagination.page(rows.map { Self.coupon($0, at: at) }, limit: limit, id: \.id)
    }

    /// The customer's coupons, oldest first, as of `at` (the export).
    static func coupons(of customerId: String, at: Timestamp, in db: Database) throws -> [Coupon] {
        try Row.fetchAll(
            db, sql: "SELECT \(couponColumns) FROM loyalty_coupon WHERE customer_id = ? ORDER BY id",
            arguments: [customerId]
        ).map { coupon($0, at: at) }
    }

    private func coupon(code typed: String, at: Timestamp, in db: Database) throws -> Coupon? {
        try Row.fetchOne(db, sql: "SELECT \(Self.couponColumns) FROM loyalty_coupon WHERE code = ?", arguments: [HumanCode.normalized(typed)])
            .map { Self.coupon($0, at: at) }
    }

    /// Refuses a customer outside the offer's tier or segment.
    private func checkEligible(_ customerId: String, for offer: Offer, at: Timestamp, in db: Database, field: String) throws {
        if let tier = offer.tier {
            let policy = try settings.current(TierPolicy.self, in: db)
            let account = try Ledger.account(customerId, in: db)
            guard policy.rank(of: account?.tier) >= policy.rank(of: tier) else {
                throw RapportError(
                    .notAllowed, "offer \(offer.id) is for \(tier) customers and above; \(customerId) is \(tiers.tierName(of: account, in: policy))",
                    field: field)
            }
        }
        if let segmentId = offer.segmentId {
            guard try customers.isMember(customerId, ofSegment: segmentId, at: at, in: db) else {
                throw RapportError(.notAllowed, "offer \(offer.id) is for the segment \(segmentId), which does not hold \(customerId)", field: field)
            }
        }
    }

    static func coupon(_ row: Row, at: Timestamp) -> Coupon {
        let redeemedAt = (row[6] as Int64?).map(Timestamp.init(millisecondsSince1970:))
        let expiresAt = Timestamp(millisecondsSince1970: row[5])
        return Coupon(
            id: row[0], code: HumanCode.grouped(row[1]), offerId: row[2], customerId: row[3],
            status: redeemedAt != nil ? .redeemed : (expiresAt <= at ? .expired : .active),
            issuedAt: Timestamp(millisecondsSince1970: row[4]), expiresAt: expiresAt, redeemedAt: redeemedAt, orderId: row[7])
    }

    private static func offer(_ row: Row) throws -> Offer {
        guard let kind = Offer.Kind(rawValue: row[2]) else { throw RapportError(.internal, "offer \(row[0] as String) has an unknown kind") }
        return Offer(
            id: row[0], name: row[1], kind: kind, value: row[3], gift: row[4], validDays: row[5], tier: row[6], segmentId: row[7],
            perCustomerLimit: row[8], minOrderAmount: Money(minorUnits: row[9]), createdAt: Timestamp(millisecondsSince1970: row[10]))
    }
}
