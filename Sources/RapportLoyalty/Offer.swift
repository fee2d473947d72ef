public import RapportCore
public import RapportJSON

/// What a coupon of an offer gives.
public struct Offer: Codable, Sendable, Hashable, JSONSchemaDocumented {
    /// The offer's id, `off_…`.
    public var id: String
    /// What people call it, 1–100 characters.
    public var name: String
    /// What its coupons give: a percent or an amount off, points, or a gift.
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
    /// When it was created.
    public var createdAt: Timestamp

    /// What a coupon of the offer gives.
    public enum Kind: String, Codable, Sendable, Hashable, CaseIterable, JSONSchemaEnum {
        /// `percent` off the order, an `amount` off in minor units, `points` credited, or a `gift` described in words.
        case percent, amount, points, gift
    }

    /// The field descriptions for protocol.md.
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
