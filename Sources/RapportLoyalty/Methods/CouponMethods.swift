public import RapportCore
public import RapportJSON
public import RapportRPC
public import RapportStorage

/// `offers.create`: a kind of coupon.
public enum OffersCreate: RPCMethod {
    /// The method's wire name.
    public static let name = "offers.create"
    /// The method's line for protocol.md.
    public static let summary =
        "Creates an offer (percent or amount off, points, or a gift), optionally for a tier or a segment, with a per-customer limit."
    /// Mutating: it stores the offer.
    public static let isMutating = true
    /// `not_found` for an unknown `segmentId`.
    public static let errors: [RapportError.Reason] = [.notFound]
    /// The offer created.
    public typealias Result = Offer

    /// An offers.create params value: what its coupons give, for how long, and to whom.
    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// The ranges the decoder enforces: `value` at least 1, `validDays` 1–3650, `perCustomerLimit` 1–1000000, `minOrderAmount` 0 or more.
        public static let fieldRanges: [String: ClosedRange<Int64>] = [
            "value": Points.positiveRange,
            "validDays": CountRange.positiveDays,
            "perCustomerLimit": CountRange.quantity,
            "minOrderAmount": Money.nonNegativeRange,
        ]
        /// What people call it, 1–100 characters.
        public var name: String
        /// What its coupons give: percent, amount, points or gift.
        public var kind: Offer.Kind
        /// Percent off (1–100), an amount off in minor units, or points; required unless the offer is a gift, which ignores it.
        public var value: Int64?
        /// What a gift coupon gives, up to 200 characters; required for a gift offer.
        public var gift: String?
        /// Days a coupon stays valid after it is issued, 1–3650.
        public var validDays: Int64
        /// Only customers of this tier or a higher one get and use its coupons; null for every tier.
        public var tier: String?
        /// Only members of this segment, checked at issue and at use; null for everyone.
        public var segmentId: String?
        /// How many coupons of the offer one customer may get in all, 1–1000000; null for no limit.
        public var perCustomerLimit: Int64?
        /// The least an order must be for a coupon to apply, in minor units; default 0.
        public var minOrderAmount: Money?

        /// Params for an offer named `name` of `kind`; tier, segment, limit and minimum are optional.
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

        /// The field descriptions for protocol.md.
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

    /// The audit target: the new offer's id.
    public static func auditTarget(params: Params, result: Offer) -> String? { result.id }
}

/// `offers.list`: every offer.
public enum OffersList: RPCMethod {
    /// The method's wire name.
    public static let name = "offers.list"
    /// The method's line for protocol.md.
    public static let summary = "Every offer, oldest first."
    /// The method takes no params.
    public typealias Params = NoParams

    /// Every offer, not paginated.
    public struct Result: Codable, Sendable, Hashable {
        /// The offers, oldest first.
        public var items: [Offer]
    }
}

/// `coupons.issue`: give a customer a coupon of an offer.
public enum CouponsIssue: RPCMethod {
    /// The method's wire name.
    public static let name = "coupons.issue"
    /// The method's line for protocol.md.
    public static let summary = "Issues a customer a single-use coupon of an offer, with a unique code to type (ABCD-EFGH)."
    /// The method's further paragraph for protocol.md: the refusals.
    public static let discussion =
        "Refused for a customer outside the offer's tier or segment (`not_allowed`) or beyond its per-customer limit (`limit_exceeded`)."
    /// Mutating: it stores the coupon.
    public static let isMutating = true
    /// `not_found` for an unknown offer or customer, `not_allowed` outside the tier or segment, `limit_exceeded` past the limit.
    public static let errors: [RapportError.Reason] = [.notFound, .notAllowed, .limitExceeded]
    /// The coupon issued, active, with its code.
    public typealias Result = Coupon

    /// A coupons.issue params value.
    public struct Params: Codable, Sendable, Hashable {
        /// The id of the offer, `off_…`.
        public var offerId: String
        /// The id of the customer who gets the coupon, `cus_…`.
        public var customerId: String
        /// When it is issued, from which `validDays` count; default now.
        public var at: Timestamp?

        /// Params issuing a coupon of `offerId` to `customerId`, now unless `at` is given.
        public init(offerId: String, customerId: String, at: Timestamp? = nil) {
            self.offerId = offerId
            self.customerId = customerId
            self.at = at
        }
    }

    /// The audit target: the new coupon's id.
    public static func auditTarget(params: Params, result: Coupon) -> String? { result.id }
}

/// `coupons.redeem`: use a coupon.
public enum CouponsRedeem: RPCMethod {
    /// The method's wire name.
    public static let name = "coupons.redeem"
    /// The method's line for protocol.md.
    public static let summary = "Uses a coupon once: checks owner, validity, tier and segment atomically, and answers the discount, points or gift."
    /// The method's further paragraphs for protocol.md: the refusals and points coupons.
    public static let discussion = """
        Refused with `already_redeemed` (data.redeemedAt), `expired` (data.expiresAt), `not_allowed` \
        (another customer's coupon or order, an order below minOrderAmount, outside the tier or \
        segment, or an `at` before the coupon was issued) or `not_found`. A points coupon credits \
        its points in the same transaction.
        """
    /// Mutating: it marks the coupon redeemed, and a points coupon credits its points.
    public static let isMutating = true
    /// `not_found` for an unknown code or order, `already_redeemed`, `expired`, and `not_allowed` as the discussion lists.
    public static let errors: [RapportError.Reason] = [.notFound, .alreadyRedeemed, .expired, .notAllowed]
    /// The redeemed coupon, its offer, and the discount, points or gift it gave.
    public typealias Result = CouponRedemption

    /// A coupons.redeem params value: the code, and optionally who presents it and on which order.
    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// The code as typed; case, dashes and spaces are ignored.
        public var code: String
        /// The id of the customer presenting it, `cus_…`, refused when not the owner; null skips that check.
        public var customerId: String?
        /// The order it is used on, `ord_…`, whose amount the discount is computed on; null for none.
        public var orderId: String?
        /// When it is used; default now.
        public var at: Timestamp?

        /// Params using `code`, now unless `at` is given, without an owner check or order by default.
        public init(code: String, customerId: String? = nil, orderId: String? = nil, at: Timestamp? = nil) {
            self.code = code
            self.customerId = customerId
            self.orderId = orderId
            self.at = at
        }

        /// The field descriptions for protocol.md.
        public static let fieldDescriptions = [
            "code": "The code as typed; case, dashes and spaces are ignored.",
            "customerId": "Who presents it; refused when it is not the owner.",
            "orderId": "The order it applies to: the discount is computed on it.",
            "at": "When; default now.",
        ]
    }

    /// The audit target: the coupon's id.
    public static func auditTarget(params: Params, result: CouponRedemption) -> String? { result.coupon.id }
}

/// `coupons.list`: coupons, newest first.
public enum CouponsList: RPCMethod {
    /// The method's wire name.
    public static let name = "coupons.list"
    /// The method's line for protocol.md.
    public static let summary = "Coupons newest first, of one customer or all, optionally by status (active, redeemed, expired); paginated."
    /// `not_found` for an unknown `customerId`.
    public static let errors: [RapportError.Reason] = [.notFound]
    /// A page of coupons, newest first, with their status now.
    public typealias Result = Page<Coupon>

    /// A coupons.list params value; every field optional.
    public struct Params: Codable, Sendable, Hashable {
        /// Only this customer's coupons, `cus_…`; default every customer's.
        public var customerId: String?
        /// Only coupons in this status now; default every status.
        public var status: Coupon.Status?
        /// Coupons per page, 1–1000, default 50.
        public var limit: Int?
        /// `nextCursor` of the previous page; absent for the first page.
        public var cursor: String?

        /// Params for the first page of 50 coupons of every customer and status by default.
        public init(customerId: String? = nil, status: Coupon.Status? = nil, limit: Int? = nil, cursor: String? = nil) {
            self.customerId = customerId
            self.status = status
            self.limit = limit
            self.cursor = cursor
        }
    }
}
