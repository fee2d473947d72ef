import GRDB
import RapportCore
import RapportCustomers
import RapportFeedback
import RapportJSON
import RapportLoyalty
import RapportStorage

extension MetricsService {
    /// The segment's members, when one is named.
    func members(_ segmentId: String?, at now: Timestamp, in db: Database) throws -> Set<String>? {
        try segmentId.map { Set(try customers.memberIds(ofSegment: $0, at: now, in: db)) }
    }

    /// The members' days with orders or entries in `[first, end)`, by customer, in day order.
    /// One statement for all of them: the ids travel as one JSON array, which SQLite walks
    /// seeking each member's days, instead of one statement a member.
    func days(of members: Set<String>, first: Int64, end: Int64, in db: Database) throws -> [String: [CustomerDay]] {
        let ids = JSONValue.array(members.map(JSONValue.string)).jsonString
        var result: [String: [CustomerDay]] = [:]
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT customer_id, day, orders, revenue, entries FROM metrics_customer_day
                WHERE customer_id IN (SELECT value FROM json_each(?)) AND day >= ? AND day < ? ORDER BY customer_id, day
                """, arguments: [ids, first, end])
        while let row = try rows.next() {
            result[try row.decode(String.self, forColumn: "customer_id"), default: []].append(try AggregateRows.customerDay(row))
        }
        return result
    }

    /// Each member's orders and order days in `[first, end)`, for those with any.
    private func orderCounts(first: Int64, end: Int64, members: Set<String>, in db: Database) throws -> [(orders: Int64, days: Int64)] {
        try days(of: members, first: first, end: end, in: db).values.compactMap { days in
            let ordered = days.filter { $0.orders > 0 }
            return ordered.isEmpty ? nil : (ordered.reduce(0) { $0 + $1.orders }, Int64(ordered.count))
        }
    }

    func repeatRate(_ params: MetricsRepeatRate.Params, at now: Timestamp, in db: Database) throws -> MetricsRepeatRate.Result {
        let (first, end) = try calendar(in: db).days(from: params.from, to: params.to)
        let byDay = params.byDay ?? false
        let repeaters: Int64
        let customers: Int64
        if let members = try members(params.segmentId, at: now, in: db) {
            let counts = try orderCounts(first: first, end: end, members: members, in: db)
            repeaters = Int64(counts.filter { (byDay ? $0.days : $0.orders) >= 2 }.count)
            customers = Int64(counts.count)
        } else {
            // Counted in SQL: a window of a million customers never becomes a million Swift values.
            let allHistory = first <= StoreCalendar.unbounded.lowerBound && end >= StoreCalendar.unbounded.upperBound
            let perCustomer =
                allHistory
                ? "SELECT orders, days FROM metrics_customer WHERE orders > 0"
                : """
                SELECT sum(orders) AS orders, count(*) AS days FROM metrics_customer_day INDEXED BY metrics_customer_day_by_day
                WHERE day >= ? AND day < ? AND orders > 0 GROUP BY customer_id
                """
            let row = try Row.fetchOne(
                db, sql: "SELECT count(*) AS customers, coalesce(sum(\(byDay ? "days" : "orders") >= 2), 0) AS repeaters FROM (\(perCustomer))",
                arguments: allHistory ? [] : [first, end])
            repeaters = try row?.decode(forColumn: "repeaters") ?? 0
            customers = try row?.decode(forColumn: "customers") ?? 0
        }
        return .init(rate: customers > 0 ? Double(repeaters) / Double(customers) : nil, repeaters: repeaters, customers: customers)
    }

    /// The store's (or the members') orders and revenue per local day of `[first, end)`.
    func dailyTotals(first: Int64, end: Int64, members: Set<String>?, in db: Database) throws -> [Int64: (orders: Int64, revenue: Int64)] {
        var totals: [Int64: (orders: Int64, revenue: Int64)] = [:]
        if let members {
            for day in try days(of: members, first: first, end: end, in: db).values.joined() where day.orders > 0 {
                totals[day.day, default: (0, 0)].orders += day.orders
                totals[day.day, default: (0, 0)].revenue = try Self.sum(totals[day.day]?.revenue ?? 0, day.revenue)
            }
            return totals
        }
        for row in try Row.fetchAll(
            db, sql: "SELECT day, orders, revenue FROM metrics_day WHERE day >= ? AND day < ? AND orders > 0", arguments: [first, end])
        {
            totals[try row.decode(Int64.self, forColumn: "day")] = (try row.decode(forColumn: "orders"), try row.decode(forColumn: "revenue"))
        }
        return totals
    }

    func averageCheck(_ params: MetricsAverageCheck.Params, at now: Timestamp, in db: Database) throws -> MetricsAverageCheck.Result {
        let calendar = try calendar(in: db)
        let (first, end) = calendar.days(from: params.from, to: params.to)
        let totals = try dailyTotals(first: first, end: end, members: members(params.segmentId, at: now, in: db), in: db)
        func average(_ revenue: Int64, _ orders: Int64) -> Double? { orders > 0 ? Double(revenue) / Double(orders) : nil }
        let orders = totals.values.reduce(0) { $0 + $1.orders }
        let revenue = try totals.values.reduce(0) { try Self.sum($0, $1.revenue) }
        var periods: [MetricsAverageCheck.Result.Period] = []
        if let kind = params.period, let firstDay = totals.keys.min(), let lastDay = totals.keys.max() {
            var byPeriod: [Int64: (orders: Int64, revenue: Int64)] = [:]
            for (day, total) in totals {
                byPeriod[calendar.period(kind, ofDay: day), default: (0, 0)].orders += total.orders
                let period = calendar.period(kind, ofDay: day)
                byPeriod[period, default: (0, 0)].revenue = try Self.sum(byPeriod[period]?.revenue ?? 0, total.revenue)
            }
            var previous: Double?
            for period in calendar.period(kind, ofDay: firstDay)...calendar.period(kind, ofDay: lastDay) {
                let total = byPeriod[period] ?? (0, 0)
                let check = average(total.revenue, total.orders)
                let change = check.flatMap { check in previous.flatMap { $0 != 0 ? (check - $0) / $0 : nil } }
                periods.append(
                    .init(period: calendar.name(of: period, kind), averageCheck: check, revenue: total.revenue, orders: total.orders, change: change))
                previous = check
            }
        }
        return .init(averageCheck: average(revenue, orders), revenue: revenue, orders: orders, periods: periods)
    }

    /// The kept period counts of `kind` (or the members' counted afresh).
    private func periodCounts(_ kind: PeriodKind, members: Set<String>?, in db: Database) throws -> [Int64: Activity.Counts] {
        if let members {
            let calendar = try calendar(in: db)
            var activity = Activity()
            for days in try days(of: members, first: StoreCalendar.unbounded.lowerBound, end: StoreCalendar.unbounded.upperBound, in: db).values {
                activity.add(Activity(days: days.filter { $0.orders > 0 }.map(\.day), calendar: calendar), times: 1)
            }
            return Dictionary(uniqueKeysWithValues: activity.periods.filter { $0.key.kind == kind }.map { ($0.key.period, $0.value) })
        }
        var counts: [Int64: Activity.Counts] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT period, active, new_customers, retained FROM metrics_period WHERE kind = ?", arguments: [kind.rawValue])
        {
            counts[try row.decode(Int64.self, forColumn: "period")] = Activity.Counts(
                active: try row.decode(forColumn: "active"), newCustomers: try row.decode(forColumn: "new_customers"),
                retained: try row.decode(forColumn: "retained"))
        }
        return counts
    }

    func retention(_ params: MetricsRetention.Params, at now: Timestamp, in db: Database) throws -> MetricsRetention.Result {
        let calendar = try calendar(in: db)
        let kind = params.period
        let counts = try periodCounts(kind, members: members(params.segmentId, at: now, in: db), in: db).filter { $0.value.active > 0 }
        let (first, end) = calendar.days(from: params.from, to: params.to)
        guard let earliest = counts.keys.min(), let latest = counts.keys.max() else { return .init(periods: []) }
        let lower = max(earliest + 1, params.from == nil ? earliest + 1 : calendar.period(kind, ofDay: first))
        // A window beyond the data ends with the period after the last active one.
        let upper = params.to == nil ? latest : min(latest + 1, calendar.period(kind, ofDay: end - 1))
        guard lower <= upper else { return .init(periods: []) }
        return .init(
            periods: (lower...upper).map { period in
                let start = counts[period - 1]?.active ?? 0
                let current = counts[period] ?? Activity.Counts()
                func percent(_ value: Int64) -> Double? { start > 0 ? Double(value) / Double(start) * 100 : nil }
                return .init(
                    period: calendar.name(of: period, kind), previousPeriod: calendar.name(of: period - 1, kind), startCustomers: start,
                    endCustomers: current.active, newCustomers: current.newCustomers, retainedCustomers: current.retained,
                    crr: percent(current.active - current.newCustomers), strictRetention: percent(current.retained))
            })
    }

    func cohorts(_ params: MetricsCohorts.Params, at now: Timestamp, in db: Database) throws -> MetricsCohorts.Result {
        let calendar = try calendar(in: db)
        let kind: PeriodKind = params.period == .month ? .month : .quarter
        let (first, end) = calendar.days(from: params.from, to: params.to)
        let today = calendar.day(of: now)
        let last = calendar.period(kind, ofDay: params.to == nil ? today : min(end - 1, today))
        var table: [Int64: [Int64: Int64]] = [:]
        if let members = try members(params.segmentId, at: now, in: db) {
            var activity = Activity()
            for days in try days(of: members, first: StoreCalendar.unbounded.lowerBound, end: StoreCalendar.unbounded.upperBound, in: db).values {
                activity.add(Activity(days: days.filter { $0.orders > 0 }.map(\.day), calendar: calendar), times: 1)
            }
            for (key, count) in activity.cohorts where key.kind == kind { table[key.cohort, default: [:]][key.offset] = count }
        } else {
            for row in try Row.fetchAll(db, sql: "SELECT cohort, offset, customers FROM metrics_cohort WHERE kind = ?", arguments: [kind.rawValue]) {
                table[try row.decode(Int64.self, forColumn: "cohort"), default: [:]][try row.decode(Int64.self, forColumn: "offset")] =
                    try row.decode(Int64.self, forColumn: "customers")
            }
        }
        let lowest = params.from == nil ? Int64.min : calendar.period(kind, ofDay: first)
        return .init(
            cohorts: table.keys.sorted().filter { $0 >= lowest && $0 <= last }.compactMap { cohort in
                let offsets = table[cohort] ?? [:]
                let size = offsets[0] ?? 0
                guard size > 0 else { return nil }
                let active = (0...(last - cohort)).map { offsets[$0] ?? 0 }
                return .init(cohort: calendar.name(of: cohort, kind), size: size, active: active, retention: active.map { Double($0) / Double(size) })
            })
    }

    func churn(_ params: MetricsChurn.Params, at now: Timestamp, in db: Database) throws -> MetricsChurn.Result {
        let calendar = try calendar(in: db)
        let atDay = calendar.day(of: params.at ?? now)
        let inactiveDays = params.inactiveDays ?? 90
        let members = try members(params.segmentId, at: now, in: db)
        let later = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM metrics_day WHERE day > ? AND orders > 0)", arguments: [atDay]) ?? false
        let churned: Int64
        let customers: Int64
        if let members {
            let lastDays = try days(of: members, first: StoreCalendar.unbounded.lowerBound, end: atDay + 1, in: db).values.compactMap {
                $0.filter { $0.orders > 0 }.map(\.day).max()
            }
            churned = Int64(lastDays.filter { atDay - $0 > inactiveDays }.count)
            customers = Int64(lastDays.count)
        } else {
            // Each customer's last order day on or before the day of `at`: kept in their summary
            // unless orders came later.
            let lastDays =
                later
                ? "SELECT max(day) AS last_day FROM metrics_customer_day WHERE day <= ?1 AND orders > 0 GROUP BY customer_id"
                : "SELECT last_day FROM metrics_customer WHERE orders > 0"
            let row = try Row.fetchOne(
                db, sql: "SELECT count(*) AS customers, coalesce(sum(?1 - last_day > ?2), 0) AS churned FROM (\(lastDays))",
                arguments: [atDay, inactiveDays])
            churned = try row?.decode(forColumn: "churned") ?? 0
            customers = try row?.decode(forColumn: "customers") ?? 0
        }
        return .init(rate: customers > 0 ? Double(churned) / Double(customers) : nil, churned: churned, customers: customers)
    }

    /// Customers active in the window (`from`/`to` nil: all history) and those of them with a
    /// ledger entry in it.
    func participation(from: Timestamp?, to: Timestamp?, in db: Database) throws -> (active: Int64, participants: Int64) {
        let counts: Row?
        if from == nil, to == nil {
            counts = try Row.fetchOne(
                db, sql: "SELECT count(*) AS active, coalesce(sum(entries > 0), 0) AS participants FROM metrics_customer WHERE orders > 0")
        } else {
            let (first, end) = try calendar(in: db).days(from: from, to: to)
            counts = try Row.fetchOne(
                db,
                sql: """
                    SELECT count(*) AS active, coalesce(sum(entries > 0), 0) AS participants FROM (
                        SELECT sum(entries) AS entries FROM metrics_customer_day INDEXED BY metrics_customer_day_by_day
                        WHERE day >= ? AND day < ? GROUP BY customer_id HAVING sum(orders) > 0)
                    """, arguments: [first, end])
        }
        return (try counts?.decode(forColumn: "active") ?? 0, try counts?.decode(forColumn: "participants") ?? 0)
    }

    func loyaltyHealth(_ params: MetricsLoyalty.Params, at now: Timestamp, in db: Database) throws -> MetricsLoyalty.Result {
        let at = params.at ?? now
        let (active, participants) = try participation(from: params.from, to: params.to, in: db)
        let outstanding = try Int64.fetchOne(db, sql: "SELECT coalesce(sum(balance), 0) FROM \(LoyaltyViews.accounts)") ?? 0
        let expiring =
            try Int64.fetchOne(
                db, sql: "SELECT coalesce(sum(remaining), 0) FROM \(LoyaltyViews.lots) WHERE remaining > 0 AND expires_at > ? AND expires_at <= ?",
                arguments: [at.millisecondsSince1970, at.adding(days: 30).millisecondsSince1970]) ?? 0
        let names = try loyalty.tierNames(in: db)
        var tiers = Dictionary(uniqueKeysWithValues: names.map { ($0, Int64(0)) })
        let living =
            try Int64.fetchOne(db, sql: "SELECT count(*) FROM \(CustomersViews.customers) WHERE erased_at IS NULL AND merged_into IS NULL") ?? 0
        var placed: Int64 = 0
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT a.tier, count(*) AS n FROM \(LoyaltyViews.accounts) a JOIN \(CustomersViews.customers) c ON c.id = a.customer_id
                WHERE c.erased_at IS NULL AND c.merged_into IS NULL AND a.tier IS NOT NULL GROUP BY a.tier
                """)
        {
            let tier: String = try row.decode(forColumn: "tier")
            guard tier != names.first, tiers[tier] != nil else { continue }
            let n: Int64 = try row.decode(forColumn: "n")
            tiers[tier] = n
            placed += n
        }
        if let base = names.first { tiers[base] = living - placed }
        return .init(
            participation: active > 0 ? Double(participants) / Double(active) : nil, participants: participants, activeCustomers: active,
            outstandingPoints: outstanding,
            liability: try Self.money(Int128(outstanding) * Int128(try loyalty.pointValue(in: db).minorUnits), "liability"),
            expiringNext30Days: expiring, tiers: names.map { .init(tier: $0, customers: tiers[$0] ?? 0) })
    }

    // MARK: - NPS

    /// NPS answers counted by score over moments `[from, to)`, of one source, optionally of members only.
    func npsCounts(from: Timestamp, to: Timestamp, source: MetricsNPS.Params.Source, members: Set<String>?, in db: Database) throws -> [Int64: Int64]
    {
        var condition = "at >= ? AND at < ?"
        switch source {
        case .nps: condition += " AND source = 'nps'"
        case .surveys: condition += " AND source = 'survey'"
        case .all: break
        }
        let arguments: StatementArguments = [from.millisecondsSince1970, to.millisecondsSince1970]
        var counts: [Int64: Int64] = [:]
        if let members {
            for row in try Row.fetchAll(
                db, sql: "SELECT customer_id, score FROM \(FeedbackViews.npsAnswers) WHERE \(condition)", arguments: arguments)
            {
                guard let id: String = try row.decode(forColumn: "customer_id"), members.contains(id) else { continue }
                counts[try row.decode(Int64.self, forColumn: "score"), default: 0] += 1
            }
            return counts
        }
        for row in try Row.fetchAll(
            db, sql: "SELECT score, count(*) AS n FROM \(FeedbackViews.npsAnswers) WHERE \(condition) GROUP BY score", arguments: arguments)
        {
            counts[try row.decode(Int64.self, forColumn: "score")] = try row.decode(Int64.self, forColumn: "n")
        }
        return counts
    }

    func nps(_ params: MetricsNPS.Params, at now: Timestamp, in db: Database) throws -> MetricsNPS.Result {
        let calendar = try calendar(in: db)
        let minimum = try feedback.policy(in: db).minimumResponses
        let source = params.source ?? .all
        let members = try members(params.segmentId, at: now, in: db)
        let (first, end) = calendar.days(from: params.from, to: params.to)
        let from = params.from == nil ? Timestamp.distantPast : calendar.start(ofDay: first)
        let to = params.to == nil ? Timestamp.distantFuture : calendar.start(ofDay: end)
        // With periods, they cover every answer of the window: the total is their sum, not a second scan.
        var totalCounts = params.period == nil ? try npsCounts(from: from, to: to, source: source, members: members, in: db) : [:]
        var periods: [MetricsNPS.Result.Period] = []
        if let kind = params.period,
            let span = try Row.fetchOne(
                db, sql: "SELECT min(at) AS first, max(at) AS last FROM \(FeedbackViews.npsAnswers) WHERE at >= ? AND at < ?",
                arguments: [from.millisecondsSince1970, to.millisecondsSince1970]),
            let earliest = try span.optionalTimestamp(forColumn: "first"), let latest = try span.optionalTimestamp(forColumn: "last")
        {
            for period in calendar.period(kind, ofDay: calendar.day(of: earliest))...calendar.period(kind, ofDay: calendar.day(of: latest)) {
                let start = max(from, calendar.start(ofDay: calendar.firstDay(of: period, kind)))
                let stop = min(to, calendar.start(ofDay: calendar.firstDay(of: period + 1, kind)))
                let counts = try npsCounts(from: start, to: stop, source: source, members: members, in: db)
                totalCounts.merge(counts, uniquingKeysWith: +)
                let score = NetPromoterScore(counts: counts, minimumResponses: minimum)
                periods.append(
                    .init(
                        period: calendar.name(of: period, kind), score: score.score, n: score.n, promoters: score.promoters,
                        passives: score.passives, detractors: score.detractors, interval: score.interval,
                        tooFewResponses: score.tooFewResponses))
            }
        }
        let total = NetPromoterScore(counts: totalCounts, minimumResponses: minimum)
        return .init(
            score: total.score, n: total.n, promoters: total.promoters, passives: total.passives, detractors: total.detractors,
            interval: total.interval, tooFewResponses: total.tooFewResponses, periods: periods)
    }
}
