public import RapportCore
public import RapportJSON

/// How points are earned, when they become available, when they lapse and how they are spent.
///
/// The standard program is the cashback of the sources: 50 points per 1,000.00 spent (5%),
/// 1 point = 1.00 of discount, points expire 365 days after they were earned, at most 50% of an
/// order is payable with points, and points are available at once (no return window).
public struct LoyaltyProgram: LoyaltySetting, JSONSchemaDocumented {
    /// The setting's row name in `loyalty_config`, `program`.
    public static let settingName = "program"

    /// `points` for every `per` minor units spent, proportionally.
    public var earnRate: EarnRate
    /// How a fractional number of points is made whole.
    public var rounding: Rounding
    /// Days earned points stay pending (the return window) before they can be spent.
    public var pendingDays: Int64
    /// Days after earning that points expire, oldest first; 0: they never expire.
    public var expiryDays: Int64
    /// The fewest points one redemption may spend.
    public var minRedeem: Int64
    /// The largest share of an order, in percent (0–100), that points may pay.
    public var maxRedeemShare: Int64
    /// What one point is worth, in minor units.
    public var pointValue: Money

    /// The earn rate: `points` for every `per` minor units spent, proportionally.
    public struct EarnRate: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// The points one `per` may earn.
        public static let pointsRange: ClosedRange<Int64> = 0...1_000_000
        /// The ranges the decoder enforces: `points` 0 to 1000000, `per` at least 1 minor unit.
        public static let fieldRanges: [String: ClosedRange<Int64>] = [
            "points": EarnRate.pointsRange,
            "per": Money.positiveRange,
        ]
        /// Points earned…
        public var points: Int64
        /// …for every this many minor units.
        public var per: Money

        /// A rate of `points` for every `per` minor units; checked when the program is saved.
        public init(points: Int64, per: Money) {
            self.points = points
            self.per = per
        }

        /// The field descriptions for protocol.md.
        public static let fieldDescriptions = [
            "points": "Points earned for every `per` spent (0 turns earning off).",
            "per": "The amount, in minor units, that earns `points`.",
        ]
    }

    /// How fractions of a point are made whole.
    public enum Rounding: String, Codable, Sendable, Hashable, CaseIterable, JSONSchemaEnum {
        /// `down` drops the fraction, `nearest` rounds it (a half up), `up` counts any fraction as a whole point.
        case down, nearest, up
    }

    /// A store's program until configured: 5% cashback rounded down, no return window, 365-day expiry, points pay up to 50%, 1 point = 1.00.
    public static let standard = LoyaltyProgram(
        earnRate: EarnRate(points: 50, per: Money(minorUnits: 100_000)), rounding: .down, pendingDays: 0, expiryDays: 365,
        minRedeem: 1, maxRedeemShare: 50, pointValue: Money(minorUnits: 100))

    /// The field descriptions for protocol.md.
    public static let fieldDescriptions = [
        "earnRate": "`{points, per}`: points for every `per` minor units spent, proportionally (50 per 100000 = 5% of 1000.00).",
        "rounding": "down, nearest or up: how fractions of a point are made whole.",
        "pendingDays": "Days earned points stay pending (the return window) before they can be spent.",
        "expiryDays": "Days after earning that points expire, oldest first; 0: never.",
        "minRedeem": "The fewest points one redemption may spend.",
        "maxRedeemShare": "The largest share of an order, in percent 0–100, that points may pay.",
        "pointValue": "What one point is worth, in minor units.",
    ]

    /// When points credited at `at` expire; nil when points never expire.
    func expiry(ofPointsCreditedAt at: Timestamp) -> Timestamp? {
        expiryDays > 0 ? at.adding(days: expiryDays) : nil
    }

    /// Points for spending `amount`, times a tier multiplier in hundredths (100 = ×1); at most
    /// ``Points/maximum`` for one order.
    func points(for amount: Money, multiplierHundredths: Int64) -> Int64 {
        guard amount.minorUnits > 0, earnRate.points > 0 else { return 0 }
        let numerator = Int128(amount.minorUnits) * Int128(earnRate.points) * Int128(multiplierHundredths)
        let denominator = Int128(earnRate.per.minorUnits) * 100
        return min(Points.maximum, Self.clamped(Self.divide(numerator, denominator, rounding)))
    }

    /// The discount `points` give, in minor units.
    func discount(for points: Int64) -> Money {
        Money(minorUnits: Self.clamped(Int128(points) * Int128(pointValue.minorUnits)))
    }

    /// The most points that may pay part of a basket of `amount` before points (its `maxRedeemShare`).
    func maxPoints(forBasket amount: Money) -> Int64 {
        Self.clamped(Int128(amount.minorUnits) * Int128(maxRedeemShare) / (100 * Int128(pointValue.minorUnits)))
    }

    /// The most points, in all, that may pay part of a recorded order whose customer paid `paid`
    /// in money: the points' value may be at most `maxRedeemShare` of the basket, which is the
    /// money paid plus that value. Nil when points may pay everything.
    func maxPoints(forOrderPaid paid: Money) -> Int64? {
        guard maxRedeemShare < 100 else { return nil }
        let value = Int128(max(0, paid.minorUnits)) * Int128(maxRedeemShare) / Int128(100 - maxRedeemShare)
        return Self.clamped(value / Int128(pointValue.minorUnits))
    }

    /// `numerator / denominator` for non-negative operands, made whole as `rounding` says.
    static func divide(_ numerator: Int128, _ denominator: Int128, _ rounding: Rounding) -> Int128 {
        let (quotient, remainder) = numerator.quotientAndRemainder(dividingBy: denominator)
        switch rounding {
        case .down: return quotient
        case .up: return remainder > 0 ? quotient + 1 : quotient
        case .nearest: return remainder * 2 >= denominator ? quotient + 1 : quotient
        }
    }

    static func clamped(_ value: Int128) -> Int64 {
        Int64(clamping: value)
    }

    /// The days after which points may expire; 0 is never.
    public static let expiryDaysRange: ClosedRange<Int64> = 0...36_500

    /// Checks every field, naming the first that is out of range.
    func validated() throws(RapportError) -> LoyaltyProgram {
        guard EarnRate.pointsRange.contains(earnRate.points) else {
            throw RapportError.invalid("earnRate.points", "earnRate.points must be 0 to 1000000")
        }
        guard earnRate.per.minorUnits >= 1 else { throw RapportError.invalid("earnRate.per", "earnRate.per must be at least 1") }
        guard CountRange.days.contains(pendingDays) else { throw RapportError.invalid("pendingDays", "pendingDays must be 0 to 3650") }
        guard Self.expiryDaysRange.contains(expiryDays) else {
            throw RapportError.invalid("expiryDays", "expiryDays must be 1 to 36500, or 0 for points that never expire")
        }
        guard Points.positiveRange.contains(minRedeem) else { throw RapportError.invalid("minRedeem", "minRedeem must be at least 1") }
        guard (0...100).contains(maxRedeemShare) else { throw RapportError.invalid("maxRedeemShare", "maxRedeemShare is a percent: 0 to 100") }
        guard pointValue.minorUnits >= 1 else { throw RapportError.invalid("pointValue", "pointValue must be at least 1 minor unit") }
        return self
    }
}
