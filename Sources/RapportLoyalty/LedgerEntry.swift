public import RapportCore
public import RapportJSON

/// One entry of the points ledger: append-only, never updated.
public struct LedgerEntry: Codable, Sendable, Hashable, JSONSchemaDocumented {
    /// The entry's id, `led_…`.
    public var id: String
    /// The id of the customer whose points moved, `cus_…`.
    public var customerId: String
    /// What kind of movement it is: earn, bonus, redeem, reverse, expire or adjust.
    public var kind: Kind
    /// Positive for a credit, negative for a debit.
    public var points: Int64
    /// When it happened; an expire entry is dated at the lot's expiry.
    public var at: Timestamp
    /// For a credit: when its points can be spent (after the return window).
    public var availableAt: Timestamp?
    /// For a credit: when what is left of it expires; null: never.
    public var expiresAt: Timestamp?
    /// The order it belongs to, `ord_…`; null when it is about no order.
    public var orderId: String?
    /// Why, in words (`order <external id>`, `expired`, an operator's words); null when none was given.
    public var reason: String?
    /// What the entry is about: a reward rule, a referral, a coupon, a merge.
    public var reference: String?
    /// Who caused it: `stdio`, `uid:501 pid:8812`, `embedded`.
    public var actor: String

    /// An entry with every field given; only the ledger itself records entries.
    public init(
        id: String, customerId: String, kind: Kind, points: Int64, at: Timestamp, availableAt: Timestamp?, expiresAt: Timestamp?,
        orderId: String?, reason: String?, reference: String?, actor: String
    ) {
        self.id = id
        self.customerId = customerId
        self.kind = kind
        self.points = points
        self.at = at
        self.availableAt = availableAt
        self.expiresAt = expiresAt
        self.orderId = orderId
        self.reason = reason
        self.reference = reference
        self.actor = actor
    }

    /// What kind of movement an entry is.
    public enum Kind: String, Codable, Sendable, Hashable, CaseIterable, JSONSchemaEnum {
        /// Points for an order.
        case earn
        /// Points for something else: a reward, a referral, a coupon, a manual credit.
        case bonus
        /// Points spent.
        case redeem
        /// A refund's reversal of earned points (negative), or the return of points spent on a refunded order (positive).
        case reverse
        /// Points that lapsed.
        case expire
        /// A correction by an operator, or a transfer between merged customers.
        case adjust
    }

    /// The field descriptions for protocol.md.
    public static let fieldDescriptions = [
        "id": "The entry's id (`led_…`).",
        "customerId": "Whose points.",
        "kind": "earn, bonus, redeem, reverse, expire or adjust.",
        "points": "Positive for a credit, negative for a debit.",
        "at": "When it happened.",
        "availableAt": "For a credit: when its points can be spent.",
        "expiresAt": "For a credit: when what is left of it expires; null: never.",
        "orderId": "The order it belongs to, if any.",
        "reason": "Why, in words.",
        "reference": "What it is about: a reward (`reward:review_submitted:rev_…`), a referral, a coupon, a merge.",
        "actor": "Who caused it.",
    ]
}
