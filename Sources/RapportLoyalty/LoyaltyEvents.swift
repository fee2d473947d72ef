public import RapportCore
public import RapportStorage

/// Points were credited: for an order, a reward, a referral, a coupon or by hand.
public struct PointsEarned: DomainEvent, Hashable {
    public static let topic = "points.earned"
    public static let summary = "Points were credited (earn or bonus entry): for an order, a reward, a referral, a coupon or by hand."
    public var entry: LedgerEntry
}

/// Points were spent.
public struct PointsRedeemed: DomainEvent, Hashable {
    public static let topic = "points.redeemed"
    public static let summary = "Points were spent, with the discount they gave."
    public var entry: LedgerEntry
    public var discount: Money
}

/// Points lapsed.
public struct PointsExpired: DomainEvent, Hashable {
    public static let topic = "points.expired"
    public static let summary = "A customer's points lapsed (one event per customer and expiry run or write)."
    public var customerId: String
    public var points: Int64
    public var entries: [String]
}

/// A refund reversed points, or gave back points spent on the refunded order; or an operator adjusted a balance.
public struct PointsAdjusted: DomainEvent, Hashable {
    public static let topic = "points.adjusted"
    public static let summary = "Points were reversed after a refund, given back, or adjusted by an operator or a merge."
    public var entry: LedgerEntry
}

/// A customer moved to another tier.
public struct TierChanged: DomainEvent, Hashable {
    public static let topic = "tier.changed"
    public static let summary = "A customer moved up or down a tier, with the reason."
    public var change: TierChange
}

/// A coupon was issued to a customer.
public struct CouponIssued: DomainEvent, Hashable {
    public static let topic = "coupon.issued"
    public static let summary = "A coupon was issued to a customer."
    public var coupon: Coupon
}

/// A coupon was used.
public struct CouponRedeemed: DomainEvent, Hashable {
    public static let topic = "coupon.redeemed"
    public static let summary = "A coupon was used, with what it gave."
    public var redemption: CouponRedemption
}

/// A referred customer's first qualifying order was recorded; both sides got their bonus.
public struct ReferralConverted: DomainEvent, Hashable {
    public static let topic = "referral.converted"
    public static let summary = "A referred customer's first qualifying order was recorded; referrer and referee got their bonuses."
    public var referral: Referral
}
