public import RapportCore
public import RapportJSON
public import RapportRPC

/// `tiers.configure`: replace the tier policy.
public enum TiersConfigure: RPCMethod {
    /// The method's wire name.
    public static let name = "tiers.configure"
    /// The method's line for protocol.md.
    public static let summary =
        "Replaces the tiers (names, thresholds, multipliers, perks), the qualifying window and basis, and the downgrade grace."
    /// The method's further paragraphs for protocol.md: when customers move, and customers of a removed tier.
    public static let discussion = """
        Customers are not moved at once: upgrades happen on their next order, and `tiers.evaluate` \
        moves everyone (up at once, down after the grace period). A customer whose tier no longer \
        exists counts as the base tier.
        """
    /// Mutating: it saves the tier policy.
    public static let isMutating = true
    /// The whole new policy, checked before it is saved.
    public typealias Params = TierPolicy
    /// The policy saved.
    public typealias Result = TierPolicy
}

/// `tiers.list`: the tier policy in force.
public enum TiersList: RPCMethod {
    /// The method's wire name.
    public static let name = "tiers.list"
    /// The method's line for protocol.md.
    public static let summary = "The tier policy in force (Silver, Gold, Platinum until tiers.configure changes it)."
    /// The method takes no params.
    public typealias Params = NoParams
    /// The policy in force.
    public typealias Result = TierPolicy
}

/// `tiers.evaluate`: move everyone to the tier they qualify for.
public enum TiersEvaluate: RPCMethod {
    /// The method's wire name.
    public static let name = "tiers.evaluate"
    /// The method's line for protocol.md.
    public static let summary =
        "Re-evaluates every account: upgrades at once, downgrades after the grace period; each change kept in the tier history."
    /// The method's further paragraphs for protocol.md: the grace period, the steps and idempotence.
    public static let discussion = """
        A customer found below their tier starts a grace period (graceDays) and is moved down by the \
        first evaluation after it ends, to the tier their qualifying spend reaches; one found back \
        above ends the grace. Runs in steps of 1,000 accounts, each its own short transaction. \
        Idempotent for a given `at`.
        """
    /// Mutating: it moves customers between tiers and starts or ends grace periods.
    public static let isMutating = true

    /// A tiers.evaluate params value.
    public struct Params: Codable, Sendable, Hashable {
        /// The time to evaluate at: the end of the qualifying window and of grace periods; default now.
        public var at: Timestamp?

        /// Params evaluating now, or at `at`.
        public init(at: Timestamp? = nil) { self.at = at }
    }

    /// What the whole evaluation did.
    public struct Result: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// Accounts looked at; customers without an account are not.
        public var evaluated: Int
        /// Customers moved up.
        public var upgraded: Int
        /// Customers moved down after their grace period.
        public var downgraded: Int
        /// Customers below their tier but still in its grace period.
        public var inGrace: Int
        /// The time evaluated at.
        public var at: Timestamp

        /// The field descriptions for protocol.md.
        public static let fieldDescriptions = [
            "evaluated": "Accounts looked at.",
            "upgraded": "Moved up.",
            "downgraded": "Moved down after their grace period.",
            "inGrace": "Below their tier but still in the grace period.",
            "at": "The time evaluated at.",
        ]
    }
}

/// `tiers.status`: one customer's tier.
public enum TiersStatus: RPCMethod {
    /// The method's wire name.
    public static let name = "tiers.status"
    /// The method's line for protocol.md.
    public static let summary = "A customer's tier, perks, progress to the next tier (amount left) and when the tier is next at stake."
    /// `not_found` for an unknown customer.
    public static let errors: [RapportError.Reason] = [.notFound]
    /// The customer's tier and progress.
    public typealias Result = TierStatus

    /// A tiers.status params value.
    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// The id of the customer whose tier to read, `cus_…`.
        public var customerId: String
        /// The end of the qualifying window to measure; default now. The tier shown is the current one.
        public var at: Timestamp?

        /// Params for `customerId`'s status, measured now unless `at` is given.
        public init(customerId: String, at: Timestamp? = nil) {
            self.customerId = customerId
            self.at = at
        }

        /// The field descriptions for protocol.md.
        public static let fieldDescriptions = [
            "customerId": "Whose tier.",
            "at": "The end of the qualifying window to measure; the tier shown is the current one. Default now.",
        ]
    }
}

/// `tiers.history`: one customer's tier changes.
public enum TiersHistory: RPCMethod {
    /// The method's wire name.
    public static let name = "tiers.history"
    /// The method's line for protocol.md.
    public static let summary = "A customer's tier changes with their reasons, newest first."
    /// `not_found` for an unknown customer.
    public static let errors: [RapportError.Reason] = [.notFound]

    /// A tiers.history params value.
    public struct Params: Codable, Sendable, Hashable {
        /// The id of the customer whose tier changes to read, `cus_…`.
        public var customerId: String

        /// Params for `customerId`'s tier changes.
        public init(customerId: String) { self.customerId = customerId }
    }

    /// Every tier change of the customer, not paginated.
    public struct Result: Codable, Sendable, Hashable {
        /// The changes, newest first.
        public var items: [TierChange]
    }
}
