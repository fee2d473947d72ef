public import RapportCore
public import RapportRPC

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
