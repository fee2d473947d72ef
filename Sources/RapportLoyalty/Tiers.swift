import GRDB
public import RapportCore
import RapportCustomers
public import RapportJSON
import RapportStorage

/// One move between tiers, kept forever in the tier history.
public struct TierChange: Codable, Sendable, Hashable, JSONSchemaDocumented {
    /// The change's id, `tch_…`.
    public var id: String
    /// The id of the customer who moved, `cus_…`.
    public var customerId: String
    /// The tier before; null when the customer had never moved (the base tier).
    public var from: String?
    /// The tier after the move.
    public var to: String
    /// Why: `qualified`, `fell below`, `merged`, `evaluation`.
    public var reason: String
    /// The qualifying spend or points when it changed.
    public var qualifying: Int64
    /// When the move happened.
    public var at: Timestamp

    /// The field descriptions for protocol.md.
    public static let fieldDescriptions = [
        "id": "The change's id (`tch_…`).",
        "customerId": "Who moved.",
        "from": "The tier before; null for the base tier of a customer who never moved.",
        "to": "The tier after.",
        "reason": "Why, in words.",
        "qualifying": "The qualifying spend (minor units) or points at the time.",
        "at": "When.",
    ]
}

/// Tier qualification, upgrades, evaluation with grace, and the status of one customer.
struct Tiers: Sendable {
    let settings: ModuleSettings

    /// The customer's tier name (the base tier when never moved) under `policy`.
    func tierName(of account: LoyaltyAccount?, in policy: TierPolicy) -> String {
        policy.tiers[policy.rank(of: account?.tier)].name
    }

    /// What counts toward tiers in the window that ends at `at`.
    func qualifying(_ customerId: String, at: Timestamp, policy: TierPolicy, in db: Database) throws -> Int64 {
        let since = at.adding(days: -policy.windowDays).millisecondsSince1970
        return try Int64.fetchOne(
            db.cachedStatement(sql: Self.qualifyingSQL(policy, customer: "?3")),
            arguments: [since, at.millisecondsSince1970, customerId]) ?? 0
    }

    /// What counts toward tiers for the customer `customer` (an SQL expression) in the window
    /// from `?1` (excluded) to `?2`: spend net of refunds, or points earned net of reversals.
    static func qualifyingSQL(_ policy: TierPolicy, customer: String) -> String {
        switch policy.qualifyingOn {
        case .spend:
            "SELECT coalesce(sum(o.amount - o.refunded), 0) FROM \(CustomersViews.orders) o WHERE o.customer_id = \(customer) AND o.at > ?1 AND o.at <= ?2"
        case .points:
            EntryRow.qualifyingPointsSQL(customer: customer)
        }
    }

    /// Moves the customer up at once when what qualifies reaches a higher tier (after an order);
    /// `account` is the customer's account as read before the order's points.
    func upgradeIfQualified(_ customerId: String, account: LoyaltyAccount?, policy: TierPolicy, at: Timestamp, in context: WriteContext) throws {
        let current = policy.rank(of: account?.tier)
        guard current < policy.tiers.count - 1 else { return }
        let qualifying = try qualifying(customerId, at: at, policy: policy, in: context.db)
        let target = policy.rank(qualifying: qualifying)
        if target > current {
            try change(
                customerId, from: account?.tier, to: policy.tiers[target].name, qualifying: qualifying,
                reason: "qualified: \(qualifying) in \(policy.window)", at: at, in: context)
        }
    }

    /// What one evaluation step did.
    struct Evaluation: Sendable {
        var lastCustomer: String?
        var evaluated = 0
        var upgraded = 0
        var downgraded = 0
        var inGrace = 0
        var done = false
    }

    /// Evaluates the next `batch` accounts after `progress.lastCustomer` at `at`: upgrades whoever
    /// qualifies higher, starts the grace period of whoever fell below, and moves down whoever
    /// stayed below for the whole grace period.
    func evaluateStep(_ progress: Evaluation, at: Timestamp, batch: Int, in context: WriteContext) throws -> Evaluation {
        let policy = try settings.current(TierPolicy.self, in: context.db)
        var progress = progress
        let since = at.adding(days: -policy.windowDays).millisecondsSince1970
        let standings = try AccountRow.standings(
            after: progress.lastCustomer ?? "", limit: batch, qualifyingSQL: Self.qualifyingSQL(policy, customer: "a.customer_id"),
            window: (since, at.millisecondsSince1970), in: context.db)
        for standing in standings {
            let (customerId, tier, belowSince, qualifying) = (standing.customerId, standing.tier, standing.belowTierSince, standing.qualifying)
            let current = policy.rank(of: tier)
            let target = policy.rank(qualifying: qualifying)
            progress.evaluated += 1
            if target > current {
                try change(
                    customerId, from: tier, to: policy.tiers[target].name, qualifying: qualifying,
                    reason: "qualified at evaluation: \(qualifying) in \(policy.window)", at: at, in: context)
                progress.upgraded += 1
            } else if target < current {
                let graceStart = belowSince ?? at
                if graceStart.adding(days: policy.downgrade.graceDays) <= at {
                    try change(
                        customerId, from: tier, to: policy.tiers[target].name, qualifying: qualifying,
                        reason:
                            "fell below \(policy.tiers[current].name): \(qualifying) in \(policy.window), after \(policy.downgrade.graceDays) days of grace",
                        at: at, in: context)
                    progress.downgraded += 1
                } else {
                    if belowSince == nil { try AccountRow.setBelowTierSince(at, of: customerId, in: context.db) }
                    progress.inGrace += 1
                }
            } else if belowSince != nil {
                try AccountRow.setBelowTierSince(nil, of: customerId, in: context.db)
            }
        }
        progress.lastCustomer = standings.last?.customerId ?? progress.lastCustomer
        progress.done = standings.count < batch
        return progress
    }

    /// Records a move and raises `tier.changed`.
    func change(
        _ customerId: String, from: String?, to: String, qualifying: Int64, reason: String, at: Timestamp,
        in context: WriteContext
    ) throws {
        try AccountRow.ensure(customerId, in: context.db)
        let change = TierChange(
            id: context.newID("tch", at: at), customerId: customerId, from: from, to: to, reason: reason,
            qualifying: qualifying, at: at)
        try AccountRow.setTier(to, since: at, of: customerId, in: context.db)
        try TierChangeRow.insert(change, in: context.db)
        try context.raise(TierChanged(change: change))
    }

    /// The customer's tier changes, newest first.
    func history(_ customerId: String, in db: Database) throws -> [TierChange] {
        try TierChangeRow.all(of: customerId, newestFirst: true, in: db)
    }

    /// Where the customer stands: tier, perks, progress to the next tier, and when the tier is next at stake.
    func status(_ customerId: String, at: Timestamp, in db: Database) throws -> TierStatus {
        let policy = try settings.current(TierPolicy.self, in: db)
        let account = try AccountRow.account(customerId, in: db)
        let rank = policy.rank(of: account?.tier)
        let tier = policy.tiers[rank]
        let qualifying = try qualifying(customerId, at: at, policy: policy, in: db)
        let next = rank + 1 < policy.tiers.count ? policy.tiers[rank + 1] : nil
        return TierStatus(
            customerId: customerId, tier: tier.name, multiplier: tier.multiplier, perks: tier.perks, since: account?.tierSince,
            qualifyingOn: policy.qualifyingOn, qualifying: qualifying, window: policy.window,
            next: next.map { TierStatus.Next(tier: $0.name, threshold: $0.threshold, remaining: max(0, $0.threshold - qualifying)) },
            belowSince: account?.belowTierSince,
            nextEvaluationAt: rank == 0
                ? nil
                : try atStake(
                    customerId, tier: tier, qualifying: qualifying, account: account,
                    policy: policy, at: at, in: db))
    }

    /// When the tier is next at stake: the end of a running grace period, or else the day the
    /// window stops covering enough (as orders leave it) plus the grace period.
    private func atStake(
        _ customerId: String, tier: TierPolicy.Tier, qualifying: Int64, account: LoyaltyAccount?,
        policy: TierPolicy, at: Timestamp, in db: Database
    ) throws -> Timestamp? {
        if let below = account?.belowTierSince { return below.adding(days: policy.downgrade.graceDays) }
        guard policy.qualifyingOn == .spend else { return nil }
        let since = at.adding(days: -policy.windowDays).millisecondsSince1970
        var left = qualifying
        let orders = try Row.fetchCursor(
            db,
            sql: """
                SELECT at, amount - refunded AS paid FROM \(CustomersViews.orders) WHERE customer_id = ? AND at > ? AND at <= ? ORDER BY at
                """, arguments: [customerId, since, at.millisecondsSince1970])
        while let order = try orders.next() {
            left -= try order.decode(Int64.self, forColumn: "paid")
            if left < tier.threshold {
                return try order.timestamp(forColumn: "at").adding(days: policy.windowDays + policy.downgrade.graceDays)
            }
        }
        return at.adding(days: policy.downgrade.graceDays)
    }
}

/// `tiers.status`: a customer's tier and how far the next one is.
public struct TierStatus: Codable, Sendable, Hashable, JSONSchemaDocumented {
    /// The id of the customer whose standing this is, `cus_…`.
    public var customerId: String
    /// The name of the customer's tier now (the base tier for one who never moved).
    public var tier: String
    /// The tier's earning multiplier (1.25 = 25% more points).
    public var multiplier: Double
    /// What the tier gives its members, as text for people.
    public var perks: [String]
    /// When the customer reached the tier; null for the base tier of one who never moved.
    public var since: Timestamp?
    /// What the thresholds count: spend or points.
    public var qualifyingOn: TierPolicy.Qualifying
    /// Spend (minor units) or points in the window ending now.
    public var qualifying: Int64
    /// The qualifying window, such as `365d`.
    public var window: String
    /// The next tier up, null at the top.
    public var next: Next?
    /// When an evaluation first found the customer below the tier (the grace period runs from then).
    public var belowSince: Timestamp?
    /// When the tier is next at stake; null for the base tier.
    public var nextEvaluationAt: Timestamp?

    /// The next tier up and how far it is.
    public struct Next: Codable, Sendable, Hashable {
        /// The next tier's name.
        public var tier: String
        /// Its threshold: spend in minor units, or points.
        public var threshold: Int64
        /// How much more spend (or points) reaches it.
        public var remaining: Int64
    }

    /// The field descriptions for protocol.md.
    public static let fieldDescriptions = [
        "customerId": "Whose status.",
        "tier": "The current tier.",
        "multiplier": "The tier's earning multiplier.",
        "perks": "What the tier gives.",
        "since": "When the customer reached it; null for the base tier of one who never moved.",
        "qualifyingOn": "spend or points.",
        "qualifying": "Spend (minor units, net of refunds) or points in the window ending now.",
        "window": "The qualifying window.",
        "next": "`{tier, threshold, remaining}`: the next tier up and how much more reaches it; null at the top.",
        "belowSince": "When an evaluation first found the customer below the tier; the grace period runs from then.",
        "nextEvaluationAt":
            "When the tier is next at stake: the end of the grace period, or the day the window stops covering the threshold plus the grace period; null for the base tier.",
    ]
}
