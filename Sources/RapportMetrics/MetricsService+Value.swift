import Foundation
import GRDB
import RapportCore
import RapportCustomers
import RapportJSON
import RapportLoyalty
import RapportStorage

/// One customer's purchase history as the CLV models read it.
struct PurchaseSummary: Sendable, Hashable {
    var customerId: String
    /// Distinct purchase days − 1.
    var frequency: Int64
    /// Last − first purchase day.
    var recency: Int64
    /// observationEnd's day − first purchase day.
    var age: Int64
    /// Mean revenue of the repeat days; 0 without repeats.
    var monetaryValue: Double
    var revenue: Int64

    init?(_ summary: CustomerSummary, observationDay: Int64) {
        guard let first = summary.firstDay, let last = summary.lastDay, summary.days > 0, first <= observationDay else { return nil }
        customerId = summary.customerId
        frequency = summary.days - 1
        recency = last - first
        age = observationDay - first
        monetaryValue = frequency > 0 ? Double(summary.revenue - summary.firstDayRevenue) / Double(frequency) : 0
        revenue = summary.revenue
    }
}

extension MetricsService {
    /// Every customer's summary at `observationEnd` (orders after it ignored), optionally members only.
    func purchaseSummaries(observationEnd: Timestamp, segmentId: String?, at now: Timestamp, in db: Database) throws -> [PurchaseSummary] {
        let calendar = try calendar(in: db)
        let day = calendar.day(of: observationEnd)
        let members = try members(segmentId, at: now, in: db)
        let later = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM metrics_day WHERE day > ? AND orders > 0)", arguments: [day]) ?? false
        var summaries: [PurchaseSummary] = []
        if later {
            var days: [String: [CustomerDay]] = [:]
            let rows = try Row.fetchCursor(
                db, sql: "SELECT customer_id, day, orders, revenue, entries FROM metrics_customer_day WHERE day <= ? AND orders > 0", arguments: [day]
            )
            while let row = try rows.next() {
                let id: String = try row.decode(forColumn: "customer_id")
                if let members, !members.contains(id) { continue }
                days[id, default: []].append(try AggregateRows.customerDay(row))
            }
            for (id, rows) in days {
                if let summary = PurchaseSummary(CustomerSummary(customerId: id, days: rows), observationDay: day) { summaries.append(summary) }
            }
        } else {
            let rows = try Row.fetchCursor(db, sql: "SELECT \(AggregateRows.summaryColumns) FROM metrics_customer WHERE days > 0")
            while let row = try rows.next() {
                let summary = try CustomerSummary(row)
                if let members, !members.contains(summary.customerId) { continue }
                if let purchase = PurchaseSummary(summary, observationDay: day) { summaries.append(purchase) }
            }
        }
        return summaries.sorted { $0.customerId < $1.customerId }
    }

    /// Fits both models to the summaries; a fit that fails is `unavailable` with its reason.
    static func fit(_ summaries: [PurchaseSummary], observationEnd: Timestamp, segmentId: String?) throws -> CLVFit {
        guard summaries.count >= 2 else {
            throw RapportError(.unavailable, "a fit needs at least 2 customers with orders, there are \(summaries.count)")
        }
        var triples: [BGNBDKey: Int] = [:]
        for summary in summaries { triples[BGNBDKey(summary), default: 0] += 1 }
        let sample = triples.map { BGNBD.Customer(x: Double($0.key.x), tx: Double($0.key.tx), age: Double($0.key.age), count: $0.value) }
        let repeaters = summaries.filter { $0.frequency > 0 && $0.monetaryValue > 0 }
        let bgnbd: (parameters: BGNBD.Parameters, logLikelihood: Double)
        let gammaGamma: (parameters: GammaGamma.Parameters, logLikelihood: Double)
        do {
            bgnbd = try BGNBD.fit(sample)
        } catch {
            throw RapportError(.unavailable, "BG/NBD did not fit: \(error.message)")
        }
        do {
            gammaGamma = try GammaGamma.fit(
                repeaters.map { GammaGamma.Customer(frequency: Double($0.frequency), monetaryValue: $0.monetaryValue, count: 1) })
        } catch {
            throw RapportError(.unavailable, "Gamma-Gamma did not fit: \(error.message)")
        }
        var fit = CLVFit(
            observationEnd: observationEnd, segmentId: segmentId, customers: Int64(summaries.count),
            bgnbd: .init(
                r: bgnbd.parameters.r, alpha: bgnbd.parameters.alpha, a: bgnbd.parameters.a, b: bgnbd.parameters.b, logLikelihood: bgnbd.logLikelihood
            ),
            gammaGamma: .init(
                p: gammaGamma.parameters.p, q: gammaGamma.parameters.q, v: gammaGamma.parameters.v, logLikelihood: gammaGamma.logLikelihood,
                customers: Int64(repeaters.count)),
            timeUnit: "day", totalClv: 0, expectedPurchases365: 0)
        for summary in summaries {
            let value = Self.value(summary, fit: fit, horizonMonths: 12, discountRate: 0.01)
            fit.totalClv += value.clv
            fit.expectedPurchases365 += value.expectedPurchases.days365
        }
        return fit
    }

    /// A customer's predicted value under a fit.
    static func value(_ summary: PurchaseSummary, fit: CLVFit, horizonMonths: Int64, discountRate: Double) -> CustomerCLV {
        let model = BGNBD.Parameters(r: fit.bgnbd.r, alpha: fit.bgnbd.alpha, a: fit.bgnbd.a, b: fit.bgnbd.b)
        let spendModel = GammaGamma.Parameters(p: fit.gammaGamma.p, q: fit.gammaGamma.q, v: fit.gammaGamma.v)
        let (x, tx, age) = (Double(summary.frequency), Double(summary.recency), Double(summary.age))
        func expected(_ days: Double) -> Double { days == 0 ? 0 : BGNBD.expectedPurchases(model, t: days, x: x, tx: tx, age: age) }
        let spend =
            summary.frequency > 0 && summary.monetaryValue > 0
            ? GammaGamma.conditionalMean(spendModel, frequency: x, monetaryValue: summary.monetaryValue) : GammaGamma.populationMean(spendModel)
        var clv = 0.0
        var before = 0.0
        for month in 1...max(1, horizonMonths) {
            let through = expected(Double(30 * month))
            clv += spend * (through - before) / pow(1 + discountRate, Double(month))
            before = through
        }
        return CustomerCLV(
            customerId: summary.customerId, frequency: summary.frequency, recency: summary.recency, age: summary.age,
            monetaryValue: summary.monetaryValue, historicalValue: summary.revenue,
            expectedPurchases: .init(days30: expected(30), days90: expected(90), days365: expected(365)),
            probabilityAlive: summary.frequency == 0 ? 1 : BGNBD.probabilityAlive(model, x: x, tx: tx, age: age), expectedAverageSpend: spend,
            clv: clv)
    }

    func saveFit(_ fit: CLVFit, in context: WriteContext) throws -> CLVFit {
        try context.db.execute(
            sql: "INSERT INTO metrics_fit (observation_end, segment_id, fit, created_at) VALUES (?, ?, ?, ?)",
            arguments: [fit.observationEnd.millisecondsSince1970, fit.segmentId, try StoredJSON.encode(fit), context.now.millisecondsSince1970])
        return fit
    }

    /// The latest stored fit of all customers, if any.
    func latestFit(in db: Database) throws -> CLVFit? {
        try String.fetchOne(db, sql: "SELECT fit FROM metrics_fit WHERE segment_id IS NULL ORDER BY id DESC LIMIT 1")
            .map { try StoredJSON.decode(CLVFit.self, from: $0) }
    }

    func clv(_ params: MetricsCLV.Params, at now: Timestamp, in db: Database) throws -> MetricsCLV.Result {
        let horizon = params.horizonMonths ?? 12
        let rate = params.discountRate ?? 0.01
        guard rate.isFinite, (0...1).contains(rate) else { throw RapportError.invalid("discountRate", "discountRate must be 0 to 1") }
        let limit = try Pagination.limit(params.limit)
        let stored = try latestFit(in: db)
        let fit = try stored ?? Self.fit(purchaseSummaries(observationEnd: now, segmentId: nil, at: now, in: db), observationEnd: now, segmentId: nil)
        let day = try calendar(in: db).day(of: fit.observationEnd)
        var summaries: [CustomerSummary]
        if let customerId = params.customerId {
            try customers.ensureExists(customerId, in: db)
            summaries = try AggregateRows.summary(of: customerId, in: db).map { [$0] } ?? []
        } else {
            let after = try Pagination.id(fromCursor: params.cursor) ?? ""
            summaries = try Row.fetchAll(
                db,
                sql: "SELECT \(AggregateRows.summaryColumns) FROM metrics_customer WHERE days > 0 AND customer_id > ? ORDER BY customer_id LIMIT ?",
                arguments: [after, limit + 1]
            ).map(CustomerSummary.init)
        }
        let more = summaries.count > limit
        summaries = Array(summaries.prefix(limit))
        let values = summaries.compactMap { PurchaseSummary($0, observationDay: day) }.map {
            Self.value($0, fit: fit, horizonMonths: horizon, discountRate: rate)
        }
        return .init(
            model: fit, customers: values, nextCursor: more ? summaries.last.map { Pagination.idCursor(after: $0.customerId) } : nil,
            totals: .init(customers: fit.customers, clv: fit.totalClv, expectedPurchases365: fit.expectedPurchases365))
    }

    // MARK: - Customer value

    func value(_ params: CustomersValue.Params, at now: Timestamp, in db: Database) throws -> CustomersValue.Result {
        let customer = try customers.activeCustomer(params.id, in: db, field: "id")
        let policy = try policy(in: db)
        let pointValue = try loyalty.pointValue(in: db).minorUnits
        func margin(_ revenue: Int64) -> Int64 { Int64(Int128(revenue) * Int128(policy.grossMarginPercent) / 100) }
        let summary = try AggregateRows.summary(of: customer.id, in: db)
        let revenue = summary?.revenue ?? 0
        let acquisition: Int64 = {
            if case .int(let cost)? = customer.attributes["acquisitionCost"] { return cost }
            return policy.acquisitionCosts[customer.source]?.minorUnits ?? 0
        }()
        let service =
            try Int64.fetchOne(
                db, sql: "SELECT coalesce(sum(cost), 0) FROM \(CustomersViews.interactions) WHERE customer_id = ?", arguments: [customer.id])
            ?? 0
        let points = try Row.fetchOne(
            db,
            sql: """
                SELECT coalesce(-sum(CASE WHEN kind = 'redeem' THEN points END), 0) AS redeemed,
                       coalesce(sum(CASE WHEN kind = 'bonus' AND reason LIKE 'compensation%' THEN points END), 0) AS compensated
                FROM \(LoyaltyViews.entries) WHERE customer_id = ?
                """, arguments: [customer.id])
        let redeemed = Int128(try points?.decode(Int64.self, forColumn: "redeemed") ?? 0)
        let compensated = Int128(try points?.decode(Int64.self, forColumn: "compensated") ?? 0)
        let loyaltyCost = try Self.money((redeemed + compensated) * Int128(pointValue), "loyaltyCost")
        let referred = try String.fetchAll(
            db, sql: "SELECT referee_id FROM \(LoyaltyViews.referrals) WHERE referrer_id = ?", arguments: [customer.id])
        var referredSum: Int128 = 0
        for id in referred { referredSum += Int128(margin(try AggregateRows.summary(of: id, in: db)?.revenue ?? 0)) }
        let referredRevenue = try Self.money(referredSum, "referredRevenue")
        var predicted: Double?
        if let fit = try latestFit(in: db), let summary,
            let purchases = PurchaseSummary(summary, observationDay: try calendar(in: db).day(of: fit.observationEnd))
        {
            predicted = Self.value(purchases, fit: fit, horizonMonths: 12, discountRate: 0.01).clv
        }
        let costs = try Self.money(Int128(acquisition) + Int128(service) + Int128(loyaltyCost), "the costs")
        let net = try Self.money(Int128(margin(revenue)) + Int128(referredRevenue) - Int128(costs), "netValue")
        var reasons: [String] = []
        let decision: String
        if net >= 0 {
            decision = "keep"
            reasons.append("brings \(net) more than they cost")
        } else if referredRevenue > 0, referredRevenue >= costs {
            decision = "review"
            reasons.append("the \(referred.count) customer(s) they referred bring \(referredRevenue), covering their cost of \(costs)")
        } else if let predicted, Double(net) + predicted * Double(policy.grossMarginPercent) / 100 >= 0 {
            decision = "review"
            reasons.append("costs \(-net) more than they bring so far, but the predicted margin would cover it")
        } else {
            decision = "part"
            reasons.append("costs \(-net) more than they bring, and neither referrals nor the prediction cover it")
        }
        if service > margin(revenue) { reasons.append("service cost \(service) exceeds the margin \(margin(revenue))") }
        return .init(
            customerId: customer.id, revenue: revenue, margin: margin(revenue), acquisitionCost: acquisition, serviceCost: service,
            loyaltyCost: loyaltyCost, referredCustomers: Int64(referred.count), referredRevenue: referredRevenue, predictedClv: predicted,
            netValue: net, decision: decision, reasons: reasons)
    }
}

/// Customers with the same (frequency, recency, T) share one likelihood term.
private struct BGNBDKey: Hashable {
    var x: Int64
    var tx: Int64
    var age: Int64

    init(_ summary: PurchaseSummary) {
        x = summary.frequency
        tx = summary.recency
        age = summary.age
    }
}
