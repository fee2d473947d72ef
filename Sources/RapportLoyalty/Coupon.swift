public import RapportCore
public import RapportJSON

/// A coupon: one customer's single-use code for an offer.
public struct Coupon: Codable, Sendable, Hashable, JSONSchemaDocumented {
    /// The coupon's id, `cpn_…`.
    public var id: String
    /// The code to type, `ABCD-EFGH`.
    public var code: String
    /// The id of the offer it was issued under, `off_…`.
    public var offerId: String
    /// The id of the customer who owns it, `cus_…`; only they may use it.
    public var customerId: String
    /// Active, redeemed or expired, as judged at the time of the answer.
    public var status: Status
    /// When it was issued; it cannot be used at an earlier time.
    public var issuedAt: Timestamp
    /// When it stops being valid: its offer's `validDays` after it was issued.
    public var expiresAt: Timestamp
    /// When it was used; null while it is not.
    public var redeemedAt: Timestamp?
    /// The order it was used on, `ord_…`; null while unused or when used without an order.
    public var orderId: String?

    /// Where a coupon is in its life.
    public enum Status: String, Codable, Sendable, Hashable, CaseIterable, JSONSchemaEnum {
        /// `active`: usable until `expiresAt`; `redeemed`: used once, for good; `expired`: past `expiresAt` unused.
        case active, redeemed, expired
    }

    /// The field descriptions for protocol.md.
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
    /// The coupon, now redeemed, with the time and order of its use.
    public var coupon: Coupon
    /// The offer it was issued under, which says what it gives.
    public var offer: Offer
    /// The discount on the order, in minor units; null for points and gifts, or a percent coupon used without an order.
    public var discount: Money?
    /// Points credited by a points coupon.
    public var points: Int64?
    /// What a gift coupon gives.
    public var gift: String?

    /// The field descriptions for protocol.md.
    public static let fieldDescriptions = [
        "coupon": "The coupon, now redeemed.",
        "offer": "Its offer.",
        "discount": "The discount on the order in minor units; null for points and gifts, or for a percent coupon used without an order.",
        "points": "Points credited by a points coupon.",
        "gift": "What a gift coupon gives.",
    ]
}
