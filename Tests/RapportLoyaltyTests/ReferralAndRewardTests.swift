import Foundation
import RapportCore
import RapportCustomers
import RapportLoyalty
import RapportStorage
import TestSupport
import Testing

@Suite struct ReferralAndRewardTests {
    @Test func aReferredCustomersFirstQualifyingOrderRewardsBothSides() async throws {
        let fixture = try LoyaltyFixture()
        let anna = try await fixture.customer("Anna")
        let code = try await fixture.call(ReferralsCode.self, .init(customerId: anna)).code
        #expect(try await fixture.call(ReferralsCode.self, .init(customerId: anna)).code == code)
        let boris = try await fixture.customer("Boris", at: "2026-01-05T10:00:00Z", referralCode: code.lowercased())
        try await fixture.order(boris, "b-0", 50_000, at: "2026-01-06T10:00:00Z")  // below 1000.00: not yet
        #expect(try await fixture.call(ReferralsStats.self, .init(customerId: anna)).converted == 0)
        try await fixture.order(boris, "b-1", 120_000, at: "2026-01-07T10:00:00Z")
        let stats = try await fixture.call(ReferralsStats.self, .init(customerId: anna))
        #expect(stats.invited == 1 && stats.converted == 1 && stats.pointsEarned == 500 && stats.refereeRevenue.minorUnits == 170_000)
        #expect(try await fixture.balance(anna, at: "2026-01-07T10:00:00Z").available == 500)
        #expect(try await fixture.balance(boris, at: "2026-01-07T10:00:00Z").available == 25 + 60 + 300)
        try await fixture.order(boris, "b-2", 500_000, at: "2026-01-08T10:00:00Z")  // converts once only
        #expect(try await fixture.call(ReferralsStats.self, .init(customerId: anna)).pointsEarned == 500)
        #expect(try await fixture.call(ReferralsStats.self, .init(customerId: boris)).referredBy == anna)
        #expect(fixture.events.value.filter { $0 == "referral.converted" }.count == 1)
    }

    @Test func referralAbuseIsRefused() async throws {
        let fixture = try LoyaltyFixture()
        let anna = try await fixture.customer("Anna")
        let annasCode = try await fixture.call(ReferralsCode.self, .init(customerId: anna)).code
        // An unknown code refuses the creation: nothing is created.
        let unknown = await fixture.error(CustomersCreate.self, .init(name: "Eve", email: "eve@example.com", referralCode: "ZZZZZZZZ"))
        #expect(unknown?.reason == .notFound && unknown?.field == "referralCode")
        #expect(try await fixture.call(CustomersList.self, .init()).items.count == 1)
        #expect(await fixture.error(ReferralsLink.self, .init(customerId: anna, code: annasCode))?.reason == .notAllowed)
        let boris = try await fixture.customer("Boris", referralCode: annasCode)
        let borisCode = try await fixture.call(ReferralsCode.self, .init(customerId: boris)).code
        let vera = try await fixture.customer("Vera")
        let second = await fixture.error(
            ReferralsLink.self, .init(customerId: boris, code: try await fixture.call(ReferralsCode.self, .init(customerId: vera)).code))
        #expect(second?.reason == .conflict && second?.details["existingId"] == .string(anna))
        let cycle = await fixture.error(ReferralsLink.self, .init(customerId: anna, code: borisCode))
        #expect(cycle?.reason == .notAllowed && cycle?.message.contains("cycle") == true)
        try await fixture.order(vera, "v-1", 10_000, at: "2026-01-02T10:00:00Z")
        #expect(await fixture.error(ReferralsLink.self, .init(customerId: vera, code: annasCode))?.reason == .notAllowed)
        let linked = try await fixture.call(ReferralsLink.self, .init(customerId: try await fixture.customer("Gleb"), code: borisCode))
        #expect(linked.referrerId == boris)
    }

    @Test func actionsAreRewardedWithinTheirLimitsAndNeverTwice() async throws {
        let fixture = try LoyaltyFixture()
        let complete = try await fixture.call(
            CustomersCreate.self, .init(name: "Anna", email: "anna@example.com", phone: "+79990000001", birthday: "--03-14"))
        #expect(try await fixture.call(LoyaltyBalance.self, .init(customerId: complete.id)).available == 100)  // profile_completed
        let boris = try await fixture.customer("Boris")
        var update = CustomersUpdate.Params(id: boris)
        update.email = .set("b@example.com")
        update.phone = .set("+79990000002")
        update.birthday = .set("1990-05-01")
        _ = try await fixture.call(CustomersUpdate.self, update)
        #expect(try await fixture.call(LoyaltyBalance.self, .init(customerId: boris)).available == 100)
        var granted: [Bool] = []
        for review in 1...4 {
            let outcome = try await fixture.call(
                RewardsTrigger.self,
                .init(
                    customerId: boris, event: .reviewSubmitted, reference: "rev_\(review)",
                    at: LoyaltyFixture.time("2026-01-0\(review)T10:00:00Z")))
            granted.append(outcome.granted)
            if review == 4 { #expect(outcome.refusal == "limit_reached") }
        }
        #expect(granted == [true, true, true, false])
        let again = try await fixture.call(RewardsTrigger.self, .init(customerId: boris, event: .reviewSubmitted, reference: "rev_1"))
        #expect(!again.granted && again.refusal == "already_rewarded")
        let month = try await fixture.call(
            RewardsTrigger.self,
            .init(
                customerId: boris, event: .reviewSubmitted, reference: "rev_5",
                at: LoyaltyFixture.time("2026-02-05T10:00:00Z")))
        #expect(month.granted && month.points == 50)
        let none = try await fixture.call(RewardsTrigger.self, .init(customerId: boris, event: .repeatOrder, reference: "ord_x"))
        #expect(!none.granted && none.refusal == "no_rule")
        _ = try await fixture.call(RewardsConfigure.self, .init(rules: [.init(event: .repeatOrder, points: 20)]))
        try await fixture.order(boris, "o-1", 10_000, at: "2026-02-06T10:00:00Z")
        try await fixture.order(boris, "o-2", 10_000, at: "2026-02-07T10:00:00Z")  // the repeat order earns 20 more
        let bonuses = try await fixture.call(LoyaltyHistory.self, .init(customerId: boris, kind: .bonus)).items
        #expect(bonuses.first?.points == 20 && bonuses.first?.reason == "repeat order")
        let invalid = await fixture.error(RewardsConfigure.self, .init(rules: [.init(event: .birthday, points: 10, period: "1y")]))
        #expect(invalid?.field == "rules[0].period")
    }
}
