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

/// `referrals.configure`: the referral bonuses.
public enum ReferralsConfigure: RPCMethod {
    public static let name = "referrals.configure"
    public static let summary = "Sets the referrer's and referee's bonuses and the least first order that converts a referral."
    public static let discussion = """
        The first order of a referred customer that reaches minOrderAmount converts the referral: \
        both bonuses are credited in that order's transaction, pending through the program's return \
        window like the order's own points. If that order is refunded in full, both bonuses are \
        reversed and the referral waits for another qualifying order.
        """
    public static let isMutating = true
    public typealias Params = ReferralProgram
    public typealias Result = ReferralProgram
}

/// `referrals.code`: a customer's code to share.
public enum ReferralsCode: RPCMethod {
    public static let name = "referrals.code"
    public static let summary = "A customer's referral code: eight characters without look-alikes, made on first call and the same ever after."
    public static let discussion = "New customers pass it as `referralCode` to customers.create (or referrals.link) to be linked to the referrer."
    public static let isMutating = true
    public static let errors: [RapportError.Reason] = [.notFound, .notAllowed]

    public struct Params: Codable, Sendable, Hashable {
        public var customerId: String

        public init(customerId: String) { self.customerId = customerId }
    }

    public struct Result: Codable, Sendable, Hashable {
        public var customerId: String
        public var code: String
    }

    public static func auditTarget(params: Params, result: Result) -> String? { params.customerId }
}

/// `referrals.link`: link an existing new customer to a referrer.
public enum ReferralsLink: RPCMethod {
    public static let name = "referrals.link"
    public static let summary = "Links a customer who has not ordered yet to the owner of a referral code."
    public static let discussion = """
        Refused: an unknown code (`not_found`), one's own code or a cycle (`not_allowed`), a \
        customer already referred (`conflict`, data.existingId is the referrer) or one who already \
        ordered (`not_allowed`).
        """
    public static let isMutating = true
    public static let errors: [RapportError.Reason] = [.notFound, .notAllowed, .conflict]
    public typealias Result = Referral

    public struct Params: Codable, Sendable, Hashable {
        public var customerId: String
        public var code: String
        public var at: Timestamp?

        public init(customerId: String, code: String, at: Timestamp? = nil) {
            self.customerId = customerId
            self.code = code
            self.at = at
        }
    }

    public static func auditTarget(params: Params, result: Referral) -> String? { params.customerId }
}

/// `referrals.stats`: how a customer's invitations did.
public enum ReferralsStats: RPCMethod {
    public static let name = "referrals.stats"
    public static let summary = "A customer's referrals: invited, converted, what the referees spent and the points earned."
    public static let errors: [RapportError.Reason] = [.notFound]
    public typealias Result = ReferralStats

    public struct Params: Codable, Sendable, Hashable {
        public var customerId: String

        public init(customerId: String) { self.customerId = customerId }
    }
}
