import GRDB
import RapportCore
public import RapportCustomers
public import RapportJSON
import RapportStorage

/// Points for actions (gamification): which actions earn how much, how often.
///
/// Standard: a completed profile 100 points once; a review 50 points, at most 3 in 30 days; a
/// completed survey 30 points, once in 30 days; a birthday 200 points, once in 365 days. Repeat
/// orders and converted referrals earn nothing extra (referrals have their own bonuses).
public struct RewardRules: LoyaltySetting, JSONSchemaDocumented {
    /// The setting's row name in `loyalty_config`, `rewards`.
    public static let settingName = "rewards"

    /// The rules, at most 32 and one per action; an action without a rule earns nothing.
    public var rules: [Rule]

    /// Rules as given; checked when `rewards.configure` saves them.
    public init(rules: [Rule]) { self.rules = rules }

    /// What one action earns, and how often one customer may earn it.
    public struct Rule: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// The points one rule may award.
        public static let pointsRange: ClosedRange<Int64> = 1...1_000_000
        /// The ranges the decoder enforces: `points` and `limitPerCustomer` 1 to 1000000.
        public static let fieldRanges: [String: ClosedRange<Int64>] = [
            "points": Rule.pointsRange,
            "limitPerCustomer": CountRange.quantity,
        ]
        /// The action rewarded.
        public var event: CustomerAction
        /// Points credited for each rewarded action, 1 to 1000000.
        public var points: Int64
        /// How many times one customer may be rewarded in `period`; null: no limit.
        public var limitPerCustomer: Int64?
        /// The period of the limit, `"30d"`; null: the customer's whole life.
        public var period: String?

        /// A rule giving `points` for `event`, without a limit unless one is given.
        public init(event: CustomerAction, points: Int64, limitPerCustomer: Int64? = nil, period: String? = nil) {
            self.event = event
            self.points = points
            self.limitPerCustomer = limitPerCustomer
            self.period = period
        }

        /// The field descriptions for protocol.md.
        public static let fieldDescriptions = [
            "event": "The action rewarded.",
            "points": "Points per action, 1 to 1000000.",
            "limitPerCustomer": "How many times one customer may be rewarded in `period`; null: no limit.",
            "period": "The period of the limit, such as \"30d\"; null: the customer's whole life.",
        ]
    }

    /// A store's rules until configured: profile 100 once; review 50, 3 in 30 days; survey 30 once in 30 days; birthday 200 once in 365 days.
    public static let standard = RewardRules(rules: [
        Rule(event: .profileCompleted, points: 100, limitPerCustomer: 1),
        Rule(event: .reviewSubmitted, points: 50, limitPerCustomer: 3, period: "30d"),
        Rule(event: .surveyCompleted, points: 30, limitPerCustomer: 1, period: "30d"),
        Rule(event: .birthday, points: 200, limitPerCustomer: 1, period: "365d"),
    ])

    /// The field descriptions for protocol.md.
    public static let fieldDescriptions = [
        "rules": "`[{event, points, limitPerCustomer?, period?}]`, at most one per event; an event without a rule earns nothing."
    ]

    func validated() throws(RapportError) -> RewardRules {
        guard rules.count <= 32 else { throw RapportError.invalid("rules", "at most 32 rules") }
        var seen = Set<CustomerAction>()
        for (index, rule) in rules.enumerated() {
            guard seen.insert(rule.event).inserted else {
                throw RapportError.invalid("rules[\(index)].event", "\(rule.event.rawValue) has two rules")
            }
            guard Rule.pointsRange.contains(rule.points) else { throw RapportError.invalid("rules[\(index)].points", "points must be 1 to 1000000") }
            if let limit = rule.limitPerCustomer, !CountRange.quantity.contains(limit) {
                throw RapportError.invalid("rules[\(index)].limitPerCustomer", "limitPerCustomer must be at least 1, or null for no limit")
            }
            if let period = rule.period { _ = try DayCount.parse(period, field: "rules[\(index)].period") }
        }
        return self
    }
}

/// What became of one rewardable action.
public struct RewardOutcome: Codable, Sendable, Hashable, JSONSchemaDocumented {
    /// Whether points were credited.
    public var granted: Bool
    /// Points credited (0 when not granted).
    public var points: Int64
    /// The bonus entry, when granted.
    public var entry: LedgerEntry?
    /// Why not: `no_rule`, `already_rewarded` (this reference earned before) or `limit_reached`.
    public var refusal: String?

    /// The field descriptions for protocol.md.
    public static let fieldDescriptions = [
        "granted": "Whether points were credited.",
        "points": "Points credited, 0 when not granted.",
        "entry": "The bonus entry, when granted.",
        "refusal": "Why not: no_rule, already_rewarded (this reference was rewarded before) or limit_reached.",
    ]
}

/// Grants rewards for actions as the rules say, never twice for one reference or beyond a limit.
struct Rewards: Sendable {
    let settings: ModuleSettings

    /// Raises the action (so that every room reacts, this one through ``grant(_:in:)``) and tells
    /// what the rules made of it.
    func report(_ action: CustomerActionPerformed, in context: WriteContext) throws -> RewardOutcome {
        let before = try grantEntry(of: action, in: context.db)
        try context.raise(action)
        guard before == nil, let entryId = try grantEntry(of: action, in: context.db) else {
            let rules = try settings.current(RewardRules.self, in: context.db)
            let refusal = before != nil ? "already_rewarded" : (rules.rules.contains { $0.event == action.action } ? "limit_reached" : "no_rule")
            return RewardOutcome(granted: false, points: 0, entry: nil, refusal: refusal)
        }
        let entry = try EntryRow.find(entryId, in: context.db)
        return RewardOutcome(granted: true, points: entry?.points ?? 0, entry: entry, refusal: nil)
    }

    private func grantEntry(of action: CustomerActionPerformed, in db: Database) throws -> String? {
        try RewardGrantRow.entry(forAction: action.action.rawValue, reference: action.reference, of: action.customerId, in: db)
    }

    func grant(_ action: CustomerActionPerformed, in context: WriteContext) throws -> RewardOutcome {
        let db = context.db
        let rules = try settings.current(RewardRules.self, in: db)
        guard let rule = rules.rules.first(where: { $0.event == action.action }) else {
            return RewardOutcome(granted: false, points: 0, entry: nil, refusal: "no_rule")
        }
        guard try grantEntry(of: action, in: db) == nil else {
            return RewardOutcome(granted: false, points: 0, entry: nil, refusal: "already_rewarded")
        }
        if let limit = rule.limitPerCustomer {
            let since = try rule.period.map { try action.at.adding(days: -DayCount.parse($0, field: "period")).millisecondsSince1970 } ?? .min
            let count = try RewardGrantRow.count(of: action.action.rawValue, by: action.customerId, after: since, until: action.at, in: db)
            guard count < limit else { return RewardOutcome(granted: false, points: 0, entry: nil, refusal: "limit_reached") }
        }
        let program = try settings.current(LoyaltyProgram.self, in: db)
        try Ledger.settle(action.customerId, at: action.at, in: context)
        let entry = try Ledger.credit(
            .bonus, rule.points, to: action.customerId, at: action.at, expiresAt: program.expiry(ofPointsCreditedAt: action.at),
            reason: action.action.rawValue.replacingUnderscores, reference: "reward:\(action.action.rawValue):\(action.reference)",
            in: context)
        try RewardGrantRow.insert(
            RewardGrantRow.Grant(action: action.action.rawValue, reference: action.reference, entryId: entry.id, at: action.at),
            customerId: action.customerId, in: db)
        try context.raise(PointsEarned(entry: entry))
        return RewardOutcome(granted: true, points: rule.points, entry: entry, refusal: nil)
    }
}

extension String {
    /// `review_submitted` → `review submitted`.
    var replacingUnderscores: String { String(map { $0 == "_" ? " " : $0 }) }
}
