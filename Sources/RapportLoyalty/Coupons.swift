import GRDB
import RapportCore
import RapportCustomers
import RapportStorage

/// Offers, and coupons issued and redeemed under their rules.
struct Coupons: Sendable {
    let settings: ModuleSettings
    let customers: CustomersService
    let tiers: Tiers

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
        try OfferRow.insert(offer, in: db)
        return offer
    }

    func offers(in db: Database) throws -> [Offer] {
        try OfferRow.all(in: db)
    }

    func offer(_ id: String, in db: Database, field: String = "offerId") throws -> Offer {
        guard let offer = try OfferRow.find(id, in: db) else { throw RapportError.notFound("offer", id, field: field) }
        return offer
    }

    func issue(_ params: CouponsIssue.Params, in context: WriteContext) throws -> Coupon {
        let db = context.db
        let at = params.at ?? context.now
        let offer = try offer(params.offerId, in: db)
        let customer = try customers.activeCustomer(params.customerId, in: db)
        try checkEligible(customer.id, for: offer, at: at, in: db, field: "customerId")
        if let limit = offer.perCustomerLimit {
            let held = try CouponRow.count(of: offer.id, heldBy: customer.id, in: db)
            guard held < limit else {
                throw RapportError(
                    .limitExceeded, "\(customer.id) already got \(held) coupon(s) of \(offer.id), its limit per customer",
                    field: "customerId", details: ["limit": .integer(limit)])
            }
        }
        let id = context.newID("cpn", at: at)
        let code = try HumanCode.unique(seed: id) { try CouponRow.codeExists($0, in: db) }
        let coupon = Coupon(
            id: id, code: HumanCode.grouped(code), offerId: offer.id, customerId: customer.id, status: .active,
            issuedAt: at, expiresAt: at.adding(days: offer.validDays), redeemedAt: nil, orderId: nil)
        try CouponRow.insert(coupon, in: db)
        try context.raise(CouponIssued(coupon: coupon))
        return coupon
    }

    func redeem(_ params: CouponsRedeem.Params, in context: WriteContext) throws -> CouponRedemption {
        let db = context.db
        let at = params.at ?? context.now
        guard var coupon = try CouponRow.find(code: params.code, at: at, in: db) else {
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
        let marked = try CouponRow.markRedeemed(
            coupon.id, at: at, orderId: order?.id, discount: redemption.discount, points: redemption.points, in: db)
        guard marked else { throw RapportError(.alreadyRedeemed, "coupon \(coupon.code) was just used", field: "code") }
        try context.raise(CouponRedeemed(redemption: redemption))
        return redemption
    }

    func list(_ params: CouponsList.Params, at: Timestamp, in db: Database) throws -> Page<Coupon> {
        let limit = try Pagination.limit(params.limit)
        if let customerId = params.customerId { try customers.ensureExists(customerId, in: db) }
        let coupons = try CouponRow.newest(
            of: params.customerId, status: params.status, at: at, before: Pagination.id(fromCursor: params.cursor), limit: limit + 1, in: db)
        return Pagination.page(coupons, limit: limit, id: \.id)
    }

    /// Refuses a customer outside the offer's tier or segment.
    private func checkEligible(_ customerId: String, for offer: Offer, at: Timestamp, in db: Database, field: String) throws {
        if let tier = offer.tier {
            let policy = try settings.current(TierPolicy.self, in: db)
            let account = try AccountRow.account(customerId, in: db)
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
}
