import RapportCore
import RapportCustomers
import RapportFeedback
import RapportJSON
import RapportLoyalty
import RapportRPC
import TestSupport
import Testing

@testable import RapportMetrics

@Suite struct MetricsInsightTests {
    @Test func npsOverWindowsPeriodsAndSources() async throws {
        let shop = try MetricsFixture()
        let anna = try await shop.customer()
        for (score, at) in [(10, "2026-01-10T10:00:00Z"), (9, "2026-01-11T10:00:00Z"), (3, "2026-02-10T10:00:00Z")] as [(Int64, String)] {
            _ = try await shop.call(NPSSubmit.self, .init(customerId: anna, score: score, at: MetricsFixture.time(at)))
        }
        let survey = try await shop.call(
            SurveysCreate.self, .init(name: "S", questions: [.init(id: "q", kind: .nps, text: "?")], allowMultiple: true))
        _ = try await shop.call(SurveysRespond.self, .init(surveyId: survey.id, answers: ["q": 7], at: MetricsFixture.time("2026-02-11T10:00:00Z")))
        let all = try await shop.call(MetricsNPS.self, .init(period: .month))
        #expect((all.n, all.promoters, all.passives, all.detractors) == (4, 2, 1, 1))
        #expect(all.score == 25)
        #expect(all.tooFewResponses)
        #expect(all.periods.map(\.period) == ["2026-01", "2026-02"])
        #expect(all.periods.map(\.score) == [100, -50])
        let onlyNPS = try await shop.call(MetricsNPS.self, .init(source: .nps))
        #expect(onlyNPS.n == 3)
        let none = try await shop.call(
            MetricsNPS.self, .init(from: MetricsFixture.time("2025-01-01T00:00:00Z"), to: MetricsFixture.time("2025-02-01T00:00:00Z")))
        #expect(none.score == nil && none.interval == nil && none.n == 0)
    }

    @Test func segmentRestrictsEveryMetric() async throws {
        let shop = try MetricsFixture()
        let vip = try await shop.customer("VIP")
        let other = try await shop.customer("Other")
        _ = try await shop.raw("customers.update", ["id": .string(vip), "tags": ["vip"]])
        let segment = try await shop.raw("segments.create", ["name": "VIPs", "rule": ["field": "tags", "op": "contains", "value": "vip"]])
        let segmentId = try #require(segment["id"]?.stringValue)
        try await shop.order(vip, 1000, at: "2026-01-03T10:00:00Z")
        try await shop.order(vip, 3000, at: "2026-02-03T10:00:00Z")
        try await shop.order(other, 500, at: "2026-01-04T10:00:00Z")
        let rate = try await shop.call(MetricsRepeatRate.self, .init(segmentId: segmentId))
        #expect((rate.customers, rate.repeaters) == (1, 1))
        let check = try await shop.call(MetricsAverageCheck.self, .init(segmentId: segmentId))
        #expect(check.averageCheck == 2000)
        let retention = try await shop.call(MetricsRetention.self, .init(period: .month, segmentId: segmentId))
        #expect(retention.periods.first?.crr == 100)
        let churn = try await shop.call(MetricsChurn.self, .init(segmentId: segmentId))
        #expect(churn.customers == 1)
        let unknown = await shop.error(MetricsRepeatRate.self, .init(segmentId: "seg_missing"))
        #expect(unknown?.reason == .notFound)
        #expect(unknown?.field == "segmentId")
    }

    @Test func redFlagsCarryTheirEvidence() async throws {
        let shop = try MetricsFixture(now: "2026-06-30T00:00:00Z")
        for index in 0..<20 {
            _ = try await shop.call(
                ReviewsRecord.self,
                .init(
                    source: .google, externalId: "g-\(index)", rating: index < 8 ? 1 : 5, topics: index < 3 ? ["staff"] : nil,
                    at: MetricsFixture.time(index < 3 ? "2026-06-20T1\(index):00:00Z" : "2026-06-2\(index % 3)T1\(index % 10):00:00Z")))
        }
        let flags = try await shop.call(MetricsRedFlags.self, .init())
        let share = try #require(flags.flags.first { $0.kind == "negative_share" })
        #expect(share.evidence["negatives"] == .int(8))
        #expect(share.evidence["reviews"] == .int(20))
        #expect(share.thresholds["share"] == .double(0.2))
        let burst = try #require(flags.flags.first { $0.kind == "negative_burst" })
        #expect(burst.evidence["topic"] == .string("staff"))
        #expect(!flags.flags.contains { $0.kind == "silence" })

        let quiet = try MetricsFixture(now: "2026-06-30T00:00:00Z")
        let anna = try await quiet.customer()
        try await quiet.order(anna, 100, at: "2026-06-20T10:00:00Z")
        #expect(try await quiet.call(MetricsRedFlags.self, .init()).flags.map(\.kind) == ["silence"])
    }

    @Test func aFallingCheckMustBeSignificant() async throws {
        let shop = try MetricsFixture(now: "2026-06-30T00:00:00Z")
        let anna = try await shop.customer()
        for index in 0..<40 {
            try await shop.order(
                anna, 10_000 + Int64(index % 5) * 100, at: MetricsFixture.time("2026-05-05T00:00:00Z").adding(seconds: Int64(index) * 3600).rfc3339)
            try await shop.order(
                anna, 7_000 + Int64(index % 5) * 100, at: MetricsFixture.time("2026-06-05T00:00:00Z").adding(seconds: Int64(index) * 3600).rfc3339)
        }
        let flags = try await shop.call(MetricsRedFlags.self, .init(windowDays: 30))
        let falling = try #require(flags.flags.first { $0.kind == "falling_check" })
        #expect(falling.evidence["currentOrders"] == .int(40))
        if case .double(let p)? = falling.evidence["p"] { #expect(p < 0.05) } else { Issue.record("no p") }
    }

    @Test func dashboardComparesWithTargets() async throws {
        let shop = try MetricsFixture(now: "2026-03-20T00:00:00Z")
        let anna = try await shop.customer()
        let boris = try await shop.customer()
        try await shop.order(anna, 1000, at: "2026-02-03T10:00:00Z")
        try await shop.order(anna, 1000, at: "2026-02-04T10:00:00Z")
        try await shop.order(boris, 3000, at: "2026-02-05T10:00:00Z")
        try await shop.order(anna, 2000, at: "2026-03-03T10:00:00Z")
        _ = try await shop.call(KPIsSet.self, .init(metric: .repeatRate, target: 60))
        _ = try await shop.call(KPIsSet.self, .init(metric: .churn, target: 10))
        #expect(try await shop.call(KPIsList.self, .init()).items.map(\.metric) == [.churn, .repeatRate])
        let board = try await shop.call(MetricsDashboard.self, .init())
        #expect((board.period, board.previousPeriod) == ("2026-03", "2026-02"))
        let repeatRow = try #require(board.rows.first { $0.metric == .repeatRate })
        #expect(repeatRow.previous == 50)
        #expect(repeatRow.current == 0)
        #expect(repeatRow.change == -50)
        #expect(repeatRow.onTrack == false)
        let check = try #require(board.rows.first { $0.metric == .averageCheck })
        #expect(check.current == 2000)
        #expect(check.previous == 5000.0 / 3)
        #expect(board.rows.count == KPIMetric.allCases.count)
        #expect(try await shop.call(KPIsRemove.self, .init(metric: .churn)).removed)
        #expect(try await shop.call(KPIsRemove.self, .init(metric: .churn)).removed == false)
    }

    @Test func theDashboardJudgesAPastPeriodAsOfItsEnd() async throws {
        let shop = try MetricsFixture(now: "2026-03-20T00:00:00Z")
        let anna = try await shop.customer()
        let gone = try await shop.customer()
        let newcomer = try await shop.customer()
        try await shop.order(anna, 1000, at: "2026-02-03T10:00:00Z")
        try await shop.order(gone, 1000, at: "2025-10-01T10:00:00Z")
        try await shop.order(newcomer, 1000, at: "2026-03-01T00:30:00Z")  // the first day of the current period
        let board = try await shop.call(MetricsDashboard.self, .init())
        let churn = try #require(board.rows.first { $0.metric == .churn })
        #expect(churn.previous == 50)  // February: anna and the one gone since October, not March's newcomer
        #expect(churn.current == 1.0 / 3 * 100)
    }

    /// A store of customers who buy every 5 to 90 days and, after each purchase, leave with a
    /// chance of their own (`dropouts`), the story BG/NBD tells.
    static func storeOfBuyers(dropouts: [Double], seed: UInt64 = 7) async throws -> (MetricsFixture, [String]) {
        let shop = try MetricsFixture(now: "2026-07-01T00:00:00Z")
        var random = SplitMix64(state: seed)
        var ids: [String] = []
        for index in 0..<60 {
            let id = try await shop.customer("C\(index)")
            ids.append(id)
            let dropout = dropouts[index % dropouts.count]
            var day = Int64.random(in: 0..<120, using: &random)
            repeat {
                try await shop.order(
                    id, Int64.random(in: 1_000...20_000, using: &random), at: MetricsFixture.time("2025-01-01T12:00:00Z").adding(days: day).rfc3339)
                day += Int64.random(in: 5...90, using: &random)
            } while day < 540 && Double.random(in: 0..<1, using: &random) >= dropout
        }
        return (shop, ids)
    }

    @Test func fitAndCLVOverTheStore() async throws {
        let (shop, ids) = try await Self.storeOfBuyers(dropouts: [0.05, 0.3, 0.7])
        let fit = try await shop.call(MetricsFit.self, .init())
        #expect(fit.customers == 60)
        #expect(fit.timeUnit == "day")
        #expect([fit.bgnbd.r, fit.bgnbd.alpha, fit.bgnbd.a, fit.bgnbd.b].allSatisfy { $0.isFinite && $0 > 0 })
        #expect(fit.bgnbd.logLikelihood < 0)
        let page = try await shop.call(MetricsCLV.self, .init(limit: 10))
        #expect(page.customers.count == 10)
        #expect(page.nextCursor != nil)
        #expect(page.totals.customers == 60)
        for customer in page.customers {
            #expect(customer.clv >= 0 && customer.clv.isFinite)
            #expect(customer.probabilityAlive > 0 && customer.probabilityAlive <= 1)
            #expect(customer.expectedPurchases.days30 <= customer.expectedPurchases.days90)
            #expect(customer.expectedPurchases.days90 <= customer.expectedPurchases.days365)
            if customer.frequency == 0 { #expect(customer.probabilityAlive == 1) }
        }
        let one = try await shop.call(MetricsCLV.self, .init(customerId: ids[0], horizonMonths: 24))
        #expect(one.customers.map(\.customerId) == [ids[0]])
        let value = try await shop.call(CustomersValue.self, .init(id: ids[0]))
        #expect(value.predictedClv != nil)
        #expect(value.margin == value.revenue * 30 / 100)
    }

    /// Customers who all leave alike: the Beta of the dropout narrows to a point, the likelihood
    /// only approaches its supremum, and the fit says so instead of answering where it stopped.
    @Test func aSampleWithoutAMaximumIsAClearError() async throws {
        let (shop, _) = try await Self.storeOfBuyers(dropouts: [0.2])
        let refused = await #expect(throws: RapportError.self) { _ = try await shop.call(MetricsFit.self, .init()) }
        #expect(refused?.reason == .unavailable)
        #expect(refused?.message.contains("BG/NBD did not fit") == true)
    }

    @Test func customerValueCountsReferralsBeforeParting() async throws {
        let shop = try MetricsFixture()
        _ = try await shop.call(MetricsConfigure.self, .init(grossMarginPercent: 20, acquisitionCosts: ["ad": Money(minorUnits: 50_000)]))
        let costly = try await shop.customer("Costly", source: "ad")
        try await shop.order(costly, 10_000, at: "2026-01-03T10:00:00Z")
        let plain = try await shop.call(CustomersValue.self, .init(id: costly))
        #expect((plain.revenue, plain.margin, plain.acquisitionCost) == (10_000, 2_000, 50_000))
        #expect(plain.netValue == 2_000 - 50_000)
        #expect(plain.decision == "part")

        let ambassador = try await shop.customer("Ambassador", source: "ad", attributes: ["acquisitionCost": 20_000])
        let code = try await shop.call(ReferralsCode.self, .init(customerId: ambassador)).code
        for index in 0..<3 {
            let friend = try await shop.call(CustomersCreate.self, .init(name: "Friend \(index)", referralCode: code)).id
            try await shop.order(friend, 100_000, at: "2026-02-0\(index + 1)T10:00:00Z")
        }
        let brought = try await shop.call(CustomersValue.self, .init(id: ambassador))
        #expect(brought.referredCustomers == 3)
        #expect(brought.referredRevenue == 3 * 20_000)
        #expect(brought.acquisitionCost == 20_000)
        #expect(brought.decision != "part")
    }
}
