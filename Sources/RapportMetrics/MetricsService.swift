import Foundation
public import GRDB
import RapportCore
public import RapportCustomers
public import RapportFeedback
public import RapportLoyalty
import RapportStorage

/// The metrics room's Swift API: the health of the relationships (NPS, repeat rate, average
/// check, retention, cohorts, churn, loyalty participation), predictive CLV, red flags, KPI
/// targets and what a customer is worth.
///
/// It keeps aggregates in step with the other rooms through their events (in the same
/// transaction) and reads everything else through their views and services.
public struct MetricsService: Sendable {
    let customers: CustomersService
    let loyalty: LoyaltyService
    let feedback: FeedbackService
    let settings = ModuleSettings(table: "metrics_config")

    /// A service over the customers, loyalty and feedback rooms it reads.
    public init(customers: CustomersService, loyalty: LoyaltyService, feedback: FeedbackService) {
        self.customers = customers
        self.loyalty = loyalty
        self.feedback = feedback
    }

    /// The rules in force.
    public func policy(in db: Database) throws -> MetricsPolicy {
        try settings.current(MetricsPolicy.self, in: db)
    }

    /// The calendar the kept aggregates are counted in.
    func calendar(in db: Database) throws -> StoreCalendar {
        StoreCalendar(timeZone: try settings.current(AggregatesZone.self, in: db).timeZone)
    }

    // MARK: - Keeping the aggregates

    /// Counts a new order: its day, the customer's summary (added to, not recomputed) and, when
    /// it is their first order that day, their activity.
    func orderRecorded(_ event: OrderRecorded, in context: WriteContext) throws {
        let order = event.order
        let db = context.db
        let calendar = try calendar(in: db)
        let day = calendar.day(of: order.at)
        let net = order.amount.minorUnits - order.refunded.minorUnits
        let thatDay = try AggregateRows.addToCustomerDay(order.customerId, day: day, orders: 1, revenue: net, entries: 0, in: db)
        try AggregateRows.addToDay(day, orders: 1, revenue: net, squares: Double(net) * Double(net), in: db)
        try AggregateRows.addOrder(of: order.customerId, day: day, net: net, dayRevenue: thatDay.revenue, newDay: thatDay.orders == 1, in: db)
        guard thatDay.orders == 1 else { return }
        // A new order day changes which periods the customer was active in.
        let orderDays = try AggregateRows.orderDays(of: order.customerId, in: db)
        let before = Activity(days: orderDays.filter { $0 != day }, calendar: calendar)
        let after = Activity(days: orderDays, calendar: calendar)
        try AggregateRows.apply(Activity.change(from: before, to: after), in: db)
    }

    /// Takes a refund off the order's day and the customer's revenue.
    func orderRefunded(_ event: OrderRefunded, in context: WriteContext) throws {
        let order = event.order
        let db = context.db
        let calendar = try calendar(in: db)
        let day = calendar.day(of: order.at)
        let after = Double(order.amount.minorUnits - order.refunded.minorUnits)
        let before = after + Double(event.refund.amount.minorUnits)
        try AggregateRows.addToCustomerDay(order.customerId, day: day, orders: 0, revenue: -event.refund.amount.minorUnits, entries: 0, in: db)
        try AggregateRows.addToDay(day, orders: 0, revenue: -event.refund.amount.minorUnits, squares: after * after - before * before, in: db)
        try AggregateRows.addRefund(of: order.customerId, day: day, amount: event.refund.amount.minorUnits, in: db)
    }

    /// Counts a ledger entry towards loyalty participation: one more on its day and in the
    /// customer's summary, whose orders it leaves as they are.
    func ledgerEntry(_ entry: LedgerEntry, in context: WriteContext) throws {
        let db = context.db
        try AggregateRows.addToCustomerDay(entry.customerId, day: try calendar(in: db).day(of: entry.at), orders: 0, revenue: 0, entries: 1, in: db)
        try AggregateRows.addEntry(of: entry.customerId, in: db)
    }

    /// Recounts both customers of a merge from the other rooms' views, which already moved the
    /// duplicate's orders and entries.
    func customersMerged(_ event: CustomerMerged, in context: WriteContext) throws {
        let calendar = try calendar(in: context.db)
        try recount(event.from, calendar: calendar, in: context.db)
        try recount(event.into, calendar: calendar, in: context.db)
    }

    /// Takes a customer's counts away and counts them again from the orders and ledger views.
    func recount(_ customerId: String, calendar: StoreCalendar, in db: Database) throws {
        let old = try AggregateRows.days(of: customerId, in: db)
        try AggregateRows.apply(
            Activity.change(from: Activity(days: old.filter { $0.orders > 0 }.map(\.day), calendar: calendar), to: Activity()), in: db)
        try AggregateRows.removeCustomer(customerId, in: db)
        try count(customerId, calendar: calendar, in: db)
    }

    /// Counts one customer from scratch into empty aggregates of theirs (the days are added to
    /// the store's days by the caller of a rebuild, never here).
    private func count(_ customerId: String, calendar: StoreCalendar, in db: Database) throws {
        var days: [Int64: CustomerDay] = [:]
        for row in try Row.fetchAll(
            db.cachedStatement(sql: "SELECT amount - refunded AS net, at FROM \(CustomersViews.orders) WHERE customer_id = ?"),
            arguments: [customerId])
        {
            let day = calendar.day(of: try row.timestamp(forColumn: "at"))
            days[day, default: CustomerDay(day: day, orders: 0, revenue: 0, entries: 0)].orders += 1
            days[day, default: CustomerDay(day: day, orders: 0, revenue: 0, entries: 0)].revenue.addSaturated(
                try row.decode(Int64.self, forColumn: "net"))
        }
        for row in try Row.fetchAll(
            db.cachedStatement(
                sql: "SELECT at FROM \(LoyaltyViews.entries) WHERE customer_id = ? AND kind <> 'expire'"),
            arguments: [customerId])
        {
            let day = calendar.day(of: try row.timestamp(forColumn: "at"))
            days[day, default: CustomerDay(day: day, orders: 0, revenue: 0, entries: 0)].entries += 1
        }
        guard !days.isEmpty else { return }
        for day in days.values {
            try AggregateRows.addToCustomerDay(customerId, day: day.day, orders: day.orders, revenue: day.revenue, entries: day.entries, in: db)
        }
        try AggregateRows.save(CustomerSummary(customerId: customerId, days: Array(days.values)), in: db)
        try AggregateRows.apply(
            Activity.change(from: Activity(), to: Activity(days: days.values.filter { $0.orders > 0 }.map(\.day), calendar: calendar)), in: db)
    }

    // MARK: - Rebuilding

    /// Where a rebuild is: the last customer counted.
    public struct Rebuild: Sendable, Hashable {
        var after: String?
        var customers: Int64 = 0
        var started = false
        var done = false
    }

    /// One step of `metrics.rebuild`: the first empties the aggregates and adopts the configured
    /// time zone; each counts the next `batch` customers (and the store's days of their orders).
    func rebuildStep(_ progress: Rebuild, batch: Int, in context: WriteContext) throws -> Rebuild {
        let db = context.db
        var progress = progress
        if !progress.started {
            try AggregateRows.clear(in: db)
            try settings.save(AggregatesZone(timeZone: try policy(in: db).timeZone), at: context.now, in: db)
            progress.started = true
        }
        let calendar = try calendar(in: db)
        let ids = try String.fetchAll(
            db.cachedStatement(sql: "SELECT id FROM \(CustomersViews.customers) WHERE id > ? ORDER BY id LIMIT ?"),
            arguments: [progress.after ?? "", batch])
        for id in ids {
            try countWithTheirDays(id, calendar: calendar, in: db)
        }
        progress.customers += Int64(ids.count)
        progress.after = ids.last ?? progress.after
        progress.done = ids.count < batch
        return progress
    }

    /// Counts every customer into empty aggregates: what `metrics.v1` does on a store that took
    /// orders before the metrics room was served.
    func countEveryone(in db: Database) throws {
        let calendar = try calendar(in: db)
        for id in try String.fetchAll(db, sql: "SELECT id FROM \(CustomersViews.customers) ORDER BY id") {
            try countWithTheirDays(id, calendar: calendar, in: db)
        }
    }

    /// Counts a customer into empty aggregates, and their orders into the store's days.
    private func countWithTheirDays(_ id: String, calendar: StoreCalendar, in db: Database) throws {
        try count(id, calendar: calendar, in: db)
        for row in try Row.fetchAll(
            db.cachedStatement(sql: "SELECT amount - refunded AS net, at FROM \(CustomersViews.orders) WHERE customer_id = ?"), arguments: [id])
        {
            let net: Int64 = try row.decode(forColumn: "net")
            try AggregateRows.addToDay(
                calendar.day(of: try row.timestamp(forColumn: "at")), orders: 1, revenue: net, squares: Double(net) * Double(net), in: db)
        }
    }
}

extension MetricsService {
    func configure(_ params: MetricsConfigure.Params, in context: WriteContext) throws -> MetricsConfigure.Result {
        var policy = try policy(in: context.db)
        if let zone = params.timeZone {
            guard TimeZone(identifier: zone) != nil else { throw RapportError.invalid("timeZone", "timeZone \"\(zone)\" is not a known time zone") }
            policy.timeZone = zone
        }
        if let value = params.grossMarginPercent { policy.grossMarginPercent = value }
        if let costs = params.acquisitionCosts {
            for (source, cost) in costs where !Money.nonNegativeRange.contains(cost.minorUnits) {
                throw RapportError.invalid("acquisitionCosts.\(source)", "acquisition costs are 0 to 10^13 minor units")
            }
            policy.acquisitionCosts = costs
        }
        if let value = params.negativeShareThreshold {
            guard value.isFinite, (0...1).contains(value) else {
                throw RapportError.invalid("negativeShareThreshold", "negativeShareThreshold must be 0 to 1")
            }
            policy.negativeShareThreshold = value
        }
        if let value = params.burstNegatives { policy.burstNegatives = value }
        if let value = params.burstHours { policy.burstHours = value }
        if let value = params.checkDropPercent { policy.checkDropPercent = value }
        if let value = params.npsDropPoints { policy.npsDropPoints = value }
        if let value = params.minimumAnswers { policy.minimumAnswers = value }
        try settings.save(policy, at: context.now, in: context.db)
        return try settingsResult(in: context.db)
    }

    /// A sum of money computed wide, refused with `limit_exceeded` when it leaves Int64.
    static func money(_ value: Int128, _ what: String) throws -> Int64 {
        guard let narrow = Int64(exactly: value) else {
            throw RapportError(.limitExceeded, "\(what) exceeds what a 64-bit integer of minor units holds")
        }
        return narrow
    }

    /// a + b, refused with `limit_exceeded` past Int64.
    static func sum(_ a: Int64, _ b: Int64) throws -> Int64 { try money(Int128(a) + Int128(b), "a sum of revenue") }

    func settingsResult(in db: Database) throws -> MetricsConfigure.Result {
        let policy = try policy(in: db)
        let zone = try settings.current(AggregatesZone.self, in: db).timeZone
        return .init(policy: policy, aggregatesTimeZone: zone, rebuildNeeded: zone != policy.timeZone)
    }
}
