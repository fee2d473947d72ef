import Foundation
import RapportCore
import RapportCustomers
import RapportJSON
import RapportLoyalty
import RapportStorage
import TestSupport
import Testing

@Suite struct TierTests {
    @Test func crossingAThresholdUpgradesAtOnceAndTheNextOrderEarnsMore() async throws {
        let fixture = try LoyaltyFixture()
        let anna = try await fixture.customer()
        try await fixture.order(anna, "o-1", 3_000_000, at: "2026-02-01T10:00:00Z")  // 1500 points, Silver
        var status = try await fixture.call(TiersStatus.self, .init(customerId: anna, at: LoyaltyFixture.time("2026-02-01T10:00:00Z")))
        #expect(status.tier == "Silver" && status.next?.tier == "Gold" && status.next?.remaining == 2_000_000 && status.nextEvaluationAt == nil)
        try await fixture.order(anna, "o-2", 2_000_000, at: "2026-03-01T10:00:00Z")  // 1000 points at Silver, then Gold
        status = try await fixture.call(TiersStatus.self, .init(customerId: anna, at: LoyaltyFixture.time("2026-03-01T10:00:00Z")))
        #expect(status.tier == "Gold" && status.multiplier == 1.25 && status.perks == ["free delivery"])
        #expect(status.since == LoyaltyFixture.time("2026-03-01T10:00:00Z"))
        // Without new orders, February's order leaves the window on 2027-02-01; then 30 days of grace.
        #expect(status.nextEvaluationAt == LoyaltyFixture.time("2027-03-03T10:00:00Z"))
        try await fixture.order(anna, "o-3", 100_000, at: "2026-03-02T10:00:00Z")  // 50 × 1.25 = 62
        let entries = try await fixture.call(LoyaltyHistory.self, .init(customerId: anna, kind: .earn)).items.map(\.points)
        #expect(entries == [62, 1_000, 1_500])
        let history = try await fixture.call(TiersHistory.self, .init(customerId: anna)).items
        #expect(history.count == 1 && history[0].from == nil && history[0].to == "Gold" && history[0].qualifying == 5_000_000)
        #expect(fixture.events.value.contains("tier.changed"))
    }

    @Test func fallingBelowStartsGraceAndTheNextEvaluationAfterItMovesDown() async throws {
        let fixture = try LoyaltyFixture()
        let anna = try await fixture.customer("Anna")
        let boris = try await fixture.customer("Boris")
        try await fixture.order(anna, "a-1", 6_000_000, at: "2026-01-10T10:00:00Z")  // Gold
        try await fixture.order(boris, "b-1", 6_000_000, at: "2026-01-10T10:00:00Z")  // Gold
        try await fixture.order(boris, "b-2", 6_000_000, at: "2026-12-01T10:00:00Z")  // still Gold next year
        let first = try await fixture.call(TiersEvaluate.self, .init(at: LoyaltyFixture.time("2027-01-15T00:00:00Z")))
        #expect(first.evaluated == 2 && first.inGrace == 1 && first.downgraded == 0 && first.upgraded == 0)
        let status = try await fixture.call(TiersStatus.self, .init(customerId: anna, at: LoyaltyFixture.time("2027-01-15T00:00:00Z")))
        #expect(status.tier == "Gold" && status.belowSince == LoyaltyFixture.time("2027-01-15T00:00:00Z"))
        #expect(status.nextEvaluationAt == LoyaltyFixture.time("2027-02-14T00:00:00Z"))
        let early = try await fixture.call(TiersEvaluate.self, .init(at: LoyaltyFixture.time("2027-02-13T00:00:00Z")))
        #expect(early.downgraded == 0 && early.inGrace == 1)
        let late = try await fixture.call(TiersEvaluate.self, .init(at: LoyaltyFixture.time("2027-02-14T00:00:00Z")))
        #expect(late.downgraded == 1)
        let again = try await fixture.call(TiersEvaluate.self, .init(at: LoyaltyFixture.time("2027-02-14T00:00:00Z")))
        #expect(again.downgraded == 0 && again.upgraded == 0 && again.inGrace == 0)
        let history = try await fixture.call(TiersHistory.self, .init(customerId: anna)).items
        #expect(history.map(\.to) == ["Silver", "Gold"])
        #expect(history[0].reason.contains("fell below Gold"))
        #expect(try await fixture.call(TiersStatus.self, .init(customerId: boris)).tier == "Gold")
    }

    @Test func aCustomerBackAboveEndsTheGrace() async throws {
        let fixture = try LoyaltyFixture()
        let anna = try await fixture.customer()
        try await fixture.order(anna, "a-1", 6_000_000, at: "2026-01-10T10:00:00Z")
        _ = try await fixture.call(TiersEvaluate.self, .init(at: LoyaltyFixture.time("2027-01-15T00:00:00Z")))
        try await fixture.order(anna, "a-2", 5_000_000, at: "2027-01-20T10:00:00Z")
        let later = try await fixture.call(TiersEvaluate.self, .init(at: LoyaltyFixture.time("2027-03-01T00:00:00Z")))
        #expect(later.downgraded == 0 && later.inGrace == 0)
        #expect(try await fixture.call(TiersStatus.self, .init(customerId: anna, at: LoyaltyFixture.time("2027-03-01T00:00:00Z"))).belowSince == nil)
    }

    @Test func tiersCanQualifyOnPointsAndBeReplaced() async throws {
        let fixture = try LoyaltyFixture()
        let policy = TierPolicy(
            tiers: [.init(name: "Member", threshold: 0, multiplier: 1), .init(name: "Insider", threshold: 1_000, multiplier: 2)],
            window: "90d", qualifyingOn: .points, downgrade: .init(graceDays: 0))
        #expect(try await fixture.call(TiersConfigure.self, policy) == policy)
        let anna = try await fixture.customer()
        _ = try await fixture.call(
            LoyaltyEarn.self, .init(customerId: anna, points: 999, reason: "import", at: LoyaltyFixture.time("2026-02-01T00:00:00Z")))
        #expect(try await fixture.call(TiersStatus.self, .init(customerId: anna, at: LoyaltyFixture.time("2026-02-01T00:00:00Z"))).tier == "Member")
        try await fixture.order(anna, "o-1", 2_000, at: "2026-02-02T00:00:00Z")  // 1 point: 1000 in 90 days
        #expect(try await fixture.call(TiersStatus.self, .init(customerId: anna, at: LoyaltyFixture.time("2026-02-02T00:00:00Z"))).tier == "Insider")
        let down = try await fixture.call(TiersEvaluate.self, .init(at: LoyaltyFixture.time("2026-05-15T00:00:00Z")))
        #expect(down.downgraded == 1)  // no grace
        var broken = policy
        broken.tiers[1].name = "Member"
        #expect(await fixture.error(TiersConfigure.self, broken)?.field == "tiers[1].name")
    }

    @Test func segmentsSeeTiersAndPoints() async throws {
        let fixture = try LoyaltyFixture()
        let anna = try await fixture.customer("Anna")
        let boris = try await fixture.customer("Boris")
        _ = try await fixture.customer("Vera")
        fixture.clock.set(LoyaltyFixture.time("2026-06-01T00:00:00Z"))
        try await fixture.order(anna, "a-1", 6_000_000, at: "2026-05-01T10:00:00Z")  // Gold, 3000 points, expire 2027-05-01
        try await fixture.order(boris, "b-1", 100_000, at: "2025-06-15T10:00:00Z")  // 50 points expiring 2026-06-15
        func count(_ rule: String) async throws -> Int {
            try await fixture.call(
                SegmentsPreview.self, .init(rule: JSONValueDecoder().decode(SegmentRule.self, from: JSONParser.parse(Array(rule.utf8))))
            ).count
        }
        #expect(try await count(#"{"field":"tier","op":"=","value":"Gold"}"#) == 1)
        #expect(try await count(#"{"field":"tier","op":"=","value":"Silver"}"#) == 2)
        #expect(try await count(#"{"field":"points","op":">=","value":50}"#) == 2)
        #expect(try await count(#"{"field":"points","op":">","value":1000}"#) == 1)
        #expect(try await count(#"{"field":"pointsExpiringIn","op":"<=","value":30}"#) == 1)
        #expect(
            try await count(#"{"all":[{"field":"tier","op":"in","value":["Gold","Platinum"]},{"field":"pendingPoints","op":"=","value":0}]}"#) == 1)
        // Tiers replaced: a customer whose tier no longer exists counts as the new base tier.
        _ = try await fixture.call(
            TiersConfigure.self,
            TierPolicy(
                tiers: [.init(name: "Member", threshold: 0, multiplier: 1), .init(name: "Insider", threshold: 100_000_000, multiplier: 2)],
                window: "365d", qualifyingOn: .spend, downgrade: .init(graceDays: 0)))
        #expect(try await count(#"{"field":"tier","op":"=","value":"Member"}"#) == 3)
        #expect(try await fixture.call(TiersStatus.self, .init(customerId: anna)).tier == "Member")
    }
}
