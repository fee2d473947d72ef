public import RapportCore
public import RapportCustomers
public import RapportJSON
public import RapportRPC

/// `rewards.configure`: points for actions.
public enum RewardsConfigure: RPCMethod {
    /// The method's wire name.
    public static let name = "rewards.configure"
    /// The method's line for protocol.md.
    public static let summary =
        "Replaces the rules that give points for actions: reviews, surveys, referrals, repeat orders, birthdays, completed profiles."
    /// Mutating: it saves the reward rules.
    public static let isMutating = true
    /// The whole new rules, checked before they are saved.
    public typealias Params = RewardRules
    /// The rules saved.
    public typealias Result = RewardRules
}

/// `rewards.rules`: the rules in force.
public enum RewardsRules: RPCMethod {
    /// The method's wire name.
    public static let name = "rewards.rules"
    /// The method's line for protocol.md.
    public static let summary = "The action reward rules in force."
    /// The method takes no params.
    public typealias Params = NoParams
    /// The rules in force.
    public typealias Result = RewardRules
}

/// `rewards.trigger`: report an action done outside Rapport.
public enum RewardsTrigger: RPCMethod {
    /// The method's wire name.
    public static let name = "rewards.trigger"
    /// The method's line for protocol.md.
    public static let summary =
        "Reports that a customer did a rewardable action; points follow the rules, never twice for one reference or beyond the limit."
    /// The method's further paragraphs for protocol.md: the event it raises and what the reference is for.
    public static let discussion = """
        Raises `customer.action`, the same event the feedback and automation rooms raise, and answers \
        what the rules made of it. The reference names what was done (a review id, a survey id, the \
        birthday's year), so that a repeated report is `already_rewarded` instead of a second reward.
        """
    /// Mutating: it raises `customer.action`, which may credit a bonus entry.
    public static let isMutating = true
    /// `not_found` for an unknown customer.
    public static let errors: [RapportError.Reason] = [.notFound]
    /// Whether points were granted, how many, and why not.
    public typealias Result = RewardOutcome

    /// A rewards.trigger params value: who did what, about what, and when.
    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// The id of the customer who did it, `cus_…`.
        public var customerId: String
        /// The action done.
        public var event: CustomerAction
        /// What it was about (a review id, a survey id, a birthday's year), up to 128 characters; one reference earns once.
        public var reference: String
        /// When it was done, the end of the limit's period; default now.
        public var at: Timestamp?

        /// Params reporting `event` about `reference`, done now unless `at` is given.
        public init(customerId: String, event: CustomerAction, reference: String, at: Timestamp? = nil) {
            self.customerId = customerId
            self.event = event
            self.reference = reference
            self.at = at
        }

        /// The field descriptions for protocol.md.
        public static let fieldDescriptions = [
            "customerId": "Who did it.",
            "event": "What they did.",
            "reference": "What it was about (a review id, a survey id, \"2026\" for a birthday): one reference is rewarded once.",
            "at": "When; default now.",
        ]
    }

    /// The audit target: the customer's id.
    public static func auditTarget(params: Params, result: RewardOutcome) -> String? { params.customerId }
}
