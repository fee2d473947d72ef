import Foundation
import RapportCore
import RapportCustomers
import RapportJSON
import RapportLoyalty
import RapportStorage
import TestSupport
import Testing

@Suite struct CouponTests {
    @Test func aCouponIsUsedOnceByItsOwnerWhileValid() async throws {
        let fixture = try LoyaltyFixture()
        let anna = try await fixture.customer("Anna")
        let boris = try await fixture.customer("Boris")
        let offer = try await fixture.call(OffersCreate.self, .init(name: "Birthday 10%", kind: .percent, value: 10, validDays: 30))
        let coupon = try await fixture.call(
            CouponsIssue.self, .init(offerId: offer.id, customerId: anna, at: LoyaltyFixture.time("2026-03-01T00:00:00Z")))
        #expect(coupon.code.count == 9 && coupon.code.dropFirst(4).first == "-" && coupon.status == .active)
        #expect(coupon.expiresAt == LoyaltyFixture.time("2026-03-31T00:00:00Z"))
        let order = try await fixture.order(anna, "o-1", 123_456, at: "2026-03-10T10:00:00Z")
        let borisOrder = try await fixture.order(boris, "o-2", 50_000, at: "2026-03-10T10:00:00Z")
        #expect(await fixture.error(CouponsRedeem.self, .init(code: coupon.code, customerId: boris))?.reason == .notAllowed)
        #expect(await fixture.error(CouponsRedeem.self, .init(code: coupon.code, orderId: borisOrder.id))?.reason == .notAllowed)
        #expect(await fixture.error(CouponsRedeem.self, .init(code: "AAAA-AAAA"))?.reason == .notFound)
        let used = try await fixture.call(
            CouponsRedeem.self,
            .init(
                code: coupon.code.lowercased().replacingOccurrences(of: "-", with: " "),
                orderId: order.id, at: LoyaltyFixture.time("2026-03-10T10:00:00Z")))
        #expect(used.discount?.minorUnits == 12_345 && used.coupon.status == .redeemed && used.coupon.orderId == order.id)
        let twice = await fixture.error(CouponsRedeem.self, .init(code: coupon.code))
        #expect(twice?.reason == .alreadyRedeemed)
        let late = try await fixture.call(
            CouponsIssue.self, .init(offerId: offer.id, customerId: anna, at: LoyaltyFixture.time("2026-03-01T00:00:00Z")))
        let expired = await fixture.error(CouponsRedeem.self, .init(code: late.code, at: LoyaltyFixture.time("2026-03-31T00:00:00Z")))
        #expect(expired?.reason == .expired && expired?.details["expiresAt"] == .string("2026-03-31T00:00:00Z"))
        let listed = try await fixture.call(CouponsList.self, .init(customerId: anna)).items.map(\.status)
        #expect(listed.count == 2 && listed.contains(.redeemed))
        #expect(try await fixture.call(CouponsList.self, .init(status: .redeemed)).items.map(\.id) == [coupon.id])
        #expect(try await fixture.call(CouponsList.self, .init(status: .active)).items.map(\.id) == [late.id])
        fixture.clock.set(LoyaltyFixture.time("2026-04-01T00:00:00Z"))
        #expect(try await fixture.call(CouponsList.self, .init(status: .expired)).items.map(\.status) == [.expired])
        #expect(try await fixture.call(CouponsList.self, .init(status: .active)).items.isEmpty)
        #expect(fixture.events.value.filter { $0 == "coupon.issued" }.count == 2 && fixture.events.value.contains("coupon.redeemed"))
    }

    @Test func offersKeepToTheirTierSegmentAndLimit() async throws {
        let fixture = try LoyaltyFixture()
        let anna = try await fixture.customer("Anna")
        let gold = try await fixture.call(OffersCreate.self, .init(name: "Gold gift", kind: .gift, gift: "a mug", validDays: 60, tier: "Gold"))
        let refused = await fixture.error(CouponsIssue.self, .init(offerId: gold.id, customerId: anna))
        #expect(refused?.reason == .notAllowed && refused?.message.contains("Silver") == true)
        try await fixture.order(anna, "o-1", 5_000_000, at: "2026-01-02T10:00:00Z")
        let mug = try await fixture.call(CouponsIssue.self, .init(offerId: gold.id, customerId: anna))
        #expect(try await fixture.call(CouponsRedeem.self, .init(code: mug.code)).gift == "a mug")

        let segment = try await fixture.call(
            SegmentsCreate.self, .init(name: "big spenders", rule: .condition(.init(field: "totalSpent", op: .greaterThan, value: .int(1_000_000)))))
        let points = try await fixture.call(
            OffersCreate.self, .init(name: "Bonus", kind: .points, value: 250, validDays: 10, segmentId: segment.id, perCustomerLimit: 1))
        let boris = try await fixture.customer("Boris")
        #expect(await fixture.error(CouponsIssue.self, .init(offerId: points.id, customerId: boris))?.reason == .notAllowed)
        let bonus = try await fixture.call(CouponsIssue.self, .init(offerId: points.id, customerId: anna))
        let limit = await fixture.error(CouponsIssue.self, .init(offerId: points.id, customerId: anna))
        #expect(limit?.reason == .limitExceeded && limit?.details["limit"] == .integer(1))
        let before = try await fixture.call(LoyaltyBalance.self, .init(customerId: anna)).available
        #expect(try await fixture.call(CouponsRedeem.self, .init(code: bonus.code)).points == 250)
        #expect(try await fixture.call(LoyaltyBalance.self, .init(customerId: anna)).available == before + 250)
        #expect(await fixture.error(OffersCreate.self, .init(name: "x", kind: .percent, value: 0, validDays: 5))?.field == "value")
        #expect(await fixture.error(OffersCreate.self, .init(name: "x", kind: .amount, value: 5, validDays: 5, tier: "Diamond"))?.field == "tier")
    }

    @Test func theTimelineAndExportShowLoyalty() async throws {
        let fixture = try LoyaltyFixture()
        let anna = try await fixture.customer("Anna")
        try await fixture.order(anna, "o-1", 6_000_000, at: "2026-01-02T10:00:00Z")
        let offer = try await fixture.call(OffersCreate.self, .init(name: "5 off", kind: .amount, value: 500, validDays: 30))
        let coupon = try await fixture.call(
            CouponsIssue.self, .init(offerId: offer.id, customerId: anna, at: LoyaltyFixture.time("2026-01-03T10:00:00Z")))
        _ = try await fixture.call(CouponsRedeem.self, .init(code: coupon.code, at: LoyaltyFixture.time("2026-01-04T10:00:00Z")))
        let timeline = try await fixture.call(CustomersTimeline.self, .init(id: anna)).items
        // The order, its points and the tier it reached share one time; only their set is fixed.
        #expect(timeline.prefix(2).map(\.kind) == ["coupon", "coupon"], "\(timeline.map(\.kind))")
        #expect(Set(timeline.dropFirst(2).map(\.kind)) == ["tier", "points", "order"] && timeline.count == 5, "\(timeline.map(\.kind))")
        #expect(timeline.first?.id == coupon.id + ".redeemed")
        let export = try await fixture.call(CustomersExport.self, .init(id: anna))
        let loyalty = export.modules["loyalty"]
        #expect(loyalty?["tier"] == .string("Gold"))
        #expect(loyalty?["coupons"]?[0]?["status"] == .string("redeemed"))
        #expect(loyalty?["ledger"]?[0]?["points"] == .int(3_000))
    }
}
