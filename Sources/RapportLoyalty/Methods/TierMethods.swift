public import RapportCore
public import RapportJSON
public import RapportRPC

/// `tiers.configure`: replace the tier policy.
public enum TiersConfigure: RPCMethod {
    public static let name = "tiers.configure"
    public static let summary =
        "Replaces the tiers (names, thresholds, multipliers, perks), the qualifying window and basis, and the downgrade grace."
    public static let discussion = """
        Customers are not moved at once: upgrades happen on their next order, and `tiers.evaluate` \
        moves everyone (up at once, down after the grace period). A customer whose tier no longer \
        exists counts as the base tier.
        """
    public static let isMutating = true
    public typealias Params = TierPolicy
    public typealias Result = TierPolicy
}

/// `tiers.list`: the tier policy in force.
public enum TiersList: RPCMethod {
    public static let name = "tiers.list"
    public static let summary = "The tier policy in force (Silver, Gold, Platinum until tiers.configure changes it)."
    public typealias Params = NoParams
    public typealias Result = TierPolicy
}

/// `tiers.evaluate`: move everyone to the tier they qualify for.
public enum TiersEvaluate: RPCMethod {
    public static let name = "tiers.evaluate"
    public static let summary =
        "Re-evaluates every account: upgrades at once, downgrades after the grace period; each change kept in the tier history."
    public static let discussion = """
        A customer found below their tier starts a grace period (graceDays) and is moved down by the \
        first evaluation after it ends, to the tier their qualifying spend reaches; one found back \
        above ends the grace. Runs in steps of 1,000 accounts, each its own short transaction. \
        Idempotent for a given `at`.
        """
    public static let isMutating = true

    public struct Params: Codable, Sendable, Hashable {
        public var at: Timestamp?

        public init(at: Timestamp? = nil) { self.at = at }
    }

    public struct Result: Codable, Sendable, Hashable, JSONSchemaDocumented {
        public var evaluated: Int
        public var upgraded: Int
        public var downgraded: Int
        public var inGrace: Int
        public var at: Timestamp

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
    public static let name = "tiers.status"
    public static let summary = "A customer's tier, perks, progress to the next tier (amount left) and when the tier is next at stake."
    public static let errors: [RapportError.Reason] = [.notFound]
    public typealias Result = TierStatus

    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        public var customerId: String
        public var at: Timestamp?

        public init(customerId: String, at: Timestamp? = nil) {
            self.customerId = customerId
            self.at = at
        }

        public static let fieldDescriptions = [
            "customerId": "Whose tier.",
            "at": "The end of the qualifying window to measure; the tier shown is the current one. Default now.",
        ]
    }
}

/// `tiers.history`: one customer's tier changes.
public enum TiersHistory: RPCMethod {
    public static let name = "tiers.history"
    public static let summary = "A customer's tier changes with their reasons, newest first."
    public static let errors: [RapportError.Reason] = [.notFound]

    public struct Params: Codable, Sendable, Hashable {
        public var customerId: String

        public init(customerId: String) { self.customerId = customerId }
    }

    public struct Result: Codable, Sendable, Hashable {
        public var items: [TierChange]
    }
}
