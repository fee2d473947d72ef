public import RapportCore
public import RapportJSON

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
