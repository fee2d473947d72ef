public import RapportCore
public import RapportJSON
public import RapportRPC
public import RapportStorage

/// `loyalty.configure`: change the program; absent fields keep their value.
public enum LoyaltyConfigure: RPCMethod {
    public static let name = "loyalty.configure"
    public static let summary = "Changes the points program: earn rate, rounding, return window, expiry, redemption limits, point value."
    public static let discussion = """
        Absent fields keep their value; the result is the whole program now in force. Earning, \
        redemption and expiry read it in the same transaction as the order or request they serve, \
        so a change applies from the next request on. Points already credited keep the pending and \
        expiry dates they were given.
        """
    public static let isMutating = true
    public static let errors: [RapportError.Reason] = []
    public typealias Result = LoyaltyProgram

    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        public static let fieldRanges: [String: ClosedRange<Int64>] = [
            "pendingDays": CountRange.days,
            "expiryDays": LoyaltyProgram.expiryDaysRange,
            "minRedeem": Points.positiveRange,
            "maxRedeemShare": CountRange.percent,
            "pointValue": Money.positiveRange,
        ]
        public var earnRate: LoyaltyProgram.EarnRate?
        public var rounding: LoyaltyProgram.Rounding?
        public var pendingDays: Int64?
        public var expiryDays: Int64?
        public var minRedeem: Int64?
        public var maxRedeemShare: Int64?
        public var pointValue: Money?

        public init(
            earnRate: LoyaltyProgram.EarnRate? = nil, rounding: LoyaltyProgram.Rounding? = nil, pendingDays: Int64? = nil,
            expiryDays: Int64? = nil, minRedeem: Int64? = nil, maxRedeemShare: Int64? = nil, pointValue: Money? = nil
        ) {
            self.earnRate = earnRate
            self.rounding = rounding
            self.pendingDays = pendingDays
            self.expiryDays = expiryDays
            self.minRedeem = minRedeem
            self.maxRedeemShare = maxRedeemShare
            self.pointValue = pointValue
        }

        public static var fieldDescriptions: [String: String] { LoyaltyProgram.fieldDescriptions }
    }

    public static var examples: [MethodExample<Self>] {
        [
            MethodExample(
                "7% cashback, a 14-day return window", params: Params(earnRate: .init(points: 7, per: Money(minorUnits: 10_000)), pendingDays: 14),
                result: LoyaltyProgram(
                    earnRate: .init(points: 7, per: Money(minorUnits: 10_000)), rounding: .down, pendingDays: 14,
                    expiryDays: 365, minRedeem: 1, maxRedeemShare: 50, pointValue: Money(minorUnits: 100)))
        ]
    }
}

/// `loyalty.program`: the program in force.
public enum LoyaltyProgramGet: RPCMethod {
    public static let name = "loyalty.program"
    public static let summary = "The points program in force (the standard cashback until loyalty.configure changes it)."
    public typealias Params = NoParams
    public typealias Result = LoyaltyProgram
}

/// `loyalty.balance`: a customer's points.
public enum LoyaltyBalance: RPCMethod {
    public static let name = "loyalty.balance"
    public static let summary = "A customer's points: available, pending, debt, lifetime totals and what expires soon."
    public static let discussion = """
        `available` counts lots that are out of their return window and not past expiry, minus debt. \
        `balance` is the sum of the ledger, which the cached figures are checked against (`loyalty.check`).
        """
    public static let errors: [RapportError.Reason] = [.notFound]
    public typealias Result = PointsBalance

    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        public static let fieldRanges: [String: ClosedRange<Int64>] = [
            "expiringWithinDays": CountRange.days
        ]
        public var customerId: String
        public var expiringWithinDays: Int64?
        public var at: Timestamp?

        public init(customerId: String, expiringWithinDays: Int64? = nil, at: Timestamp? = nil) {
            self.customerId = customerId
            self.expiringWithinDays = expiringWithinDays
            self.at = at
        }

        public static let fieldDescriptions = [
            "customerId": "Whose points.",
            "expiringWithinDays": "How far ahead expiringSoon looks, 0–3650 days; default 30.",
            "at":
                "The moment availability, pending and expiry are judged at (look ahead: what will be available then); entries are read as they are now. Default now.",
        ]
    }
}

/// `loyalty.history`: the ledger of one customer.
public enum LoyaltyHistory: RPCMethod {
    public static let name = "loyalty.history"
    public static let summary = "A customer's ledger entries, newest first; paginated, optionally of one kind."
    public static let errors: [RapportError.Reason] = [.notFound]
    public typealias Result = Page<LedgerEntry>

    public struct Params: Codable, Sendable, Hashable {
        public var customerId: String
        public var kind: LedgerEntry.Kind?
        public var limit: Int?
        public var cursor: String?

        public init(customerId: String, kind: LedgerEntry.Kind? = nil, limit: Int? = nil, cursor: String? = nil) {
            self.customerId = customerId
            self.kind = kind
            self.limit = limit
            self.cursor = cursor
        }
    }
}

/// `loyalty.earn`: a manual credit.
public enum LoyaltyEarn: RPCMethod {
    public static let name = "loyalty.earn"
    public static let summary = "Credits bonus points by hand (a goodwill gesture, a promotion), available at once."
    public static let discussion = "Send an idempotencyKey: a retry with the same key credits once and answers the first entry."
    public static let isMutating = true
    public static let errors: [RapportError.Reason] = [.notFound, .conflict]
    public typealias Result = LedgerEntry

    public typealias Params = PointsChange

    public static func auditTarget(params: Params, result: LedgerEntry) -> String? { result.id }
}

/// The params of a manual change of points: `loyalty.earn` (1 to 100,000,000) and `loyalty.adjust`
/// (either sign, not 0).
public struct PointsChange: Codable, Sendable, Hashable, JSONSchemaDocumented {
    /// The most points one manual change moves.
    public static let pointsRange: ClosedRange<Int64> = -100_000_000...100_000_000
    public static let fieldRanges = ["points": pointsRange]
    public var customerId: String
    public var points: Int64
    public var reason: String
    public var at: Timestamp?

    public init(customerId: String, points: Int64, reason: String, at: Timestamp? = nil) {
        self.customerId = customerId
        self.points = points
        self.reason = reason
        self.at = at
    }

    public static let fieldDescriptions = [
        "customerId": "Whose points.",
        "points": "How many: 1 to 100000000 for loyalty.earn; a non-zero number of either sign for loyalty.adjust.",
        "reason": "Why, in words (required, up to 500 characters).",
        "at": "When; default now.",
    ]
}

/// `loyalty.adjust`: a correction, up or down.
public enum LoyaltyAdjust: RPCMethod {
    public static let name = "loyalty.adjust"
    public static let summary = "Corrects a balance up or down, with a reason; a correction down may leave debt."
    public static let discussion = """
        A positive adjustment is a new lot; a negative one takes from available points, then pending \
        ones, and what is still missing becomes debt, repaid from the next credits. Old entries are \
        never changed. Send an idempotencyKey so that a retry corrects once.
        """
    public static let isMutating = true
    public static let errors: [RapportError.Reason] = [.notFound, .conflict]
    public typealias Result = LedgerEntry

    public typealias Params = PointsChange

    public static func auditTarget(params: Params, result: LedgerEntry) -> String? { result.id }
}

/// `loyalty.redeem`: spend points.
public enum LoyaltyRedeem: RPCMethod {
    public static let name = "loyalty.redeem"
    public static let summary = "Spends available points, soonest-expiring first; never below zero."
    public static let discussion = """
        Refused with `insufficient_points` (data.available) when the customer has fewer available \
        points or owes debt from a refund; with `not_allowed` below minRedeem (data.minRedeem) or \
        beyond maxRedeemShare of the order (data.maxPoints). Concurrent redemptions are serialised by \
        the writer, so the balance never goes below zero. Send an idempotencyKey so that a retry \
        spends once.
        """
    public static let isMutating = true
    public static let errors: [RapportError.Reason] = [.notFound, .insufficientPoints, .notAllowed, .conflict]

    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        public static let fieldRanges: [String: ClosedRange<Int64>] = [
            "points": Points.positiveRange
        ]
        public var customerId: String
        public var points: Int64
        public var orderId: String?
        public var at: Timestamp?

        public init(customerId: String, points: Int64, orderId: String? = nil, at: Timestamp? = nil) {
            self.customerId = customerId
            self.points = points
            self.orderId = orderId
            self.at = at
        }

        public static let fieldDescriptions = [
            "customerId": "Whose points.",
            "points": "How many to spend, at least minRedeem.",
            "orderId":
                "The recorded order they pay part of (recorded with the amount paid in money): the points' value may be at most maxRedeemShare of money plus points, and a refund gives them back pro rata.",
            "at": "When; default now.",
        ]
    }

    public struct Result: Codable, Sendable, Hashable, JSONSchemaDocumented {
        public var entry: LedgerEntry
        /// What the points are worth, in minor units.
        public var discount: Money
        /// Points still available after this.
        public var available: Int64

        public init(entry: LedgerEntry, discount: Money, available: Int64) {
            self.entry = entry
            self.discount = discount
            self.available = available
        }

        public static let fieldDescriptions = [
            "entry": "The redeem entry (negative points).",
            "discount": "What the points are worth, in minor units.",
            "available": "Points still available afterwards.",
        ]
    }

    public static func auditTarget(params: Params, result: Result) -> String? { result.entry.id }
}

/// `loyalty.quote`: how many points could pay part of an order.
public enum LoyaltyQuote: RPCMethod {
    public static let name = "loyalty.quote"
    public static let summary = "How many points a customer can use on an order of this amount, and what they give."
    public static let errors: [RapportError.Reason] = [.notFound]

    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        public static let fieldRanges: [String: ClosedRange<Int64>] = [
            "orderAmount": Money.nonNegativeRange
        ]
        public var customerId: String
        public var orderAmount: Money
        public var at: Timestamp?

        public static let fieldDescriptions = [
            "customerId": "Whose points.",
            "orderAmount":
                "The basket before points, in minor units. Record the order with what is left to pay (`payable`), then redeem with its orderId.",
            "at": "The moment availability is judged at; default now.",
        ]

        public init(customerId: String, orderAmount: Money, at: Timestamp? = nil) {
            self.customerId = customerId
            self.orderAmount = orderAmount
            self.at = at
        }
    }

    public struct Result: Codable, Sendable, Hashable, JSONSchemaDocumented {
        public var customerId: String
        public var available: Int64
        /// The most points usable on the order (0 below minRedeem or with debt).
        public var maxPoints: Int64
        /// What `maxPoints` are worth.
        public var discount: Money
        /// What is left to pay.
        public var payable: Money
        /// Points the payable part would earn at the customer's tier.
        public var earnPoints: Int64
        /// What limits maxPoints: balance, maxRedeemShare, minRedeem or debt.
        public var limitedBy: String

        public static let fieldDescriptions = [
            "customerId": "Whose points.",
            "available": "Points available now.",
            "maxPoints": "The most points usable on the order; 0 below minRedeem or with debt.",
            "discount": "What maxPoints are worth, in minor units.",
            "payable": "What is left to pay after that discount.",
            "earnPoints": "Points the payable part would earn at the customer's tier.",
            "limitedBy": "What limits maxPoints: balance, maxRedeemShare, minRedeem or debt.",
        ]
    }
}

/// `loyalty.expire`: record the lapse of every lot past its expiry.
public enum LoyaltyExpire: RPCMethod {
    public static let name = "loyalty.expire"
    public static let summary = "Expires every lot past its expiry time (oldest first) with one expire entry per lot; idempotent."
    public static let discussion = """
        Runs in steps of up to 200 customers (all their due lots), each its own short transaction, \
        so other clients are served between them: oldest lots first when few are due (a daily run), \
        customers in id order when many are (a catch-up), which writes their pages in order. Running \
        it again finds nothing more to expire. A dry run counts everything in one rolled-back \
        transaction. Automation calls it on schedule; any write for a customer also \
        expires their due lots first.
        """
    public static let isMutating = true

    public struct Params: Codable, Sendable, Hashable {
        public var at: Timestamp?

        public init(at: Timestamp? = nil) { self.at = at }
    }

    public struct Result: Codable, Sendable, Hashable, JSONSchemaDocumented {
        public var points: Int64
        public var lots: Int
        public var customers: Int
        public var at: Timestamp

        public static let fieldDescriptions = [
            "points": "Points expired.",
            "lots": "Lots expired (one entry each).",
            "customers": "Customers whose points lapsed.",
            "at": "The time expiry was judged at.",
        ]
    }
}

/// `loyalty.check`: prove the cached balances equal the ledger.
public enum LoyaltyCheck: RPCMethod {
    public static let name = "loyalty.check"
    public static let summary = "Checks that every cached balance equals the sum of its ledger and of its lots minus debt."
    public static let discussion = "A healthy store answers `mismatches: []`. Without customerId every account is checked (seconds on a million)."

    public struct Params: Codable, Sendable, Hashable {
        public var customerId: String?

        public init(customerId: String? = nil) { self.customerId = customerId }
    }

    public struct Result: Codable, Sendable, Hashable, JSONSchemaDocumented {
        public var accounts: Int
        public var mismatches: [Mismatch]

        public static let fieldDescriptions = [
            "accounts": "Accounts checked.",
            "mismatches": "Up to 100 accounts whose cached balance, ledger sum and lots disagree.",
        ]
    }

    public struct Mismatch: Codable, Sendable, Hashable {
        public var customerId: String
        public var balance: Int64
        public var debt: Int64
        public var ledger: Int64
        public var lots: Int64
    }
}
