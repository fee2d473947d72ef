import GRDB
public import RapportCore
import RapportCustomers
public import RapportJSON
import RapportStorage

/// The referral program: the bonuses of both sides and what the referee's first order must reach.
///
/// Standard: the referrer gets 500 points and the referee 300 when the referee's first order of
/// at least 1,000.00 is recorded.
public struct ReferralProgram: LoyaltySetting, JSONSchemaDocumented {
    /// The ranges the decoder enforces: either bonus 0 to 1000000, `minOrderAmount` 0 or more minor units.
    public static let fieldRanges: [String: ClosedRange<Int64>] = [
        "referrerPoints": pointsRange,
        "refereePoints": pointsRange,
        "minOrderAmount": Money.nonNegativeRange,
    ]
    /// The setting's row name in `loyalty_config`, `referrals`.
    public static let settingName = "referrals"
    /// The points either side of a referral may get.
    public static let pointsRange: ClosedRange<Int64> = 0...1_000_000

    /// Points credited to the customer who invited, 0 to 1000000; 0 gives none.
    public var referrerPoints: Int64
    /// Points credited to the invited customer, 0 to 1000000; 0 gives none.
    public var refereePoints: Int64
    /// The least a referee's order must be to convert the referral, in minor units.
    public var minOrderAmount: Money

    /// A program with these bonuses and minimum; checked when `referrals.configure` saves it.
    public init(referrerPoints: Int64, refereePoints: Int64, minOrderAmount: Money) {
        self.referrerPoints = referrerPoints
        self.refereePoints = refereePoints
        self.minOrderAmount = minOrderAmount
    }

    /// A store's program until configured: 500 points to the referrer and 300 to the referee on a first order of 1,000.00.
    public static let standard = ReferralProgram(referrerPoints: 500, refereePoints: 300, minOrderAmount: Money(minorUnits: 100_000))

    /// The field descriptions for protocol.md.
    public static let fieldDescriptions = [
        "referrerPoints": "Points for the customer who invited, 0 to 1000000.",
        "refereePoints": "Points for the invited customer, 0 to 1000000.",
        "minOrderAmount": "The least the referee's order must be to convert the referral, in minor units.",
    ]

    func validated() throws(RapportError) -> ReferralProgram {
        guard Self.pointsRange.contains(referrerPoints) else { throw RapportError.invalid("referrerPoints", "referrerPoints must be 0 to 1000000") }
        guard Self.pointsRange.contains(refereePoints) else { throw RapportError.invalid("refereePoints", "refereePoints must be 0 to 1000000") }
        guard minOrderAmount.minorUnits >= 0 else { throw RapportError.invalid("minOrderAmount", "minOrderAmount must be 0 or more") }
        return self
    }
}

/// A link between a referrer and the customer they invited.
public struct Referral: Codable, Sendable, Hashable, JSONSchemaDocumented {
    /// The id of the invited customer, `cus_…`.
    public var refereeId: String
    /// The id of the customer who invited, `cus_…`.
    public var referrerId: String
    /// The referral code used, as stored: eight characters, upper case, without dashes or spaces.
    public var code: String
    /// When the link was made: when the referee was created with the code, or the `at` of referrals.link.
    public var linkedAt: Timestamp
    /// When the referee's first qualifying order was recorded; null until then.
    public var convertedAt: Timestamp?
    /// The referee's order that converted the referral, `ord_…`; null until then.
    public var orderId: String?

    /// The field descriptions for protocol.md.
    public static let fieldDescriptions = [
        "refereeId": "The invited customer.",
        "referrerId": "The customer who invited.",
        "code": "The referral code used.",
        "linkedAt": "When the link was made.",
        "convertedAt": "When the referee's first qualifying order was recorded; null until then.",
        "orderId": "That order.",
    ]
}

/// Referral codes, links (with their abuse rules) and conversions.
struct Referrals: Sendable {
    let settings: ModuleSettings
    let customers: CustomersService

    /// The customer's referral code, made on first use and the same ever after.
    func code(for customerId: String, in context: WriteContext) throws -> String {
        let db = context.db
        try customers.ensureActive(customerId, in: db)
        if let code = try AccountRow.account(customerId, in: db)?.referralCode { return code }
        try AccountRow.ensure(customerId, in: db)
        let code = try HumanCode.unique(seed: customerId) { try AccountRow.referralCodeExists($0, in: db) }
        try AccountRow.setReferralCode(code, of: customerId, in: db)
        return code
    }

    /// Links `refereeId` to the owner of `code`, refusing unknown codes, self-referral, a second
    /// referrer, cycles, and customers who already ordered.
    func link(_ refereeId: String, code typed: String, at: Timestamp, in context: WriteContext, field: String = "code") throws -> Referral {
        let db = context.db
        let code = HumanCode.normalized(typed)
        guard var referrerId = try AccountRow.owner(ofReferralCode: code, in: db) else {
            throw RapportError(.notFound, "no customer has the referral code \"\(typed)\"", field: field)
        }
        // A merged referrer's code keeps working for the customer it was merged into.
        if let into = try customers.customer(referrerId, in: db)?.mergedInto { referrerId = into }
        let referrer = try customers.activeCustomer(referrerId, in: db, field: field)
        let referee = try customers.activeCustomer(refereeId, in: db)
        guard referrer.id != referee.id else {
            throw RapportError(.notAllowed, "a customer cannot refer themselves", field: field)
        }
        if let existing = try referral(of: referee.id, in: db) {
            throw RapportError(
                .conflict, "\(referee.id) was already referred by \(existing.referrerId)", field: field,
                details: ["existingId": .string(existing.referrerId)])
        }
        guard referee.stats.orderCount == 0 else {
            throw RapportError(.notAllowed, "\(referee.id) has already ordered; only new customers can be referred", field: "customerId")
        }
        var ancestor: String? = referrer.id
        var depth = 0
        while let current = ancestor, depth < 10_000 {
            guard current != referee.id else {
                throw RapportError(
                    .notAllowed, "\(referrer.id) was itself referred, directly or not, by \(referee.id): referrals cannot form a cycle",
                    field: field)
            }
            ancestor = try ReferralRow.referrer(of: current, in: db)
            depth += 1
        }
        let referral = Referral(refereeId: referee.id, referrerId: referrer.id, code: code, linkedAt: at, convertedAt: nil, orderId: nil)
        try ReferralRow.insert(referral, in: db)
        return referral
    }

    func referral(of refereeId: String, in db: Database) throws -> Referral? {
        try ReferralRow.find(referee: refereeId, in: db)
    }

    /// Converts the referral of the order's customer when this is their first order of at least
    /// the minimum: both sides get their bonus in this transaction.
    func convertIfQualifying(_ order: Order, in context: WriteContext) throws {
        let db = context.db
        guard var referral = try referral(of: order.customerId, in: db), referral.convertedAt == nil else { return }
        let program = try settings.current(ReferralProgram.self, in: db)
        guard order.amount >= program.minOrderAmount else { return }
        let loyalty = try settings.current(LoyaltyProgram.self, in: db)
        let expiry = loyalty.expiry(ofPointsCreditedAt: order.at)
        referral.convertedAt = order.at
        referral.orderId = order.id
        try ReferralRow.setConversion(of: referral.refereeId, at: order.at, orderId: order.id, in: db)
        for (customerId, points, reason) in [
            (referral.referrerId, program.referrerPoints, "referral of \(referral.refereeId)"),
            (referral.refereeId, program.refereePoints, "joined by referral of \(referral.referrerId)"),
        ] where points > 0 {
            try Ledger.settle(customerId, at: order.at, in: context)
            // Pending through the return window like the order's own points: a returned order takes them back.
            let entry = try Ledger.credit(
                .bonus, points, to: customerId, at: order.at, availableAt: order.at.adding(days: loyalty.pendingDays),
                expiresAt: expiry, orderId: order.id, reason: reason, reference: "referral:\(referral.refereeId)",
                in: context)
            try context.raise(PointsEarned(entry: entry))
        }
        try context.raise(ReferralConverted(referral: referral))
        try context.raise(
            CustomerActionPerformed(
                customerId: referral.referrerId, action: .referralConverted,
                reference: referral.refereeId, at: order.at))
    }

    /// Undoes the conversion made by an order refunded in full: both bonuses are reversed and
    /// the referral waits for another qualifying order.
    func revokeConversion(by order: Order, refund: Refund, in context: WriteContext) throws {
        let db = context.db
        guard let refereeId = try ReferralRow.referee(convertedBy: order.id, in: db) else { return }
        for bonus in try EntryRow.bonuses(onOrder: order.id, reference: "referral:\(refereeId)", in: db) {
            try Ledger.settle(bonus.customerId, at: refund.at, in: context)
            let entry = try Ledger.debit(
                .reverse, bonus.points, from: bonus.customerId, at: refund.at, source: .reversal(ofLot: bonus.id),
                orderId: order.id, reason: "referral bonus taken back: order \(order.externalId) refunded in full",
                reference: "referral:\(refereeId)", in: context)
            try context.raise(PointsAdjusted(entry: entry))
        }
        try ReferralRow.setConversion(of: refereeId, at: nil, orderId: nil, in: db)
    }

    func stats(_ customerId: String, in db: Database) throws -> ReferralStats {
        try customers.ensureExists(customerId, in: db)
        let invitations = try ReferralRow.invitations(by: customerId, in: db)
        return ReferralStats(
            customerId: customerId, code: try AccountRow.account(customerId, in: db)?.referralCode, invited: invitations.invited,
            converted: invitations.converted, refereeRevenue: Money(minorUnits: invitations.revenue),
            pointsEarned: try ReferralRow.pointsEarned(by: customerId, in: db), referredBy: try referral(of: customerId, in: db)?.referrerId)
    }
}

/// `referrals.stats`: how well a customer's invitations did.
public struct ReferralStats: Codable, Sendable, Hashable, JSONSchemaDocumented {
    /// The id of the customer whose invitations these are, `cus_…`.
    public var customerId: String
    /// The customer's code; null until `referrals.code` made one.
    public var code: String?
    /// How many customers are linked to them as referees.
    public var invited: Int64
    /// Of those, how many placed a qualifying first order (and kept it: a full refund undoes a conversion).
    public var converted: Int64
    /// What the invited customers have spent, net of refunds.
    public var refereeRevenue: Money
    /// Referral bonuses the customer earned as referrer.
    public var pointsEarned: Int64
    /// Who invited this customer, if anyone.
    public var referredBy: String?

    /// The field descriptions for protocol.md.
    public static let fieldDescriptions = [
        "customerId": "The referrer.",
        "code": "Their referral code; null until referrals.code made one.",
        "invited": "Customers linked to them.",
        "converted": "Of those, how many placed a qualifying first order.",
        "refereeRevenue": "What the invited customers have spent, net of refunds, in minor units.",
        "pointsEarned": "Referral bonuses earned as referrer, net of those taken back when a converting order was refunded in full.",
        "referredBy": "Who invited this customer, if anyone.",
    ]
}
