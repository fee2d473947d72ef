import RapportCore
public import RapportCustomers
public import RapportStorage

/// The loyalty room: the points ledger, cashback, redemption, tiers, action rewards, referrals,
/// offers and coupons.
///
/// It reacts to the customers room's events inside their transactions: an order credits its
/// points (and may lift a tier and convert a referral), a refund reverses its share, a merge moves
/// the duplicate's points, a customer created with a referral code is linked to the referrer.
/// Its ``Factory`` adds loyalty's segment fields, timeline entries and export section to the
/// customers room, and makes the module over the customers service.
public struct LoyaltyModule: RapportModule {
    /// The module's name, `loyalty`: the prefix of its migrations.
    public let name = "loyalty"
    /// The Swift API.
    public let service: LoyaltyService

    /// Expiry and evaluation steps: small enough that a step stays within tens of milliseconds
    /// on a million-customer store (an expiry step settles up to this many customers).
    static let expiryBatch = 200
    static let evaluationBatch = 1_000

    /// The module over the customers service, whose customers it checks and whose events it reacts to.
    public init(customers: CustomersService) {
        service = LoyaltyService(customers: customers)
    }

    /// A module whose expiry runs switch to customer order from `manyDueLots` due lots and whose
    /// steps end after `expiryStepBudget` (tests).
    init(customers: CustomersService, manyDueLots: Int, expiryStepBudget: Duration) {
        service = LoyaltyService(customers: customers, manyDueLots: manyDueLots, expiryStepBudget: expiryStepBudget)
    }

    /// Makes the module over the customers room, which it extends.
    public struct Factory: ModuleFactory {
        /// The module's name, `loyalty`.
        public let name = "loyalty"
        /// Loyalty needs `customers`, which is made first.
        public let dependencies = ["customers"]
        private let tuning: (manyDueLots: Int, expiryStepBudget: Duration)?

        /// A factory for ``LoyaltyModule``.
        public init() { tuning = nil }

        /// Expiry that walks customers in id order from `manyDueLots` due lots, in steps of
        /// `expiryStepBudget` (tests).
        init(manyDueLots: Int, expiryStepBudget: Duration) { tuning = (manyDueLots, expiryStepBudget) }

        /// Adds loyalty's segment fields, timeline entries and export section to the customers room.
        public func extend(_ extensions: inout ModuleExtensions) {
            LoyaltyModule.extend(&extensions[CustomersExtensions.self])
        }

        /// Makes the module over the built customers module's service.
        public func make(_ built: BuiltModules, extensions: ModuleExtensions) throws -> any RapportModule {
            let customers = try built.module(CustomersModule.self).service
            guard let tuning else { return LoyaltyModule(customers: customers) }
            return LoyaltyModule(customers: customers, manyDueLots: tuning.manyDueLots, expiryStepBudget: tuning.expiryStepBudget)
        }
    }

    /// Adds the `loyalty.v1` to `loyalty.v4` migrations.
    public func registerMigrations(in plan: inout MigrationPlan) {
        LoyaltyMigrations.register(in: &plan)
    }

    /// Declares the loyalty events and reacts, in their transactions, to orders, refunds, new and merged customers, and actions.
    public func registerEvents(in events: inout EventRegistry) {
        events.declare(PointsEarned.self)
        events.declare(PointsRedeemed.self)
        events.declare(PointsExpired.self)
        events.declare(PointsAdjusted.self)
        events.declare(TierChanged.self)
        events.declare(CouponIssued.self)
        events.declare(CouponRedeemed.self)
        events.declare(ReferralConverted.self)
        let service = self.service
        events.on(OrderRecorded.self) { event, context in try service.orderRecorded(event, in: context) }
        events.on(OrderRefunded.self) { event, context in try service.orderRefunded(event, in: context) }
        events.on(CustomerCreated.self) { event, context in try service.customerCreated(event, in: context) }
        events.on(CustomerMerged.self) { event, context in try service.customersMerged(event, in: context) }
        events.on(CustomerActionPerformed.self) { event, context in _ = try service.rewards.grant(event, in: context) }
    }

    /// Registers the `loyalty.*`, `tiers.*`, `rewards.*`, `referrals.*`, `offers.*` and `coupons.*` methods.
    public func registerMethods(in registrar: inout ModuleRegistrar) {
        registerProgram(in: &registrar)
        registerTiers(in: &registrar)
        registerRewardsAndReferrals(in: &registrar)
        registerOffers(in: &registrar)
    }

    private func registerProgram(in registrar: inout ModuleRegistrar) {
        let service = self.service
        registrar.write(LoyaltyConfigure.self) { params, context in try service.configure(params, in: context) }
        registrar.read(LoyaltyProgramGet.self) { _, context in try service.current(LoyaltyProgram.self, in: context.db) }
        registrar.read(LoyaltyBalance.self) { params, context in try service.balance(params, in: context) }
        registrar.read(LoyaltyHistory.self) { params, context in try service.history(params, in: context.db) }
        registrar.write(LoyaltyEarn.self) { params, context in try service.credit(params, in: context) }
        registrar.write(LoyaltyAdjust.self) { params, context in try service.adjust(params, in: context) }
        registrar.write(LoyaltyRedeem.self) { params, context in try service.redeem(params, in: context) }
        registrar.read(LoyaltyQuote.self) { params, context in try service.quote(params, in: context) }
        registrar.steppedWrite(LoyaltyExpire.self, start: LoyaltyService.Expiry()) { params, progress, context in
            let at = params.at ?? context.now
            let next = try service.expireStep(progress, at: at, batch: Self.expiryBatch, in: context)
            guard next.done else { return .next(next) }
            return .done(LoyaltyExpire.Result(points: next.points, lots: next.lots, customers: next.customers, at: at))
        }
        registrar.read(LoyaltyCheck.self) { params, context in try service.check(params, in: context.db) }
    }

    private func registerTiers(in registrar: inout ModuleRegistrar) {
        let service = self.service
        registrar.write(TiersConfigure.self) { params, context in try service.save(params.validated(), in: context) }
        registrar.read(TiersList.self) { _, context in try service.current(TierPolicy.self, in: context.db) }
        registrar.steppedWrite(TiersEvaluate.self, start: Tiers.Evaluation()) { params, progress, context in
            let at = params.at ?? context.now
            let next = try service.tiers.evaluateStep(progress, at: at, batch: Self.evaluationBatch, in: context)
            guard next.done else { return .next(next) }
            return .done(
                TiersEvaluate.Result(
                    evaluated: next.evaluated, upgraded: next.upgraded, downgraded: next.downgraded,
                    inGrace: next.inGrace, at: at))
        }
        registrar.read(TiersStatus.self) { params, context in try service.tierStatus(params, in: context) }
        registrar.read(TiersHistory.self) { params, context in try service.tierHistory(params, in: context.db) }
    }

    private func registerRewardsAndReferrals(in registrar: inout ModuleRegistrar) {
        let service = self.service
        registrar.write(RewardsConfigure.self) { params, context in try service.save(params.validated(), in: context) }
        registrar.read(RewardsRules.self) { _, context in try service.current(RewardRules.self, in: context.db) }
        registrar.write(RewardsTrigger.self) { params, context in try service.trigger(params, in: context) }
        registrar.write(ReferralsConfigure.self) { params, context in try service.save(params.validated(), in: context) }
        registrar.write(ReferralsCode.self) { params, context in
            ReferralsCode.Result(customerId: params.customerId, code: try service.referrals.code(for: params.customerId, in: context))
        }
        registrar.write(ReferralsLink.self) { params, context in
            try service.referrals.link(params.customerId, code: params.code, at: params.at ?? context.now, in: context)
        }
        registrar.read(ReferralsStats.self) { params, context in try service.referrals.stats(params.customerId, in: context.db) }
    }

    private func registerOffers(in registrar: inout ModuleRegistrar) {
        let coupons = service.coupons
        registrar.write(OffersCreate.self) { params, context in try coupons.createOffer(params, in: context) }
        registrar.read(OffersList.self) { _, context in OffersList.Result(items: try coupons.offers(in: context.db)) }
        registrar.write(CouponsIssue.self) { params, context in try coupons.issue(params, in: context) }
        registrar.write(CouponsRedeem.self) { params, context in try coupons.redeem(params, in: context) }
        registrar.read(CouponsList.self) { params, context in try coupons.list(params, at: context.now, in: context.db) }
    }
}
