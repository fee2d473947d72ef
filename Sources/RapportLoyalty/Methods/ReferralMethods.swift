public import RapportCore
public import RapportRPC

/// `referrals.configure`: the referral bonuses.
public enum ReferralsConfigure: RPCMethod {
    /// The method's wire name.
    public static let name = "referrals.configure"
    /// The method's line for protocol.md.
    public static let summary = "Sets the referrer's and referee's bonuses and the least first order that converts a referral."
    /// The method's further paragraphs for protocol.md: conversion, pending bonuses and a full refund.
    public static let discussion = """
        The first order of a referred customer that reaches minOrderAmount converts the referral: \
        both bonuses are credited in that order's transaction, pending through the program's return \
        window like the order's own points. If that order is refunded in full, both bonuses are \
        reversed and the referral waits for another qualifying order.
        """
    /// Mutating: it saves the referral program.
    public static let isMutating = true
    /// The whole new program, checked before it is saved.
    public typealias Params = ReferralProgram
    /// The program saved.
    public typealias Result = ReferralProgram
}

/// `referrals.code`: a customer's code to share.
public enum ReferralsCode: RPCMethod {
    /// The method's wire name.
    public static let name = "referrals.code"
    /// The method's line for protocol.md.
    public static let summary = "A customer's referral code: eight characters without look-alikes, made on first call and the same ever after."
    /// The method's further paragraph for protocol.md: how new customers use the code.
    public static let discussion = "New customers pass it as `referralCode` to customers.create (or referrals.link) to be linked to the referrer."
    /// Mutating: the first call makes and stores the code.
    public static let isMutating = true
    /// `not_found` for an unknown customer, `not_allowed` for a merged or erased one.
    public static let errors: [RapportError.Reason] = [.notFound, .notAllowed]

    /// A referrals.code params value.
    public struct Params: Codable, Sendable, Hashable {
        /// The id of the customer whose code to get, `cus_…`.
        public var customerId: String

        /// Params for `customerId`'s code.
        public init(customerId: String) { self.customerId = customerId }
    }

    /// A customer's referral code.
    public struct Result: Codable, Sendable, Hashable {
        /// The id of the customer who owns the code, `cus_…`.
        public var customerId: String
        /// The code, eight characters without look-alikes, the same on every call.
        public var code: String
    }

    /// The audit target: the customer's id.
    public static func auditTarget(params: Params, result: Result) -> String? { params.customerId }
}

/// `referrals.link`: link an existing new customer to a referrer.
public enum ReferralsLink: RPCMethod {
    /// The method's wire name.
    public static let name = "referrals.link"
    /// The method's line for protocol.md.
    public static let summary = "Links a customer who has not ordered yet to the owner of a referral code."
    /// The method's further paragraph for protocol.md: each refusal and its error.
    public static let discussion = """
        Refused: an unknown code (`not_found`), one's own code or a cycle (`not_allowed`), a \
        customer already referred (`conflict`, data.existingId is the referrer) or one who already \
        ordered (`not_allowed`).
        """
    /// Mutating: it stores the link.
    public static let isMutating = true
    /// `not_found` for an unknown code or customer, `not_allowed` for one's own code, a cycle or one who ordered, `conflict` once referred.
    public static let errors: [RapportError.Reason] = [.notFound, .notAllowed, .conflict]
    /// The new link, not converted yet.
    public typealias Result = Referral

    /// A referrals.link params value.
    public struct Params: Codable, Sendable, Hashable {
        /// The id of the customer to link as the referee, `cus_…`; they must not have ordered yet.
        public var customerId: String
        /// The referrer's code as typed; case, dashes and spaces are ignored.
        public var code: String
        /// When the link is made; default now.
        public var at: Timestamp?

        /// Params linking `customerId` to the owner of `code`, now unless `at` is given.
        public init(customerId: String, code: String, at: Timestamp? = nil) {
            self.customerId = customerId
            self.code = code
            self.at = at
        }
    }

    /// The audit target: the referee's id.
    public static func auditTarget(params: Params, result: Referral) -> String? { params.customerId }
}

/// `referrals.stats`: how a customer's invitations did.
public enum ReferralsStats: RPCMethod {
    /// The method's wire name.
    public static let name = "referrals.stats"
    /// The method's line for protocol.md.
    public static let summary = "A customer's referrals: invited, converted, what the referees spent and the points earned."
    /// `not_found` for an unknown customer; merged and erased customers can still be read.
    public static let errors: [RapportError.Reason] = [.notFound]
    /// The customer's referral figures.
    public typealias Result = ReferralStats

    /// A referrals.stats params value.
    public struct Params: Codable, Sendable, Hashable {
        /// The id of the customer whose invitations to count, `cus_…`.
        public var customerId: String

        /// Params for `customerId`'s referral figures.
        public init(customerId: String) { self.customerId = customerId }
    }
}
