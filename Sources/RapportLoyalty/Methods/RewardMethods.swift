public import RapportCore
public import RapportCustomers
public import RapportJSON
public import RapportRPC

/// `rewards.configure`: points for actions.
public enum RewardsConfigure: RPCMethod {
    public static let name = "rewards.configure"
    public static let summary =
        "Replaces the rules that give points for actions: reviews, surveys, referrals, repeat orders, birthdays, completed profiles."
    public static let isMutating = true
    public typealias Params = RewardRules
    public typealias Result = RewardRules
}

/// `rewards.rules`: the rules in force.
public enum RewardsRules: RPCMethod {
    public static let name = "rewards.rules"
    public static let summary = "The action reward rules in force."
    public typealias Params = NoParams
    public typealias Result = RewardRules
}

/// `rewards.trigger`: report an action done outside Rapport.
public enum RewardsTrigger: RPCMethod {
    public static let name = "rewards.trigger"
    public static let summary =
        "Reports that a customer did a rewardable action; points follow the rules, never twice for one reference or beyond the limit."
    public static let discussion = """
        Raises `customer.action`, the same event the feedback and automation rooms raise, and answers \
        what the rules made of it. The reference names what was done (a review id, a survey id, the \
        birthday's year), so that a repeated report is `already_rewarded` instead of a second reward.
        """
    public static let isMutating = true
    public static let errors: [RapportError.Reason] = [.notFound]
    public typealias Result = RewardOutcome

    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        public var customerId: String
        public var event: CustomerAction
        public var reference: String
        public var at: Timestamp?

        public init(customerId: String, event: CustomerAction, reference: String, at: Timestamp? = nil) {
            self.customerId = customerId
            self.event = event
            self.reference = reference
            self.at = at
        }

        public static let fieldDescriptions = [
            "customerId": "Who did it.",
            "event": "What they did.",
            "reference": "What it was about (a review id, a survey id, \"2026\" for a birthday): one reference is rewarded once.",
            "at": "When; default now.",
        ]
    }

    public static func auditTarget(params: Params, result: RewardOutcome) -> String? { params.customerId }
}
