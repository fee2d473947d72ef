public import RapportCore
public import RapportJSON
public import RapportRPC
public import RapportStorage

/// `offers.create`: a kind of coupon.
public enum OffersCreate: RPCMethod {
    public static let name = "offers.create"
    public static let summary =
        "Creates an offer (percent or amount off, points, or a gift), optionally for a tier or a segment, with a per-customer limit."
    public static let isMutating = true
    public static let errors: [RapportError.Reason] = [.notFound]
    public typealias Result = Offer

    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        public static let fieldRanges: [String: ClosedRange<Int64>] = [
            "value": Points.positiveRange,
            "validDays": CountRange.positiveDays,
            "perCustomerLimit": CountRange.quantity,
            "minOrderAmount": Money.nonNegativeRange,
        ]
        public var name: String
        public var kind: Offer.Kind
        public var value: Int64?
        public var gift: String?
        public var validDays: Int64
        public var tier: String?
        public var segmentId: String?
        public var perCustomerLimit: Int64?
        public var minOrderAmount: Money?

        public init(
            name: String, kind: Offer.Kind, value: Int64? = nil, gift: String? = nil, validDays: Int64, tier: String? = nil,
            segmentId: String? = nil, perCustomerLimit: Int64? = nil, minOrderAmount: Money? = nil
        ) {
            self.name = name
            self.kind = kind
            self.value = value
            self.gift = gift
            self.validDays = validDays
            self.tier = tier
            self.segmentId = segmentId
            self.perCustomerLimit = perCustomerLimit
            self.minOrderAmount = minOrderAmount
        }

        public static let fieldDescriptions = [
            "name": "What people call it (1–100 characters).",
            "kind": "percent, amount, points or gift.",
            "value": "Percent off (1–100), amount off in minor units, or points; not for gifts.",
            "gift": "For a gift offer: what the gift is.",
            "validDays": "Days a coupon stays valid after it is issued (1–3650).",
            "tier": "Only for customers of this tier or higher.",
            "segmentId": "Only for members of this segment (checked at issue and at use).",
            "perCustomerLimit": "How many coupons of the offer one customer may get in all.",
            "minOrderAmount": "The least an order must be for the coupon to apply.",
        ]
    }

    public static func auditTarget(params: Params, result: Offer) -> String? { result.id }
}

/// `offers.list`: every offer.
public enum OffersList: RPCMethod {
    public static let name = "offers.list"
    public static let summary = "Every offer, oldest first."
    public typealias Params = NoParams

    public struct Result: Codable, Sendable, Hashable {
        public var items: [Offer]
    }
}

/// `coupons.issue`: give a customer a coupon of an offer.
public enum CouponsIssue: RPCMethod {
    public static let name = "coupons.issue"
    public static let summary = "Issues a customer a single-use coupon of an offer, with a unique code to type (ABCD-EFGH)."
    public static let discussion =
        "Refused for a customer outside the offer's tier or segment (`not_allowed`) or beyond its per-customer limit (`limit_exceeded`)."
    public static let isMutating = true
    public static let errors: [RapportError.Reason] = [.notFound, .notAllowed, .limitExceeded]
    public typealias Result = Coupon

    public struct Params: Codable, Sendable, Hashable {
        public var offerId: String
        public var customerId: String
        public var at: Timestamp?

        public init(offerId: String, customerId: String, at: Timestamp? = nil) {
            self.offerId = offerId
            self.customerId = customerId
            self.at = at
        }
    }

    public static func auditTarget(params: Params, result: Coupon) -> String? { result.id }
}

/// `coupons.redeem`: use a coupon.
public enum CouponsRedeem: RPCMethod {
    public static let name = "coupons.redeem"
    public static let summary = "Uses a coupon once: checks owner, validity, tier and segment atomically, and answers the discount, points or gift."
    public static let discussion = """
        Refused with `already_redeemed` (data.redeemedAt), `expired` (data.expiresAt), `not_allowed` \
        (another customer's coupon or order, an order below minOrderAmount, outside the tier or \
        segment, or an `at` before the coupon was issued) or `not_found`. A points coupon credits \
        its points in the same transaction.
        """
    public static let isMutating = true
    public static let errors: [RapportError.Reason] = [.notFound, .alreadyRedeemed, .expired, .notAllowed]
    public typealias Result = CouponRedemption

    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        public var code: String
        public var customerId: String?
        public var orderId: String?
        public var at: Timestamp?

        public init(code: String, customerId: String? = nil, orderId: String? = nil, at: Timestamp? = nil) {
            self.code = code
            self.customerId = customerId
            self.orderId = orderId
            self.at = at
        }

        public static let fieldDescriptions = [
            "code": "The code as typed; case, dashes and spaces are ignored.",
            "customerId": "Who presents it; refused when it is not the owner.",
            "orderId": "The order it applies to: the discount is computed on it.",
            "at": "When; default now.",
        ]
    }

    public static func auditTarget(params: Params, result: CouponRedemption) -> String? { result.coupon.id }
}

/// `coupons.list`: coupons, newest first.
public enum CouponsList: RPCMethod {
    public static let name = "coupons.list"
    public static let summary = "Coupons newest first, of one customer or all, optionally by status (active, redeemed, expired); paginated."
    public static let errors: [RapportError.Reason] = [.notFound]
    public typealias Result = Page<Coupon>

    public struct Params: Codable, Sendable, Hashable {
        public var customerId: String?
        public var status: Coupon.Status?
        public var limit: Int?
        public var cursor: String?

        public init(customerId: String? = nil, status: Coupon.Status? = nil, limit: Int? = nil, cursor: String? = nil) {
            self.customerId = customerId
            self.status = status
            self.limit = limit
            self.cursor = cursor
        }
    }
}
