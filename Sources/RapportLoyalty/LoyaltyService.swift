public import GRDB
public import RapportCore
public import RapportCustomers
public import RapportStorage

/// The loyalty room's Swift API: the points ledger, earning on orders, redemption, tiers,
/// rewards, referrals, offers and coupons.
///
/// Every operation runs in a transaction it is given, so it composes atomically with the
/// caller's work; reactions to the customers module's events run in that module's transaction.
public struct LoyaltyService: Sendable {
    let customers: CustomersService
    let settings = ModuleSettings(table: "loyalty_config")
    let tiers: Tiers
    let rewards: Rewards
    let referrals: Referrals
    let coupons: Coupons
    /// Due lots from which an expiry run walks customers in id order rather than oldest lot first.
    let manyDueLots: Int
    /// How long an expiry step may hold the writer. A catch-up settles customers with many due
    /// lots on cold pages, where a step's 200 customers can take far longer than the usual few
    /// milliseconds; the step then ends early and the next goes on from there.
    let expiryStepBudget: Duration

    /// A service over the customers room `customers`.
    public init(customers: CustomersService) {
        self.init(customers: customers, manyDueLots: 20_000, expiryStepBudget: .milliseconds(25))
    }

    init(customers: CustomersService, manyDueLots: Int, expiryStepBudget: Duration) {
        self.customers = customers
        self.manyDueLots = manyDueLots
        self.expiryStepBudget = expiryStepBudget
        tiers = Tiers(settings: settings)
        rewards = Rewards(settings: settings)
        referrals = Referrals(settings: settings, customers: customers)
        coupons = Coupons(settings: settings, customers: customers, tiers: tiers)
    }

    // MARK: - For other modules

    /// The customer's balance at `at`.
    public func balance(of customerId: String, at: Timestamp, in db: Database) throws -> PointsBalance {
        try Ledger.balance(customerId, at: at, expiringWithin: 30, in: db)
    }

    /// Credits a bonus (compensation for a complaint, a goodwill gesture) in the caller's transaction.
    public func grantBonus(
        _ points: Int64, to customerId: String, reason: String, reference: String?, at: Timestamp,
        in context: WriteContext
    ) throws -> LedgerEntry {
        try credit(PointsChange(customerId: customerId, points: points, reason: reason, at: at), reference: reference, in: context)
    }

    /// The name of the customer's tier now (the base tier for a customer who never moved).
    public func tierName(of customerId: String, in db: Database) throws -> String {
        let policy = try settings.current(TierPolicy.self, in: db)
        return policy.tiers[policy.rank(of: try AccountRow.account(customerId, in: db)?.tier)].name
    }

    /// The tier names in order, the base tier first.
    public func tierNames(in db: Database) throws -> [String] {
        try settings.current(TierPolicy.self, in: db).tiers.map(\.name)
    }

    /// What one point is worth, in minor units.
    public func pointValue(in db: Database) throws -> Money {
        try settings.current(LoyaltyProgram.self, in: db).pointValue
    }

    /// Issues the customer a coupon of an offer (compensation, a gift) in the caller's transaction,
    /// under the offer's tier, segment and per-customer rules.
    public func issueCoupon(of offerId: String, to customerId: String, at: Timestamp, in context: WriteContext) throws -> Coupon {
        try coupons.issue(CouponsIssue.Params(offerId: offerId, customerId: customerId, at: at), in: context)
    }

    // MARK: - Reactions to the customers room

    /// Credits the points of a new order, moves the customer up a tier if it qualifies them, and
    /// converts their referral.
    func orderRecorded(_ event: OrderRecorded, in context: WriteContext) throws {
        let order = event.order
        let db = context.db
        let program = try settings.current(LoyaltyProgram.self, in: db)
        try Ledger.settle(order.customerId, at: order.at, in: context)
        let policy = try settings.current(TierPolicy.self, in: db)
        let account = try AccountRow.account(order.customerId, in: db)
        let tier = policy.tiers[policy.rank(of: account?.tier)]
        let points = program.points(for: order.amount, multiplierHundredths: tier.multiplierHundredths)
        if points > 0 {
            let availableAt = order.at.adding(days: program.pendingDays)
            let entry = try Ledger.credit(
                .earn, points, to: order.customerId, at: order.at, availableAt: availableAt,
                expiresAt: program.expiry(ofPointsCreditedAt: order.at), orderId: order.id,
                reason: tier.multiplierHundredths == 100
                    ? "order \(order.externalId)" : "order \(order.externalId), \(tier.name) ×\(tier.multiplier)",
                in: context)
            try context.raise(PointsEarned(entry: entry))
        }
        try tiers.upgradeIfQualified(order.customerId, account: account, policy: policy, at: order.at, in: context)
        try referrals.convertIfQualifying(order, in: context)
    }

    /// Reverses the points earned on the refunded share of an order, and gives back the points
    /// spent on that share; totals are kept cumulative so that a full refund reverses exactly all.
    func orderRefunded(_ event: OrderRefunded, in context: WriteContext) throws {
        let order = event.order
        let db = context.db
        guard order.amount.minorUnits > 0 else { return }
        guard let sums = try EntryRow.sums(ofOrder: order.id, customer: order.customerId, in: db) else { return }
        let share = { (points: Int64) in Int64(Int128(points) * Int128(order.refunded.minorUnits) / Int128(order.amount.minorUnits)) }
        let at = event.refund.at
        try Ledger.settle(order.customerId, at: at, in: context)
        let toReverse = share(sums.earned) - sums.reversed
        if toReverse > 0 {
            let entry = try Ledger.debit(
                .reverse, toReverse, from: order.customerId, at: at, source: .reversal(ofLot: sums.earnEntry),
                orderId: order.id, reason: "refund \(event.refund.id)", reference: event.refund.id, in: context)
            try context.raise(PointsAdjusted(entry: entry))
        }
        if order.refunded == order.amount {
            try referrals.revokeConversion(by: order, refund: event.refund, in: context)
        }
        let toReturn = share(sums.redeemed) - sums.returned
        if toReturn > 0 {
            let program = try settings.current(LoyaltyProgram.self, in: db)
            let entry = try Ledger.credit(
                .reverse, toReturn, to: order.customerId, at: at, expiresAt: program.expiry(ofPointsCreditedAt: at),
                orderId: order.id, reason: "points spent on refund \(event.refund.id) given back",
                reference: event.refund.id, in: context)
            try context.raise(PointsAdjusted(entry: entry))
        }
    }

    /// Links a customer created with a referral code to the code's owner.
    func customerCreated(_ event: CustomerCreated, in context: WriteContext) throws {
        guard let code = event.referralCode else { return }
        _ = try referrals.link(event.customer.id, code: code, at: event.customer.createdAt, in: context, field: "referralCode")
    }

    /// Moves the points, tier, coupons, referrals and reward history of a merged duplicate.
    func customersMerged(_ event: CustomerMerged, in context: WriteContext) throws {
        let db = context.db
        guard let from = try AccountRow.account(event.from, in: db) else { return }
        try AccountRow.ensure(event.into, in: db)
        let into = try AccountRow.account(event.into, in: db) ?? LoyaltyAccount()
        let at = context.now
        // The lots move as they are (pending and expiry kept); two entries carry the balance across.
        try LotRow.move(from: event.from, into: event.into, in: db)
        try AccountRow.moveDebt(from.debt, from: event.from, into: event.into, in: db)
        if from.balance != 0 {
            try Ledger.transfer(from.balance, from: event.from, to: event.into, at: at, in: context)
        }
        let policy = try settings.current(TierPolicy.self, in: db)
        if policy.rank(of: from.tier) > policy.rank(of: into.tier) {
            try tiers.change(
                event.into, from: into.tier, to: policy.tiers[policy.rank(of: from.tier)].name, qualifying: 0,
                reason: "merged with \(event.from)", at: at, in: context)
        }
        try CouponRow.move(from: event.from, into: event.into, in: db)
        try RewardGrantRow.move(from: event.from, into: event.into, in: db)
        try ReferralRow.merge(from: event.from, into: event.into, in: db)
    }

    // MARK: - Ledger methods

    func credit(_ params: PointsChange, reference: String? = nil, in context: WriteContext) throws -> LedgerEntry {
        let at = params.at ?? context.now
        try customers.ensureActive(params.customerId, in: context.db)
        guard params.points >= 1, PointsChange.pointsRange.contains(params.points) else {
            throw RapportError.invalid("points", "points must be 1 to 100000000")
        }
        let reason = try TextInput.required(params.reason, field: "reason", max: 500)
        let program = try settings.current(LoyaltyProgram.self, in: context.db)
        try Ledger.settle(params.customerId, at: at, in: context)
        let entry = try Ledger.credit(
            .bonus, params.points, to: params.customerId, at: at,
            expiresAt: program.expiry(ofPointsCreditedAt: at), reason: reason, reference: reference,
            in: context)
        try context.raise(PointsEarned(entry: entry))
        return entry
    }

    func adjust(_ params: PointsChange, in context: WriteContext) throws -> LedgerEntry {
        let at = params.at ?? context.now
        try customers.ensureActive(params.customerId, in: context.db)
        guard params.points != 0, PointsChange.pointsRange.contains(params.points) else {
            throw RapportError.invalid("points", "points must be -100000000 to 100000000, and not 0")
        }
        let reason = try TextInput.required(params.reason, field: "reason", max: 500)
        try Ledger.settle(params.customerId, at: at, in: context)
        let entry: LedgerEntry
        if params.points > 0 {
            let program = try settings.current(LoyaltyProgram.self, in: context.db)
            entry = try Ledger.credit(
                .adjust, params.points, to: params.customerId, at: at,
                expiresAt: program.expiry(ofPointsCreditedAt: at), reason: reason, in: context)
        } else {
            entry = try Ledger.debit(.adjust, -params.points, from: params.customerId, at: at, source: .anything, reason: reason, in: context)
        }
        try context.raise(PointsAdjusted(entry: entry))
        return entry
    }

    func redeem(_ params: LoyaltyRedeem.Params, in context: WriteContext) throws -> LoyaltyRedeem.Result {
        let db = context.db
        let at = params.at ?? context.now
        try customers.ensureActive(params.customerId, in: db)
        let program = try settings.current(LoyaltyProgram.self, in: db)
        guard params.points >= 1 else { throw RapportError.invalid("points", "points must be at least 1") }
        guard params.points >= program.minRedeem else {
            throw RapportError(
                .notAllowed, "at least \(program.minRedeem) points are redeemed at once", field: "points",
                details: ["minRedeem": .integer(program.minRedeem)])
        }
        var order: Order?
        if let orderId = params.orderId {
            let found = try customers.order(orderId, in: db)
            guard found.customerId == params.customerId else {
                throw RapportError(.notAllowed, "order \(orderId) is not \(params.customerId)'s", field: "orderId")
            }
            // Points spent on the order, net of those a refund gave back.
            let spent = try EntryRow.pointsSpent(onOrder: orderId, in: db)
            // What is left of the order after refunds is what its customer paid in money.
            let allowed =
                program.maxPoints(forOrderPaid: Money(minorUnits: found.amount.minorUnits - found.refunded.minorUnits))
                .map { $0 - spent } ?? .max
            guard params.points <= allowed else {
                throw RapportError(
                    .notAllowed, "points may pay at most \(program.maxRedeemShare)% of order \(orderId): \(max(0, allowed)) more points",
                    field: "points", details: ["maxPoints": .integer(max(0, allowed))])
            }
            order = found
        }
        try Ledger.settle(params.customerId, at: at, in: context)
        let debt = try AccountRow.account(params.customerId, in: db)?.debt ?? 0
        let spendable = try LotRow.spendablePoints(of: params.customerId, at: at, in: db)
        guard debt == 0 else {
            throw RapportError(
                .insufficientPoints, "\(params.customerId) owes \(debt) points from a refund; redemption waits until it is repaid",
                field: "points", details: ["available": .integer(spendable - debt), "debt": .integer(debt)])
        }
        guard spendable >= params.points else {
            throw RapportError(
                .insufficientPoints, "\(params.customerId) has \(spendable) points available, not \(params.points)",
                field: "points", details: ["available": .integer(spendable)])
        }
        let entry = try Ledger.debit(
            .redeem, params.points, from: params.customerId, at: at, source: .spendable, orderId: order?.id,
            reason: order.map { "order \($0.externalId)" } ?? "redemption", in: context)
        let discount = program.discount(for: params.points)
        try context.raise(PointsRedeemed(entry: entry, discount: discount))
        return LoyaltyRedeem.Result(entry: entry, discount: discount, available: spendable - params.points)
    }

    func quote(_ params: LoyaltyQuote.Params, in context: ReadContext) throws -> LoyaltyQuote.Result {
        let db = context.db
        let at = params.at ?? context.now
        try customers.ensureActive(params.customerId, in: db)
        guard params.orderAmount.minorUnits >= 0 else { throw RapportError.invalid("orderAmount", "orderAmount must be 0 or more") }
        let program = try settings.current(LoyaltyProgram.self, in: db)
        let balance = try Ledger.balance(params.customerId, at: at, expiringWithin: 0, in: db)
        let cap = program.maxPoints(forBasket: params.orderAmount)
        var points = max(0, min(balance.available, cap))
        var limitedBy = balance.debt > 0 ? "debt" : (balance.available <= cap ? "balance" : "maxRedeemShare")
        if points < program.minRedeem {
            points = 0
            if balance.debt == 0 { limitedBy = "minRedeem" }
        }
        return LoyaltyQuote.Result(
            customerId: params.customerId, available: balance.available, maxPoints: points, discount: program.discount(for: points),
            payable: Money(minorUnits: params.orderAmount.minorUnits - program.discount(for: points).minorUnits),
            earnPoints: program.points(
                for: Money(minorUnits: params.orderAmount.minorUnits - program.discount(for: points).minorUnits),
                multiplierHundredths: try tierMultiplier(params.customerId, in: db)),
            limitedBy: limitedBy)
    }

    func history(_ params: LoyaltyHistory.Params, in db: Database) throws -> Page<LedgerEntry> {
        let limit = try Pagination.limit(params.limit)
        try customers.ensureExists(params.customerId, in: db)
        let entries = try EntryRow.newest(
            of: params.customerId, kind: params.kind, before: Pagination.id(fromCursor: params.cursor), limit: limit + 1, in: db)
        return Pagination.page(entries, limit: limit, id: \.id)
    }

    /// What an expiry run has done so far, and how it walks the due lots.
    struct Expiry: Sendable {
        var points: Int64 = 0
        var lots = 0
        var customers = 0
        var done = false
        /// Nil until the first step looks at how much is due.
        var order: Order?
        /// In customer order: the last customer settled.
        var lastCustomer = ""

        enum Order: Sendable {
            /// A few due lots (a daily run): the owners of the oldest ones first, found through the expiry index.
            case oldestFirst
            /// Many due lots (a catch-up): customers in id order, so that their accounts, lots and
            /// entries, all indexed by customer, are written page after page instead of at random.
            case byCustomer
        }
    }

    /// Settles the customers of the next `batch` due lots: every due lot of theirs expires in this
    /// step, so each customer is counted once over the whole run. The step ends early, after the
    /// customer being settled, once it has run for ``expiryStepBudget``.
    func expireStep(_ progress: Expiry, at: Timestamp, batch: Int, in context: WriteContext) throws -> Expiry {
        let started = ContinuousClock.now
        var progress = progress
        let db = context.db
        if progress.order == nil {
            progress.order = try LotRow.dueCount(at: at, upTo: manyDueLots, in: db) >= manyDueLots ? .byCustomer : .oldestFirst
        }
        let owners: [String]
        switch progress.order {
        case .byCustomer: owners = try LotRow.ownersOfDue(at: at, after: progress.lastCustomer, limit: batch, in: db)
        default: owners = try LotRow.ownersOfOldestDue(at: at, limit: batch, in: db)
        }
        var seen = Set<String>()
        var settledAll = true
        for (index, customerId) in owners.enumerated() where seen.insert(customerId).inserted {
            let expired = try Ledger.settle(customerId, at: at, in: context)
            let points = expired.reduce(0) { $0 - $1.points }
            try context.raise(PointsExpired(customerId: customerId, points: points, entries: expired.map(\.id)))
            progress.points += points
            progress.lots += expired.count
            progress.customers += 1
            progress.lastCustomer = customerId
            if index < owners.count - 1, ContinuousClock.now - started >= expiryStepBudget {
                settledAll = false
                break
            }
        }
        progress.done = settledAll && owners.count < batch
        return progress
    }

    func check(_ params: LoyaltyCheck.Params, in db: Database) throws -> LoyaltyCheck.Result {
        var result = LoyaltyCheck.Result(accounts: 0, mismatches: [])
        try AccountRow.reconcile(params.customerId, in: db) { account in
            result.accounts += 1
            guard account.balance != account.ledger || account.ledger != account.lots - account.debt, result.mismatches.count < 100 else { return }
            result.mismatches.append(
                LoyaltyCheck.Mismatch(
                    customerId: account.customerId, balance: account.balance, debt: account.debt, ledger: account.ledger, lots: account.lots))
        }
        return result
    }

    func tierMultiplier(_ customerId: String, in db: Database) throws -> Int64 {
        let policy = try settings.current(TierPolicy.self, in: db)
        return policy.tiers[policy.rank(of: try AccountRow.account(customerId, in: db)?.tier)].multiplierHundredths
    }
}
