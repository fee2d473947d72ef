import RapportCore
public import RapportCustomers
public import RapportFeedback
public import RapportLoyalty
public import RapportStorage

/// The metrics room: the health of the relationships, predictive CLV, red flags, KPI targets
/// and what a customer is worth.
///
/// It keeps per-customer, per-day and per-period aggregates in step with orders, refunds,
/// merges and ledger entries inside their transactions, so that a metric over ten million orders
/// reads thousands of rows; everything else it reads through the other rooms' views.
public struct MetricsModule: RapportModule {
    /// The module's name, `metrics`: the prefix of its migrations and methods.
    public let name = "metrics"
    /// The Swift API.
    public let service: MetricsService

    /// Customers counted in one step of `metrics.rebuild`.
    static let rebuildBatch = 500

    /// A module over the customers, loyalty and feedback rooms it reads.
    public init(customers: CustomersService, loyalty: LoyaltyService, feedback: FeedbackService) {
        service = MetricsService(customers: customers, loyalty: loyalty, feedback: feedback)
    }

    /// Makes the module over the customers, loyalty and feedback rooms.
    public struct Factory: ModuleFactory {
        /// The module's name, `metrics`.
        public let name = "metrics"
        /// The rooms it reads and reacts to, made before it: customers, loyalty and feedback.
        public let dependencies = ["customers", "loyalty", "feedback"]

        /// A factory; the module is made by ``make(_:extensions:)``.
        public init() {}

        /// Makes the module over the already built customers, loyalty and feedback modules; throws if one is missing.
        public func make(_ built: BuiltModules, extensions: ModuleExtensions) throws -> any RapportModule {
            MetricsModule(
                customers: try built.module(CustomersModule.self).service, loyalty: try built.module(LoyaltyModule.self).service,
                feedback: try built.module(FeedbackModule.self).service)
        }
    }

    /// Adds the aggregate tables (`metrics.v<N>`), filled from the other rooms' views.
    public func registerMigrations(in plan: inout MigrationPlan) {
        MetricsMigrations.register(in: &plan, service: service)
    }

    /// Keeps the aggregates in step with orders, refunds, merges and ledger entries, in their transactions.
    public func registerEvents(in events: inout EventRegistry) {
        let service = self.service
        events.on(OrderRecorded.self) { event, context in try service.orderRecorded(event, in: context) }
        events.on(OrderRefunded.self) { event, context in try service.orderRefunded(event, in: context) }
        events.on(CustomerMerged.self) { event, context in try service.customersMerged(event, in: context) }
        events.on(PointsEarned.self) { event, context in try service.ledgerEntry(event.entry, in: context) }
        events.on(PointsRedeemed.self) { event, context in try service.ledgerEntry(event.entry, in: context) }
        events.on(PointsAdjusted.self) { event, context in try service.ledgerEntry(event.entry, in: context) }
    }

    /// Registers the `metrics.*`, `kpis.*` and `customers.value` methods.
    public func registerMethods(in registrar: inout ModuleRegistrar) {
        let service = self.service
        registrar.write(MetricsConfigure.self) { params, context in try service.configure(params, in: context) }
        registrar.read(MetricsSettings.self) { _, context in try service.settingsResult(in: context.db) }
        registrar.steppedWrite(MetricsRebuild.self, start: MetricsService.Rebuild()) { _, progress, context in
            let next = try service.rebuildStep(progress, batch: Self.rebuildBatch, in: context)
            guard next.done else { return .next(next) }
            return .done(MetricsRebuild.Result(customers: next.customers, timeZone: try service.settingsResult(in: context.db).aggregatesTimeZone))
        }
        registrar.read(MetricsNPS.self) { params, context in try service.nps(params, at: context.now, in: context.db) }
        registrar.read(MetricsRepeatRate.self) { params, context in try service.repeatRate(params, at: context.now, in: context.db) }
        registrar.read(MetricsAverageCheck.self) { params, context in try service.averageCheck(params, at: context.now, in: context.db) }
        registrar.read(MetricsRetention.self) { params, context in try service.retention(params, at: context.now, in: context.db) }
        registrar.read(MetricsCohorts.self) { params, context in try service.cohorts(params, at: context.now, in: context.db) }
        registrar.read(MetricsChurn.self) { params, context in try service.churn(params, at: context.now, in: context.db) }
        registrar.read(MetricsLoyalty.self) { params, context in try service.loyaltyHealth(params, at: context.now, in: context.db) }
        registrar.read(MetricsRedFlags.self) { params, context in try service.redFlags(params, at: context.now, in: context.db) }
        registrar.write(KPIsSet.self) { params, context in try service.setKPI(params, in: context) }
        registrar.read(KPIsList.self) { _, context in KPIsList.Result(items: try service.kpis(in: context.db)) }
        registrar.write(KPIsRemove.self) { params, context in try service.removeKPI(params, in: context) }
        registrar.read(MetricsDashboard.self) { params, context in try service.dashboard(params, at: context.now, in: context.db) }
        registrar.preparedWrite(
            MetricsFit.self,
            read: { params, context in
                let end = params.observationEnd ?? context.now
                return (end, try service.purchaseSummaries(observationEnd: end, segmentId: params.segmentId, at: context.now, in: context.db))
            },
            compute: { params, snapshot in try MetricsService.fit(snapshot.1, observationEnd: snapshot.0, segmentId: params.segmentId) },
            commit: { _, fit, context in try service.saveFit(fit, in: context) })
        registrar.read(MetricsCLV.self) { params, context in try service.clv(params, at: context.now, in: context.db) }
        registrar.read(CustomersValue.self) { params, context in try service.value(params, at: context.now, in: context.db) }
    }
}
