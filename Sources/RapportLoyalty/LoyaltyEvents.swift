public import RapportCore
public import RapportStorage

/// Points were credited: for an order, a reward, a referral, a coupon or by hand.
public struct PointsEarned: DomainEvent, Hashable {
    /// The event's topic, `points.earned`.
    public static let topic = "points.earned"
    /// The event's line for protocol.md.
    public static let summary = "Points were credited (earn or bonus entry): for an order, a reward, a referral, a coupon or by hand."
    /// The earn or bonus entry that credited the points.
    public var entry: LedgerEntry
}

/// Points were spent.
public struct PointsRedeemed: DomainEvent, Hashable {
    /// The event's topic, `points.redeemed`.
    public static let topic = "points.redeemed"
    /// The event's line for protocol.md.
    public static let summary = "Points were spent, with the discount they gave."
    /// The redeem entry (negative points).
    public var entry: LedgerEntry
    /// What the points spent are worth, in minor units.
    public var discount: Money
}

/// Points lapsed.
public struct PointsExpired: DomainEvent, Hashable {
    /// The event's topic, `points.expired`.
    public static let topic = "points.expired"
    /// The event's line for protocol.md.
    public static let summary = "A customer's points lapsed (one event per customer and expiry run or write)."
    /// The id of the customer whose points lapsed, `cus_…`.
    public var customerId: String
    /// How many points lapsed in all, as a positive number.
    public var points: Int64
    /// The ids of the expire entries recorded, one per lot, `led_…`.
    public var entries: [String]
}

/// A refund reversed points, or gave back points spent on the refunded order; or an operator adjusted a balance.
public struct PointsAdjusted: DomainEvent, Hashable {
    /// The event's topic, `points.adjusted`.
    public static let topic = "points.adjusted"
    /// The event's line for protocol.md.
    public static let summary = "Points were reversed after a refund, given back, or adjusted by an operator or a merge."
    /// The reverse or adjust entry; negative when points were taken, positive when given.
    public var entry: LedgerEntry
}

/// A customer moved to another tier.
public struct TierChanged: DomainEvent, Hashable {
    /// The event's topic, `tier.changed`.
    public static let topic = "tier.changed"
    /// The event's line for protocol.md.
    public static let summary = "A customer moved up or down a tier, with the reason."
    /// The move: from and to which tier, why, and the qualifying figure at the time.
    public var change: TierChange
}

/// A coupon was issued to a customer.
public struct CouponIssued: DomainEvent, Hashable {
    /// The event's topic, `coupon.issued`.
    public static let topic = "coupon.issued"
    /// The event's line for protocol.md.
    public static let summary = "A coupon was issued to a customer."
    /// The coupon as issued, active, with its code and expiry.
    public var coupon: Coupon
}

/// A coupon was used.
public struct CouponRedeemed: DomainEvent, Hashable {
    /// The event's topic, `coupon.redeemed`.
    public static let topic = "coupon.redeemed"
    /// The event's line for protocol.md.
    public static let summary = "A coupon was used, with what it gave."
    /// The coupon now redeemed, its offer, and the discount, points or gift it gave.
    public var redemption: CouponRedemption
}

/// A referred customer's first qualifying order was recorded; both sides got their bonus.
public struct ReferralConverted: DomainEvent, Hashable {
    /// The event's topic, `referral.converted`.
    public static let topic = "referral.converted"
    /// The event's line for protocol.md.
    public static let summary = "A referred customer's first qualifying order was recorded; referrer and referee got their bonuses."
    /// The referral with its `convertedAt` and converting order set.
    public var referral: Referral
}
