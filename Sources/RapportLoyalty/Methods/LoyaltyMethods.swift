public import RapportCore
public import RapportJSON
public import RapportRPC
public import RapportStorage

/// `loyalty.configure`: change the program; absent fields keep their value.
public enum LoyaltyConfigure: RPCMethod {
    /// The method's wire name.
    public static let name = "loyalty.configure"
    /// The method's line for protocol.md.
    public static let summary = "Changes the points program: earn rate, rounding, return window, expiry, redemption limits, point value."
    /// The method's further paragraphs for protocol.md: absent fields, and when a change applies.
    public static let discussion = """
        Absent fields keep their value; the result is the whole program now in force. Earning, \
        redemption and expiry read it in the same transaction as the order or request they serve, \
        so a change applies from the next request on. Points already credited keep the pending and \
        expiry dates they were given.
        """
    /// Mutating: it saves the program.
    public static let isMutating = true
    /// None beyond bad params: an out-of-range field is `invalid_params`.
    public static let errors: [RapportError.Reason] = []
    /// The whole program in force after the change.
    public typealias Result = LoyaltyProgram

    /// A loyalty.configure params value: every field optional, an absent one keeps its value.
    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// The ranges the decoder enforces on the integer fields (days 0–3650, expiry 0–36500, share 0–100 percent).
        public static let fieldRanges: [String: ClosedRange<Int64>] = [
            "pendingDays": CountRange.days,
            "expiryDays": LoyaltyProgram.expiryDaysRange,
            "minRedeem": Points.positiveRange,
            "maxRedeemShare": CountRange.percent,
            "pointValue": Money.positiveRange,
        ]
        /// Points for every `per` minor units spent; absent keeps the rate.
        public var earnRate: LoyaltyProgram.EarnRate?
        /// How fractions of a point are made whole; absent keeps the rounding.
        public var rounding: LoyaltyProgram.Rounding?
        /// Days earned points stay pending (the return window), 0–3650; absent keeps the value.
        public var pendingDays: Int64?
        /// Days after earning that points expire, 1–36500 or 0 for never; absent keeps the value.
        public var expiryDays: Int64?
        /// The fewest points one redemption may spend, at least 1; absent keeps the value.
        public var minRedeem: Int64?
        /// The largest share of an order points may pay, in percent 0–100; absent keeps the value.
        public var maxRedeemShare: Int64?
        /// What one point is worth, in minor units, at least 1; absent keeps the value.
        public var pointValue: Money?

        /// Params that change only the fields given; every field defaults to keeping its value.
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

        /// The field descriptions for protocol.md, the same as ``LoyaltyProgram/fieldDescriptions``.
        public static var fieldDescriptions: [String: String] { LoyaltyProgram.fieldDescriptions }
    }

    /// The method's examples for protocol.md: 7% cashback with a 14-day return window.
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
    /// The method's wire name.
    public static let name = "loyalty.program"
    /// The method's line for protocol.md.
    public static let summary = "The points program in force (the standard cashback until loyalty.configure changes it)."
    /// The method takes no params.
    public typealias Params = NoParams
    /// The program in force.
    public typealias Result = LoyaltyProgram
}

/// `loyalty.balance`: a customer's points.
public enum LoyaltyBalance: RPCMethod {
    /// The method's wire name.
    public static let name = "loyalty.balance"
    /// The method's line for protocol.md.
    public static let summary = "A customer's points: available, pending, debt, lifetime totals and what expires soon."
    /// The method's further paragraphs for protocol.md: what `available` and `balance` count.
    public static let discussion = """
        `available` counts lots that are out of their return window and not past expiry, minus debt. \
        `balance` is the sum of the ledger, which the cached figures are checked against (`loyalty.check`).
        """
    /// `not_found` for an unknown customer.
    public static let errors: [RapportError.Reason] = [.notFound]
    /// The customer's points at `at`.
    public typealias Result = PointsBalance

    /// A loyalty.balance params value; only `customerId` is required.
    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// The range the decoder enforces on `expiringWithinDays`: 0 to 3650.
        public static let fieldRanges: [String: ClosedRange<Int64>] = [
            "expiringWithinDays": CountRange.days
        ]
        /// The id of the customer whose points to read, `cus_…`.
        public var customerId: String
        /// How many days ahead `expiringSoon` looks, 0–3650; default 30.
        public var expiringWithinDays: Int64?
        /// The time to judge availability, pending points and expiry at; default now.
        public var at: Timestamp?

        /// Params for the customer's balance now, looking 30 days ahead by default.
        public init(customerId: String, expiringWithinDays: Int64? = nil, at: Timestamp? = nil) {
            self.customerId = customerId
            self.expiringWithinDays = expiringWithinDays
            self.at = at
        }

        /// The field descriptions for protocol.md.
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
    /// The method's wire name.
    public static let name = "loyalty.history"
    /// The method's line for protocol.md.
    public static let summary = "A customer's ledger entries, newest first; paginated, optionally of one kind."
    /// `not_found` for an unknown customer; merged and erased customers' ledgers can still be read.
    public static let errors: [RapportError.Reason] = [.notFound]
    /// A page of entries, newest first.
    public typealias Result = Page<LedgerEntry>

    /// A loyalty.history params value; only `customerId` is required.
    public struct Params: Codable, Sendable, Hashable {
        /// The id of the customer whose ledger to read, `cus_…`.
        public var customerId: String
        /// Only entries of this kind; default every kind.
        public var kind: LedgerEntry.Kind?
        /// Entries per page, 1–1000, default 50.
        public var limit: Int?
        /// `nextCursor` of the previous page; absent for the first page.
        public var cursor: String?

        /// Params for the first page of 50 entries of every kind by default.
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
    /// The method's wire name.
    public static let name = "loyalty.earn"
    /// The method's line for protocol.md.
    public static let summary = "Credits bonus points by hand (a goodwill gesture, a promotion), available at once."
    /// The method's further paragraph for protocol.md: retry with an idempotencyKey.
    public static let discussion = "Send an idempotencyKey: a retry with the same key credits once and answers the first entry."
    /// Mutating: it credits a bonus entry.
    public static let isMutating = true
    /// `not_found` for an unknown customer, `conflict` for an idempotencyKey first used with other params.
    public static let errors: [RapportError.Reason] = [.notFound, .conflict]
    /// The bonus entry credited.
    public typealias Result = LedgerEntry

    /// The customer, the points (1 to 100000000), the reason and the time.
    public typealias Params = PointsChange

    /// The audit target: the new entry's id.
    public static func auditTarget(params: Params, result: LedgerEntry) -> String? { result.id }
}

/// The params of a manual change of points: `loyalty.earn` (1 to 100,000,000) and `loyalty.adjust`
/// (either sign, not 0).
public struct PointsChange: Codable, Sendable, Hashable, JSONSchemaDocumented {
    /// The most points one manual change moves.
    public static let pointsRange: ClosedRange<Int64> = -100_000_000...100_000_000
    /// The range the decoder enforces on `points`, ``pointsRange``.
    public static let fieldRanges = ["points": pointsRange]
    /// The id of the customer whose points change, `cus_…`.
    public var customerId: String
    /// How many points: 1 to 100000000 for loyalty.earn, non-zero of either sign for loyalty.adjust.
    public var points: Int64
    /// Why, in words: required, up to 500 characters; it becomes the entry's reason.
    public var reason: String
    /// When the change happens; default now.
    public var at: Timestamp?

    /// A change of `points` for `reason`, made now unless `at` is given.
    public init(customerId: String, points: Int64, reason: String, at: Timestamp? = nil) {
        self.customerId = customerId
        self.points = points
        self.reason = reason
        self.at = at
    }

    /// The field descriptions for protocol.md.
    public static let fieldDescriptions = [
        "customerId": "Whose points.",
        "points": "How many: 1 to 100000000 for loyalty.earn; a non-zero number of either sign for loyalty.adjust.",
        "reason": "Why, in words (required, up to 500 characters).",
        "at": "When; default now.",
    ]
}

/// `loyalty.adjust`: a correction, up or down.
public enum LoyaltyAdjust: RPCMethod {
    /// The method's wire name.
    public static let name = "loyalty.adjust"
    /// The method's line for protocol.md.
    public static let summary = "Corrects a balance up or down, with a reason; a correction down may leave debt."
    /// The method's further paragraphs for protocol.md: where a correction down takes its points from.
    public static let discussion = """
        A positive adjustment is a new lot; a negative one takes from available points, then pending \
        ones, and what is still missing becomes debt, repaid from the next credits. Old entries are \
        never changed. Send an idempotencyKey so that a retry corrects once.
        """
    /// Mutating: it records an adjust entry.
    public static let isMutating = true
    /// `not_found` for an unknown customer, `conflict` for an idempotencyKey first used with other params.
    public static let errors: [RapportError.Reason] = [.notFound, .conflict]
    /// The adjust entry recorded, with the signed points.
    public typealias Result = LedgerEntry

    /// The customer, the points (non-zero, -100000000 to 100000000), the reason and the time.
    public typealias Params = PointsChange

    /// The audit target: the new entry's id.
    public static func auditTarget(params: Params, result: LedgerEntry) -> String? { result.id }
}

/// `loyalty.redeem`: spend points.
public enum LoyaltyRedeem: RPCMethod {
    /// The method's wire name.
    public static let name = "loyalty.redeem"
    /// The method's line for protocol.md.
    public static let summary = "Spends available points, soonest-expiring first; never below zero."
    /// The method's further paragraphs for protocol.md: the refusals and their data, and retries.
    public static let discussion = """
        Refused with `insufficient_points` (data.available) when the customer has fewer available \
        points or owes debt from a refund; with `not_allowed` below minRedeem (data.minRedeem) or \
        beyond maxRedeemShare of the order (data.maxPoints). Concurrent redemptions are serialised by \
        the writer, so the balance never goes below zero. Send an idempotencyKey so that a retry \
        spends once.
        """
    /// Mutating: it records a redeem entry.
    public static let isMutating = true
    /// `not_found` for an unknown customer or order, `insufficient_points` for too few points or unpaid debt, `not_allowed`
    /// below minRedeem, beyond maxRedeemShare or on another customer's order, `conflict` for a reused idempotencyKey.
    public static let errors: [RapportError.Reason] = [.notFound, .insufficientPoints, .notAllowed, .conflict]

    /// A loyalty.redeem params value: whose points, how many, optionally on which order, and when.
    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// The range the decoder enforces on `points`: 1 to ``Points/maximum``.
        public static let fieldRanges: [String: ClosedRange<Int64>] = [
            "points": Points.positiveRange
        ]
        /// The id of the customer whose points to spend, `cus_…`.
        public var customerId: String
        /// How many points to spend, at least the program's minRedeem.
        public var points: Int64
        /// The recorded order they pay part of, `ord_…`, which caps them at maxRedeemShare; null for none.
        public var orderId: String?
        /// When the points are spent; default now.
        public var at: Timestamp?

        /// Params spending `points` now, on no order unless `orderId` is given.
        public init(customerId: String, points: Int64, orderId: String? = nil, at: Timestamp? = nil) {
            self.customerId = customerId
            self.points = points
            self.orderId = orderId
            self.at = at
        }

        /// The field descriptions for protocol.md.
        public static let fieldDescriptions = [
            "customerId": "Whose points.",
            "points": "How many to spend, at least minRedeem.",
            "orderId":
                "The recorded order they pay part of (recorded with the amount paid in money): the points' value may be at most maxRedeemShare of money plus points, and a refund gives them back pro rata.",
            "at": "When; default now.",
        ]
    }

    /// What a redemption spent and what it gave.
    public struct Result: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// The redeem entry, with negative points.
        public var entry: LedgerEntry
        /// What the points are worth, in minor units.
        public var discount: Money
        /// Points still available after this.
        public var available: Int64

        /// A result with the entry, its discount and the points left.
        public init(entry: LedgerEntry, discount: Money, available: Int64) {
            self.entry = entry
            self.discount = discount
            self.available = available
        }

        /// The field descriptions for protocol.md.
        public static let fieldDescriptions = [
            "entry": "The redeem entry (negative points).",
            "discount": "What the points are worth, in minor units.",
            "available": "Points still available afterwards.",
        ]
    }

    /// The audit target: the redeem entry's id.
    public static func auditTarget(params: Params, result: Result) -> String? { result.entry.id }
}

/// `loyalty.quote`: how many points could pay part of an order.
public enum LoyaltyQuote: RPCMethod {
    /// The method's wire name.
    public static let name = "loyalty.quote"
    /// The method's line for protocol.md.
    public static let summary = "How many points a customer can use on an order of this amount, and what they give."
    /// `not_found` for an unknown customer.
    public static let errors: [RapportError.Reason] = [.notFound]

    /// A loyalty.quote params value: whose points and the basket before points.
    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// The range the decoder enforces on `orderAmount`: 0 or more minor units.
        public static let fieldRanges: [String: ClosedRange<Int64>] = [
            "orderAmount": Money.nonNegativeRange
        ]
        /// The id of the customer whose points would pay, `cus_…`.
        public var customerId: String
        /// The basket before points, in minor units.
        public var orderAmount: Money
        /// The time to judge availability at; default now.
        public var at: Timestamp?

        /// The field descriptions for protocol.md.
        public static let fieldDescriptions = [
            "customerId": "Whose points.",
            "orderAmount":
                "The basket before points, in minor units. Record the order with what is left to pay (`payable`), then redeem with its orderId.",
            "at": "The moment availability is judged at; default now.",
        ]

        /// Params for a quote on a basket of `orderAmount`, judged now unless `at` is given.
        public init(customerId: String, orderAmount: Money, at: Timestamp? = nil) {
            self.customerId = customerId
            self.orderAmount = orderAmount
            self.at = at
        }
    }

    /// How many points could pay part of the basket, and what is left to pay and earn.
    public struct Result: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// The id of the customer whose points were quoted, `cus_…`.
        public var customerId: String
        /// Points available at `at`, net of debt.
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

        /// The field descriptions for protocol.md.
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
    /// The method's wire name.
    public static let name = "loyalty.expire"
    /// The method's line for protocol.md.
    public static let summary = "Expires every lot past its expiry time (oldest first) with one expire entry per lot; idempotent."
    /// The method's further paragraphs for protocol.md: the steps, their order, dry runs and automation.
    public static let discussion = """
        Runs in steps of up to 200 customers (all their due lots), each its own short transaction, \
        so other clients are served between them: oldest lots first when few are due (a daily run), \
        customers in id order when many are (a catch-up), which writes their pages in order. Running \
        it again finds nothing more to expire. A dry run counts everything in one rolled-back \
        transaction. Automation calls it on schedule; any write for a customer also \
        expires their due lots first.
        """
    /// Mutating: it records expire entries.
    public static let isMutating = true

    /// A loyalty.expire params value.
    public struct Params: Codable, Sendable, Hashable {
        /// The time to judge expiry at: lots that expire at or before it lapse; default now.
        public var at: Timestamp?

        /// Params expiring what is due now, or at `at`.
        public init(at: Timestamp? = nil) { self.at = at }
    }

    /// What the whole run expired.
    public struct Result: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// Points expired in all.
        public var points: Int64
        /// Lots expired, one expire entry each.
        public var lots: Int
        /// Customers whose points lapsed.
        public var customers: Int
        /// The time expiry was judged at.
        public var at: Timestamp

        /// The field descriptions for protocol.md.
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
    /// The method's wire name.
    public static let name = "loyalty.check"
    /// The method's line for protocol.md.
    public static let summary = "Checks that every cached balance equals the sum of its ledger and of its lots minus debt."
    /// The method's further paragraph for protocol.md: a healthy answer, and the cost of checking all.
    public static let discussion = "A healthy store answers `mismatches: []`. Without customerId every account is checked (seconds on a million)."

    /// A loyalty.check params value.
    public struct Params: Codable, Sendable, Hashable {
        /// The id of the one customer to check, `cus_…`; absent checks every account.
        public var customerId: String?

        /// Params checking every account, or only `customerId`'s.
        public init(customerId: String? = nil) { self.customerId = customerId }
    }

    /// What the check found.
    public struct Result: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// Accounts checked; 0 for a customer without an account.
        public var accounts: Int
        /// Up to 100 accounts whose figures disagree; empty on a healthy store.
        public var mismatches: [Mismatch]

        /// The field descriptions for protocol.md.
        public static let fieldDescriptions = [
            "accounts": "Accounts checked.",
            "mismatches": "Up to 100 accounts whose cached balance, ledger sum and lots disagree.",
        ]
    }

    /// An account whose cached balance, ledger sum and lots disagree.
    public struct Mismatch: Codable, Sendable, Hashable {
        /// The id of the account's customer, `cus_…`.
        public var customerId: String
        /// The cached balance of the account.
        public var balance: Int64
        /// The cached debt of the account.
        public var debt: Int64
        /// The sum of the customer's ledger entries, which should equal `balance`.
        public var ledger: Int64
        /// What is left of the customer's lots; `lots - debt` should equal `ledger`.
        public var lots: Int64
    }
}
