import GRDB
import RapportCore
import RapportCustomers
import RapportFeedback
import RapportJSON
import RapportStorage

extension MetricsService {
    // MARK: - Red flags

    func redFlags(_ params: MetricsRedFlags.Params, at now: Timestamp, in db: Database) throws -> MetricsRedFlags.Result {
        let policy = try policy(in: db)
        let calendar = try calendar(in: db)
        let to = params.at ?? now
        let days = params.windowDays ?? 30
        let from = to.adding(days: -days)
        let previousFrom = from.adding(days: -days)
        var flags: [MetricsRedFlags.Result.Flag] = []
        let window: StatementArguments = [from.millisecondsSince1970, to.millisecondsSince1970]

        let reviews = try Row.fetchOne(
            db, sql: "SELECT count(*) AS n, coalesce(sum(negative), 0) AS negatives FROM \(FeedbackViews.reviews) WHERE at >= ? AND at < ?",
            arguments: window)
        let reviewCount: Int64 = try reviews?.decode(forColumn: "n") ?? 0
        let negatives: Int64 = try reviews?.decode(forColumn: "negatives") ?? 0
        if let interval = Statistics.wilson(negatives, of: reviewCount), interval.low > policy.negativeShareThreshold {
            flags.append(
                .init(
                    kind: "negative_share", severity: interval.low > 2 * policy.negativeShareThreshold ? "critical" : "warning",
                    message: "\(negatives) of \(reviewCount) reviews in \(days) days are negative; even the interval's low end, "
                        + "\(Self.percent(interval.low)), is above \(Self.percent(policy.negativeShareThreshold))",
                    evidence: [
                        "negatives": .int(negatives), "reviews": .int(reviewCount), "low": .double(interval.low), "high": .double(interval.high),
                    ],
                    thresholds: ["share": .double(policy.negativeShareThreshold), "confidence": .double(0.95)]))
        }

        var byTopic: [String: [Timestamp]] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT topics, at FROM \(FeedbackViews.reviews) WHERE at >= ? AND at < ? AND negative = 1 ORDER BY at", arguments: window)
        {
            let at = try row.timestamp(forColumn: "at")
            for topic in try row.json([String].self, forColumn: "topics") ?? [] { byTopic[topic, default: []].append(at) }
        }
        let burstSpan = policy.burstHours * 3_600_000
        for (topic, times) in byTopic.sorted(by: { $0.key < $1.key }) {
            var start = 0
            var best: (count: Int, first: Timestamp, last: Timestamp)?
            for end in times.indices {
                while times[end].millisecondsSince1970 - times[start].millisecondsSince1970 > burstSpan { start += 1 }
                let count = end - start + 1
                if count > best?.count ?? 0 { best = (count, times[start], times[end]) }
            }
            if let best, best.count >= Int(policy.burstNegatives) {
                flags.append(
                    .init(
                        kind: "negative_burst", severity: "critical",
                        message: "\(best.count) negative reviews about \(topic) within \(policy.burstHours) hours",
                        evidence: [
                            "topic": .string(topic), "negatives": .int(Int64(best.count)), "from": .string(best.first.rfc3339),
                            "to": .string(best.last.rfc3339),
                        ],
                        thresholds: ["negatives": .int(policy.burstNegatives), "hours": .int(policy.burstHours)]))
            }
        }

        let answers = try Int64.fetchOne(db, sql: "SELECT count(*) FROM \(FeedbackViews.npsAnswers) WHERE at >= ? AND at < ?", arguments: window) ?? 0
        let current = try moments(from: from, to: to, calendar: calendar, in: db)
        if reviewCount == 0, answers == 0, current.count > 0 {
            flags.append(
                .init(
                    kind: "silence", severity: "warning",
                    message: "No review and no NPS answer in \(days) days, while \(Int64(current.count)) orders came in",
                    evidence: ["reviews": .int(0), "npsAnswers": .int(0), "orders": .int(Int64(current.count))],
                    thresholds: ["days": .int(days)]))
        }

        let previous = try moments(from: previousFrom, to: from, calendar: calendar, in: db)
        if current.count >= 30, previous.count >= 30, previous.mean > 0 {
            let drop = (previous.mean - current.mean) / previous.mean
            if drop * 100 > Double(policy.checkDropPercent), let test = Statistics.welch(current, previous), test.p < 0.05 {
                flags.append(
                    .init(
                        kind: "falling_check", severity: "warning",
                        message:
                            "The average check fell \(Self.percent(drop)) (\(Self.money(previous.mean)) → \(Self.money(current.mean))), p = \(Self.decimal(test.p))",
                        evidence: [
                            "current": .double(current.mean), "previous": .double(previous.mean), "currentOrders": .int(Int64(current.count)),
                            "previousOrders": .int(Int64(previous.count)), "drop": .double(drop), "t": .double(test.t),
                            "degreesOfFreedom": .double(test.degreesOfFreedom), "p": .double(test.p),
                        ],
                        thresholds: ["dropPercent": .int(policy.checkDropPercent), "p": .double(0.05), "minimumOrders": .int(30)]))
            }
        }

        let minimum = try feedback.policy(in: db).minimumResponses
        let npsNow = NetPromoterScore(counts: try npsCounts(from: from, to: to, source: .all, members: nil, in: db), minimumResponses: minimum)
        let npsBefore = NetPromoterScore(
            counts: try npsCounts(from: previousFrom, to: from, source: .all, members: nil, in: db), minimumResponses: minimum)
        if let now = npsNow.score, let before = npsBefore.score, npsNow.n >= policy.minimumAnswers, npsBefore.n >= policy.minimumAnswers,
            before - now >= Double(policy.npsDropPoints)
        {
            flags.append(
                .init(
                    kind: "nps_drop", severity: "warning", message: "NPS fell from \(before) to \(now)",
                    evidence: ["current": .double(now), "previous": .double(before), "currentN": .int(npsNow.n), "previousN": .int(npsBefore.n)],
                    thresholds: ["points": .int(policy.npsDropPoints), "minimumAnswers": .int(policy.minimumAnswers)]))
        }
        return .init(flags: flags, from: from, to: to)
    }

    /// The orders' net amounts over whole local days from `from`'s day to `to`'s.
    private func moments(from: Timestamp, to: Timestamp, calendar: StoreCalendar, in db: Database) throws -> Statistics.Moments {
        let row = try Row.fetchOne(
            db,
            sql: """
                SELECT coalesce(sum(orders), 0) AS n, coalesce(sum(revenue), 0) AS revenue, coalesce(sum(revenue_squares), 0) AS squares
                FROM metrics_day WHERE day >= ? AND day < ?
                """, arguments: [calendar.day(of: from), calendar.day(of: to)])
        return .init(
            count: Double(try row?.decode(Int64.self, forColumn: "n") ?? 0), sum: Double(try row?.decode(Int64.self, forColumn: "revenue") ?? 0),
            squares: try row?.decode(Double.self, forColumn: "squares") ?? 0)
    }

    private static func percent(_ share: Double) -> String { "\((share * 1000).rounded() / 10)%" }
    private static func money(_ minorUnits: Double) -> String { "\((minorUnits).rounded() / 100)" }
    private static func decimal(_ value: Double) -> String { "\((value * 10_000).rounded() / 10_000)" }

    // MARK: - KPIs

    func setKPI(_ params: KPIsSet.Params, in context: WriteContext) throws -> KPITarget {
        guard params.target.isFinite, abs(params.target) <= 1e13 else {
            throw RapportError.invalid("target", "target must be a finite number from -10^13 to 10^13")
        }
        try context.db.execute(
            sql: """
                INSERT INTO metrics_kpi (metric, target, updated_at) VALUES (?, ?, ?)
                ON CONFLICT DO UPDATE SET target = excluded.target, updated_at = excluded.updated_at
                """, arguments: [params.metric.rawValue, params.target, context.now.millisecondsSince1970])
        return KPITarget(
            metric: params.metric, target: params.target, unit: params.metric.unit, higherIsBetter: params.metric.higherIsBetter,
            updatedAt: context.now)
    }

    func kpis(in db: Database) throws -> [KPITarget] {
        try Row.fetchAll(db, sql: "SELECT metric, target, updated_at FROM metrics_kpi ORDER BY metric").compactMap { row in
            guard let metric = KPIMetric(rawValue: try row.decode(forColumn: "metric")) else { return nil }
            return KPITarget(
                metric: metric, target: try row.decode(forColumn: "target"), unit: metric.unit, higherIsBetter: metric.higherIsBetter,
                updatedAt: try row.timestamp(forColumn: "updated_at"))
        }
    }

    func removeKPI(_ params: KPIsRemove.Params, in context: WriteContext) throws -> KPIsRemove.Result {
        try context.db.execute(sql: "DELETE FROM metrics_kpi WHERE metric = ?", arguments: [params.metric.rawValue])
        return .init(metric: params.metric, removed: context.db.changesCount > 0)
    }

    // MARK: - Dashboard

    func dashboard(_ params: MetricsDashboard.Params, at now: Timestamp, in db: Database) throws -> MetricsDashboard.Result {
        let calendar = try calendar(in: db)
        let kind: PeriodKind = params.period == .quarter ? .quarter : .month
        let at = params.at ?? now
        let current = calendar.period(kind, ofDay: calendar.day(of: at))
        let targets = Dictionary(uniqueKeysWithValues: try kpis(in: db).map { ($0.metric, $0.target) })
        func window(_ period: Int64) -> (from: Timestamp, to: Timestamp) {
            (calendar.start(ofDay: calendar.firstDay(of: period, kind)), min(at, calendar.start(ofDay: calendar.firstDay(of: period + 1, kind))))
        }
        let retention = try retention(.init(period: kind, to: at), at: now, in: db).periods
        func value(_ metric: KPIMetric, _ period: Int64) throws -> Double? {
            let (from, to) = window(period)
            switch metric {
            case .repeatRate: return try repeatRate(.init(from: from, to: to), at: now, in: db).rate.map { $0 * 100 }
            case .nps: return try nps(.init(from: from, to: to), at: now, in: db).score
            case .loyaltyParticipation:
                let counts = try participation(from: from, to: to, in: db)
                return counts.active > 0 ? Double(counts.participants) / Double(counts.active) * 100 : nil
            case .averageCheck: return try averageCheck(.init(from: from, to: to), at: now, in: db).averageCheck
            case .crr: return retention.first { $0.period == calendar.name(of: period, kind) }?.crr
            // As of the window's last instant: `to` itself is the first of the next period.
            case .churn:
                let end = Timestamp(millisecondsSince1970: to.millisecondsSince1970 - 1)
                return try churn(.init(at: end), at: now, in: db).rate.map { $0 * 100 }
            case .complaints:
                return Double(
                    try Int64.fetchOne(
                        db, sql: "SELECT count(*) FROM \(FeedbackViews.complaints) WHERE at >= ? AND at < ?",
                        arguments: [from.millisecondsSince1970, to.millisecondsSince1970]) ?? 0)
            case .medianResponseTime:
                return try feedback.responseTimes(from: from, to: to, at: to, in: db).medianSeconds.map(Double.init)
            }
        }
        let rows = try KPIMetric.allCases.map { metric -> MetricsDashboard.Result.Row in
            let now = try value(metric, current)
            let before = try value(metric, current - 1)
            let target = targets[metric]
            let onTrack = now.flatMap { now in target.map { metric.higherIsBetter ? now >= $0 : now <= $0 } }
            return .init(
                metric: metric, unit: metric.unit, target: target, current: now, previous: before,
                change: now.flatMap { now in before.map { now - $0 } }, onTrack: onTrack)
        }
        return .init(period: calendar.name(of: current, kind), previousPeriod: calendar.name(of: current - 1, kind), rows: rows)
    }
}
