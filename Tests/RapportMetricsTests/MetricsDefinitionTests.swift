import RapportCore
import RapportCustomers
import RapportFeedback
import RapportJSON
import RapportLoyalty
import RapportRPC
import TestSupport
import Testing

@testable import RapportMetrics

@Suite struct MetricsDefinitionTests {
    @Test func repeatRateCountsOrdersOrDays() async throws {
        let shop = try MetricsFixture()
        let anna = try await shop.customer("Anna")
        let boris = try await shop.customer("Boris")
        let vera = try await shop.customer("Vera")
        _ = try await shop.customer("Never ordered")
        try await shop.order(anna, 1000, at: "2026-01-05T10:00:00Z")
        try await shop.order(anna, 0, at: "2026-01-05T18:00:00Z")  // same day, zero amount
        try await shop.order(boris, 500, at: "2026-01-06T10:00:00Z")
        try await shop.order(boris, 700, at: "2026-02-06T10:00:00Z")
        try await shop.order(vera, 900, at: "2026-03-01T10:00:00Z")
        let all = try await shop.call(MetricsRepeatRate.self, .init())
        #expect(all.customers == 3)
        #expect(all.repeaters == 2)
        #expect(all.rate == 2.0 / 3)
        let byDay = try await shop.call(MetricsRepeatRate.self, .init(byDay: true))
        #expect(byDay.repeaters == 1)
        let january = try await shop.call(
            MetricsRepeatRate.self, .init(from: MetricsFixture.time("2026-01-01T00:00:00Z"), to: MetricsFixture.time("2026-02-01T00:00:00Z")))
        #expect((january.customers, january.repeaters) == (2, 1))
        let empty = try await shop.call(
            MetricsRepeatRate.self, .init(from: MetricsFixture.time("2025-01-01T00:00:00Z"), to: MetricsFixture.time("2025-02-01T00:00:00Z")))
        #expect(empty.rate == nil)
    }

    @Test func averageCheckCountsRefundsAsRevenueNotOrders() async throws {
        let shop = try MetricsFixture()
        let anna = try await shop.customer()
        let order = try await shop.order(anna, 10_000, at: "2026-01-10T10:00:00Z")
        try await shop.order(anna, 0, at: "2026-01-11T10:00:00Z")
        try await shop.order(anna, 5_555, at: "2026-02-10T10:00:00Z")
        _ = try await shop.call(OrdersRefund.self, .init(orderId: order.id, amount: Money(minorUnits: 4_000)))
        let check = try await shop.call(MetricsAverageCheck.self, .init(period: .month))
        #expect(check.orders == 3)
        #expect(check.revenue == 11_555)
        #expect(check.averageCheck == 11_555.0 / 3)
        #expect(check.periods.map(\.period) == ["2026-01", "2026-02"])
        #expect(check.periods[0].averageCheck == 3_000)
        #expect(check.periods[0].change == nil)
        #expect(check.periods[1].change == (5_555.0 - 3_000) / 3_000)
    }

    @Test func retentionAndCohortsByMonth() async throws {
        let shop = try MetricsFixture()
        let a = try await shop.customer("A")
        let b = try await shop.customer("B")
        let c = try await shop.customer("C")
        try await shop.order(a, 100, at: "2026-01-03T10:00:00Z")
        try await shop.order(b, 100, at: "2026-01-04T10:00:00Z")
        try await shop.order(a, 100, at: "2026-02-03T10:00:00Z")
        try await shop.order(c, 100, at: "2026-02-05T10:00:00Z")
        try await shop.order(b, 100, at: "2026-03-04T10:00:00Z")
        let retention = try await shop.call(MetricsRetention.self, .init(period: .month))
        #expect(retention.periods.map(\.period) == ["2026-02", "2026-03"])
        let february = retention.periods[0]
        #expect((february.startCustomers, february.endCustomers, february.newCustomers, february.retainedCustomers) == (2, 2, 1, 1))
        #expect(february.crr == 50)
        #expect(february.strictRetention == 50)
        let march = retention.periods[1]
        #expect((march.startCustomers, march.endCustomers, march.newCustomers, march.retainedCustomers) == (2, 1, 0, 0))
        #expect(march.crr == 50)  // B came back: active, not new, though not active in February
        #expect(march.strictRetention == 0)

        let cohorts = try await shop.call(MetricsCohorts.self, .init(period: .month, to: MetricsFixture.time("2026-04-01T00:00:00Z")))
        #expect(cohorts.cohorts.map(\.cohort) == ["2026-01", "2026-02"])
        #expect(cohorts.cohorts[0].size == 2)
        #expect(cohorts.cohorts[0].active == [2, 1, 1])
        #expect(cohorts.cohorts[0].retention == [1, 0.5, 0.5])
        #expect(cohorts.cohorts[1].active == [1, 0])
    }

    @Test func periodEdgesFollowTheStoreTimeZone() async throws {
        let shop = try MetricsFixture()
        let anna = try await shop.customer()
        try await shop.order(anna, 100, at: "2026-01-31T22:30:00Z")  // 2026-02-01 01:30 in Moscow
        try await shop.order(anna, 300, at: "2026-03-31T20:59:00Z")  // 2026-03-31 23:59 in Moscow
        let utc = try await shop.call(MetricsAverageCheck.self, .init(period: .month))
        #expect(utc.periods.map(\.period) == ["2026-01", "2026-02", "2026-03"])
        let settings = try await shop.call(MetricsConfigure.self, .init(timeZone: "Europe/Moscow"))
        #expect(settings.rebuildNeeded)
        _ = try await shop.call(MetricsRebuild.self, .init())
        let moscow = try await shop.call(MetricsAverageCheck.self, .init(period: .quarter))
        #expect(moscow.periods.map(\.period) == ["2026Q1"])
        let months = try await shop.call(MetricsAverageCheck.self, .init(period: .month))
        #expect(months.periods.map(\.period) == ["2026-02", "2026-03"])
        let february = try await shop.call(
            MetricsAverageCheck.self, .init(from: MetricsFixture.time("2026-01-31T21:00:00Z"), to: MetricsFixture.time("2026-02-28T21:00:00Z")))
        #expect(february.orders == 1)
        #expect(try await shop.call(MetricsSettings.self, .init()).rebuildNeeded == false)
    }

    @Test func churnCountsDaysSinceTheLastOrder() async throws {
        let shop = try MetricsFixture()
        let recent = try await shop.customer()
        let gone = try await shop.customer()
        try await shop.order(recent, 100, at: "2026-06-01T10:00:00Z")
        try await shop.order(gone, 100, at: "2026-03-01T10:00:00Z")
        let now = try await shop.call(MetricsChurn.self, .init())
        #expect((now.churned, now.customers) == (1, 2))
        #expect(now.rate == 0.5)
        let earlier = try await shop.call(MetricsChurn.self, .init(inactiveDays: 30, at: MetricsFixture.time("2026-04-15T00:00:00Z")))
        #expect((earlier.churned, earlier.customers) == (1, 1))  // only orders up to `at` count
    }

    @Test func mergedDuplicatesOrdersBelongToTheSurvivor() async throws {
        let shop = try MetricsFixture()
        let anna = try await shop.customer("Anna")
        let duplicate = try await shop.customer("Anna again")
        try await shop.order(anna, 100, at: "2026-01-03T10:00:00Z")
        try await shop.order(duplicate, 200, at: "2026-02-03T10:00:00Z")
        #expect(try await shop.call(MetricsRepeatRate.self, .init()).repeaters == 0)
        _ = try await shop.raw("customers.merge", ["into": .string(anna), "from": .string(duplicate)])
        let merged = try await shop.call(MetricsRepeatRate.self, .init())
        #expect((merged.customers, merged.repeaters) == (1, 1))
        _ = try await shop.raw("customers.erase", ["id": .string(anna)])
        #expect(try await shop.call(MetricsAverageCheck.self, .init()).orders == 2)  // an erased customer's orders still count
    }

    @Test func loyaltyParticipationAndTiers() async throws {
        let shop = try MetricsFixture()
        let anna = try await shop.customer()
        let boris = try await shop.customer()
        try await shop.order(anna, 200_000, at: "2026-01-03T10:00:00Z")  // earns points
        try await shop.order(boris, 100, at: "2026-01-04T10:00:00Z")  // too little to earn
        let health = try await shop.call(MetricsLoyalty.self, .init())
        #expect((health.participants, health.activeCustomers) == (1, 2))
        #expect(health.participation == 0.5)
        #expect(health.outstandingPoints == 100)
        #expect(health.liability == 100 * 100)
        #expect(health.tiers.first?.customers == 2)
    }

    @Test func keptAggregatesEqualARebuild() async throws {
        for seed: UInt64 in [1, 2, 3, 4] {
            let shop = try MetricsFixture()
            var random = SplitMix64(state: seed)
            var customers: [String] = []
            for index in 0..<8 { customers.append(try await shop.customer("C\(index)")) }
            var orders: [Order] = []
            for _ in 0..<80 {
                let customer = customers.randomElement(using: &random)!
                // Half of the orders in three weeks: several a day, first days moved back, refunds on them.
                let day = Int64.random(in: 0..<(Bool.random(using: &random) ? 400 : 20), using: &random)
                let at = MetricsFixture.time("2025-01-01T00:00:00Z").adding(seconds: day * 86_400 + Int64.random(in: 0..<86_400, using: &random))
                orders.append(try await shop.order(customer, Int64.random(in: 0...50_000, using: &random), at: at.rfc3339))
                if Int.random(in: 0..<8, using: &random) == 0, let order = orders.randomElement(using: &random), order.amount.minorUnits > 1 {
                    _ = try? await shop.call(OrdersRefund.self, .init(orderId: order.id, amount: Money(minorUnits: 1)))
                }
                if Int.random(in: 0..<25, using: &random) == 0, customers.count > 2 {
                    let from = customers.removeLast()
                    _ = try await shop.raw("customers.merge", ["into": .string(customers[0]), "from": .string(from)])
                }
            }
            let kept = try await shop.aggregates()
            _ = try await shop.call(MetricsRebuild.self, .init())
            let rebuilt = try await shop.aggregates()
            #expect(kept == rebuilt, "seed \(seed)")
        }
    }
}
