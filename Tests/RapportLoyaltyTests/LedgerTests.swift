import Foundation
import GRDB
import RapportCore
import RapportCustomers
import RapportJSON
import RapportRPC
import RapportStorage
import TestSupport
import Testing

@testable import RapportLoyalty

@Suite struct LedgerTests {
    @Test func anOrderEarnsOnceWhateverTheRetries() async throws {
        let fixture = try LoyaltyFixture()
        let anna = try await fixture.customer("Anna")
        try await fixture.order(anna, "o-1", 150_000, at: "2026-01-02T10:00:00Z")
        try await fixture.order(anna, "o-1", 150_000, at: "2026-01-02T10:00:00Z")
        let balance = try await fixture.balance(anna, at: "2026-01-02T11:00:00Z")
        #expect(balance.available == 75 && balance.pending == 0 && balance.balance == 75 && balance.lifetimeEarned == 75)
        let history = try await fixture.call(LoyaltyHistory.self, .init(customerId: anna))
        #expect(history.items.map(\.kind) == [.earn])
        #expect(history.items[0].expiresAt == LoyaltyFixture.time("2027-01-02T10:00:00Z"))
        #expect(fixture.events.value.filter { $0 == "points.earned" }.count == 1)
    }

    @Test func pointsArePendingThroughTheReturnWindow() async throws {
        let fixture = try LoyaltyFixture()
        _ = try await fixture.call(LoyaltyConfigure.self, .init(pendingDays: 14))
        let anna = try await fixture.customer()
        try await fixture.order(anna, "o-1", 200_000, at: "2026-02-01T10:00:00Z")
        let during = try await fixture.balance(anna, at: "2026-02-15T09:59:59Z")
        #expect(during.available == 0 && during.pending == 100)
        #expect(
            await fixture.error(LoyaltyRedeem.self, .init(customerId: anna, points: 1, at: LoyaltyFixture.time("2026-02-15T09:00:00Z")))?.reason
                == .insufficientPoints)
        let after = try await fixture.balance(anna, at: "2026-02-15T10:00:00Z")
        #expect(after.available == 100 && after.pending == 0)
        _ = try await fixture.call(LoyaltyRedeem.self, .init(customerId: anna, points: 100, at: LoyaltyFixture.time("2026-02-15T10:00:00Z")))
    }

    @Test(arguments: [20_000, 2])
    func aDryRunExpiryCountsAndChangesNothingAndAKeyRepeatsTheFirstAnswer(manyDueLots: Int) async throws {
        let fixture = try LoyaltyFixture(manyDueLots: manyDueLots)
        for index in 0..<5 {
            let customer = try await fixture.customer("C\(index)")
            try await fixture.order(customer, "o-\(index)", 100_000, at: "2026-01-0\(index + 1)T10:00:00Z")
        }
        let at = LoyaltyFixture.time("2027-01-04T00:00:00Z")  // three of the five lots are due
        let preview = try await fixture.raw(LoyaltyExpire.name, ["at": "2027-01-04T00:00:00Z"], options: CallOptions(dryRun: true))
        #expect(preview["result"]?["points"] == .int(150) && preview["result"]?["lots"] == .int(3))
        #expect(preview["events"]?[2]?["topic"] == .string("points.expired"))
        let keyed = CallOptions(idempotencyKey: "nightly-2027-01-04")
        let first = try await fixture.call(LoyaltyExpire.self, .init(at: at), options: keyed)
        let repeated = try await fixture.call(LoyaltyExpire.self, .init(at: at), options: keyed)
        #expect(first.points == 150 && first.lots == 3 && repeated == first)
        #expect(try await fixture.call(LoyaltyExpire.self, .init(at: at)).points == 0)
        #expect(try await fixture.ledgerIsConsistent())
    }

    @Test(arguments: [20_000, 1])
    func aRunOverManyCustomersSettlesEachOnceAcrossSteps(manyDueLots: Int) async throws {
        let fixture = try LoyaltyFixture(manyDueLots: manyDueLots)
        for index in 0..<450 {
            let customer = try await fixture.customer("C\(index)")
            try await fixture.order(customer, "o-\(index)", 100_000, at: "2026-01-02T10:00:00Z")
            try await fixture.order(customer, "p-\(index)", 200_000, at: "2026-01-03T10:00:00Z")
        }
        let run = try await fixture.call(LoyaltyExpire.self, .init(at: LoyaltyFixture.time("2027-02-01T00:00:00Z")))
        #expect(run.customers == 450 && run.lots == 900 && run.points == 450 * 150)
        #expect(try await fixture.call(LoyaltyExpire.self, .init(at: LoyaltyFixture.time("2027-02-01T00:00:00Z"))).lots == 0)
        #expect(try await fixture.ledgerIsConsistent())
    }

    /// With no time to spare, every step ends after its first customer: a catch-up then takes one
    /// step per customer and still settles each exactly once, in either walk.
    @Test(arguments: [1, 20_000])
    func stepsOutOfTimeEndEarlyAndTheRunGoesOn(manyDueLots: Int) async throws {
        let fixture = try LoyaltyFixture(manyDueLots: manyDueLots, expiryStepBudget: .zero)
        for index in 0..<30 {
            let customer = try await fixture.customer("C\(index)")
            try await fixture.order(customer, "o-\(index)", 100_000, at: "2026-01-02T10:00:00Z")
            try await fixture.order(customer, "p-\(index)", 200_000, at: "2026-01-\(10 + index % 9)T10:00:00Z")
        }
        let due = LoyaltyFixture.time("2027-02-01T00:00:00Z")
        let loyalty = fixture.loyalty
        let first = try await fixture.store.write { try loyalty.expireStep(LoyaltyService.Expiry(), at: due, batch: 200, in: $0) }.value
        #expect(first.customers == 1 && first.lots == 2 && !first.done)
        let run = try await fixture.call(LoyaltyExpire.self, .init(at: due))
        #expect(run.customers == 29 && run.lots == 58 && run.points == 29 * 150)
        #expect(try await fixture.call(LoyaltyExpire.self, .init(at: due)).lots == 0)
        #expect(fixture.events.value.filter { $0 == "points.expired" }.count == 30)
        #expect(try await fixture.ledgerIsConsistent())
    }

    @Test func redemptionSpendsTheSoonestToExpireFirst() async throws {
        let fixture = try LoyaltyFixture()
        let anna = try await fixture.customer()
        try await fixture.order(anna, "old", 100_000, at: "2026-01-10T10:00:00Z")  // 50, expires 2027-01-10
        try await fixture.order(anna, "new", 200_000, at: "2026-06-10T10:00:00Z")  // 100, expires 2027-06-10
        _ = try await fixture.call(LoyaltyRedeem.self, .init(customerId: anna, points: 60, at: LoyaltyFixture.time("2026-07-01T10:00:00Z")))
        // The old lot is used up; 90 of the new remain, and nothing is left to expire in January.
        let january = try await fixture.call(LoyaltyExpire.self, .init(at: LoyaltyFixture.time("2027-01-11T00:00:00Z")))
        #expect(january.points == 0)
        let balance = try await fixture.balance(anna, at: "2027-01-11T00:00:00Z")
        #expect(balance.available == 90)
        let june = try await fixture.call(LoyaltyExpire.self, .init(at: LoyaltyFixture.time("2027-06-10T10:00:00Z")))
        #expect(june.points == 90 && june.lots == 1 && june.customers == 1)
        #expect(try await fixture.ledgerIsConsistent())
    }

    @Test(arguments: [20_000, 1])
    func expiryIsRecordedOnceAndShownAhead(manyDueLots: Int) async throws {
        let fixture = try LoyaltyFixture(manyDueLots: manyDueLots)
        let anna = try await fixture.customer()
        try await fixture.order(anna, "o-1", 100_000, at: "2026-01-10T10:00:00Z")
        let soon = try await fixture.call(
            LoyaltyBalance.self, .init(customerId: anna, expiringWithinDays: 30, at: LoyaltyFixture.time("2026-12-20T00:00:00Z")))
        #expect(soon.expiringSoon == [.init(points: 50, at: LoyaltyFixture.time("2027-01-10T10:00:00Z"))])
        // Past expiry the points are no longer available, even before the run records it.
        #expect(try await fixture.balance(anna, at: "2027-01-10T10:00:00Z").available == 0)
        let first = try await fixture.call(LoyaltyExpire.self, .init(at: LoyaltyFixture.time("2027-02-01T00:00:00Z")))
        let second = try await fixture.call(LoyaltyExpire.self, .init(at: LoyaltyFixture.time("2027-02-01T00:00:00Z")))
        #expect(first.points == 50 && second.points == 0 && second.lots == 0)
        let after = try await fixture.balance(anna, at: "2027-02-01T00:00:00Z")
        #expect(after.balance == 0 && after.lifetimeExpired == 50)
        let expired = try await fixture.call(LoyaltyHistory.self, .init(customerId: anna, kind: .expire)).items
        #expect(expired.count == 1 && expired[0].points == -50 && expired[0].at == LoyaltyFixture.time("2027-01-10T10:00:00Z"))
        #expect(fixture.events.value.filter { $0 == "points.expired" }.count == 1)
    }

    @Test func aRefundReversesItsShareAndAFullRefundReversesEverything() async throws {
        let fixture = try LoyaltyFixture()
        let anna = try await fixture.customer()
        let order = try await fixture.order(anna, "o-1", 150_001, at: "2026-01-02T10:00:00Z")  // 75 points
        _ = try await fixture.call(
            OrdersRefund.self, .init(orderId: order.id, amount: Money(minorUnits: 50_000), at: LoyaltyFixture.time("2026-01-05T10:00:00Z")))
        #expect(try await fixture.balance(anna, at: "2026-01-05T10:00:00Z").available == 51)  // 75 × 50000 / 150001 = 24.99 → 24 reversed
        _ = try await fixture.call(OrdersRefund.self, .init(orderId: order.id, at: LoyaltyFixture.time("2026-01-06T10:00:00Z")))
        let balance = try await fixture.balance(anna, at: "2026-01-06T10:00:00Z")
        #expect(balance.available == 0 && balance.balance == 0 && balance.debt == 0)
        let reversals = try await fixture.call(LoyaltyHistory.self, .init(customerId: anna, kind: .reverse)).items.map(\.points)
        #expect(reversals.sorted() == [-51, -24])
        #expect(try await fixture.ledgerIsConsistent())
    }

    @Test func aReversalBeyondTheBalanceIsDebtThatBlocksRedemptionUntilRepaid() async throws {
        let fixture = try LoyaltyFixture()
        let anna = try await fixture.customer()
        let order = try await fixture.order(anna, "o-1", 200_000, at: "2026-01-02T10:00:00Z")  // 100 points
        _ = try await fixture.call(LoyaltyRedeem.self, .init(customerId: anna, points: 80, at: LoyaltyFixture.time("2026-01-03T10:00:00Z")))
        _ = try await fixture.call(OrdersRefund.self, .init(orderId: order.id, at: LoyaltyFixture.time("2026-01-04T10:00:00Z")))
        var balance = try await fixture.balance(anna, at: "2026-01-04T10:00:00Z")
        #expect(balance.debt == 80 && balance.available == -80 && balance.balance == -80)
        let refused = await fixture.error(LoyaltyRedeem.self, .init(customerId: anna, points: 1, at: LoyaltyFixture.time("2026-01-04T10:00:00Z")))
        #expect(refused?.reason == .insufficientPoints && refused?.details["debt"] == .integer(80))
        try await fixture.order(anna, "o-2", 300_000, at: "2026-01-05T10:00:00Z")  // 150 points repay the 80
        balance = try await fixture.balance(anna, at: "2026-01-05T10:00:00Z")
        #expect(balance.debt == 0 && balance.available == 70 && balance.balance == 70)
        _ = try await fixture.call(LoyaltyRedeem.self, .init(customerId: anna, points: 70, at: LoyaltyFixture.time("2026-01-05T10:00:00Z")))
        #expect(try await fixture.ledgerIsConsistent())
    }

    @Test func pointsPayAtMostTheShareOfAnOrderAndComeBackWithItsRefund() async throws {
        let fixture = try LoyaltyFixture()
        let anna = try await fixture.customer()
        let at = LoyaltyFixture.time("2026-01-03T10:00:00Z")
        _ = try await fixture.call(
            LoyaltyEarn.self, .init(customerId: anna, points: 5_000, reason: "welcome", at: LoyaltyFixture.time("2026-01-02T10:00:00Z")))
        // A basket of 1000.00: points may pay half; the rest is paid in money and earns.
        let quote = try await fixture.call(LoyaltyQuote.self, .init(customerId: anna, orderAmount: Money(minorUnits: 100_000), at: at))
        #expect(quote.maxPoints == 500 && quote.discount.minorUnits == 50_000 && quote.payable.minorUnits == 50_000)
        #expect(quote.earnPoints == 25 && quote.limitedBy == "maxRedeemShare")
        let order = try await fixture.order(anna, "o-1", quote.payable.minorUnits, at: "2026-01-03T10:00:00Z")  // +25
        let redeemed = try await fixture.call(LoyaltyRedeem.self, .init(customerId: anna, points: 400, orderId: order.id, at: at))
        #expect(redeemed.discount.minorUnits == 40_000 && redeemed.available == 4_625)
        let beyond = await fixture.error(LoyaltyRedeem.self, .init(customerId: anna, points: 101, orderId: order.id, at: at))
        #expect(beyond?.reason == .notAllowed && beyond?.details["maxPoints"] == .integer(100))
        _ = try await fixture.call(
            OrdersRefund.self, .init(orderId: order.id, amount: Money(minorUnits: 25_000), at: LoyaltyFixture.time("2026-01-04T10:00:00Z")))
        // Half refunded: 12 of the 25 earned reversed (12.5 rounded down), 200 of the 400 spent given back.
        #expect(try await fixture.balance(anna, at: "2026-01-04T10:00:00Z").available == 4_625 - 12 + 200)
        _ = try await fixture.call(OrdersRefund.self, .init(orderId: order.id, at: LoyaltyFixture.time("2026-01-05T10:00:00Z")))
        #expect(try await fixture.balance(anna, at: "2026-01-05T10:00:00Z").available == 5_000)
        let refunded = await fixture.error(
            LoyaltyRedeem.self, .init(customerId: anna, points: 1, orderId: order.id, at: LoyaltyFixture.time("2026-01-05T10:00:00Z")))
        #expect(refunded?.reason == .notAllowed && refunded?.details["maxPoints"] == .integer(0))
        #expect(try await fixture.ledgerIsConsistent())
    }

    @Test func minimumRedemptionAndUnknownCustomersAreRefused() async throws {
        let fixture = try LoyaltyFixture()
        _ = try await fixture.call(LoyaltyConfigure.self, .init(minRedeem: 100))
        let anna = try await fixture.customer()
        _ = try await fixture.call(LoyaltyEarn.self, .init(customerId: anna, points: 150, reason: "welcome"))
        let small = await fixture.error(LoyaltyRedeem.self, .init(customerId: anna, points: 99))
        #expect(small?.reason == .notAllowed && small?.details["minRedeem"] == .integer(100))
        #expect(await fixture.error(LoyaltyRedeem.self, .init(customerId: "cus_nope", points: 100))?.reason == .notFound)
        #expect(await fixture.error(LoyaltyEarn.self, .init(customerId: anna, points: 0, reason: "x"))?.reason == .invalidParams)
        #expect(await fixture.error(LoyaltyEarn.self, .init(customerId: anna, points: 5, reason: "  "))?.field == "reason")
        #expect(await fixture.error(LoyaltyConfigure.self, .init(maxRedeemShare: 150))?.field == "maxRedeemShare")
        let quote = try await fixture.call(LoyaltyQuote.self, .init(customerId: anna, orderAmount: Money(minorUnits: 10_000)))
        #expect(quote.maxPoints == 0 && quote.limitedBy == "minRedeem")
    }

    @Test func aManualCreditWithAnIdempotencyKeyCountsOnce() async throws {
        let fixture = try LoyaltyFixture()
        let anna = try await fixture.customer()
        let params = LoyaltyEarn.Params(customerId: anna, points: 300, reason: "sorry for the delay")
        let first = try await fixture.call(LoyaltyEarn.self, params, options: CallOptions(idempotencyKey: "comp-17"))
        let retry = try await fixture.call(LoyaltyEarn.self, params, options: CallOptions(idempotencyKey: "comp-17"))
        #expect(first == retry)
        #expect(try await fixture.call(LoyaltyBalance.self, .init(customerId: anna)).available == 300)
        var other = params
        other.points = 301
        do {
            _ = try await fixture.call(LoyaltyEarn.self, other, options: CallOptions(idempotencyKey: "comp-17"))
            Issue.record("the same key with other params was accepted")
        } catch let error as RapportError {
            #expect(error.reason == .conflict)
        }
        let down = try await fixture.call(LoyaltyAdjust.self, .init(customerId: anna, points: -500, reason: "fraud"))
        #expect(down.points == -500 && down.kind == .adjust)
        let balance = try await fixture.call(LoyaltyBalance.self, .init(customerId: anna))
        #expect(balance.debt == 200 && balance.available == -200)
    }

    @Test func fiftyConcurrentRedemptionsNeverOverspend() async throws {
        let fixture = try LoyaltyFixture()
        let anna = try await fixture.customer()
        _ = try await fixture.call(LoyaltyEarn.self, .init(customerId: anna, points: 70, reason: "test"))
        let outcomes = await withTaskGroup(of: RapportError.Reason?.self) { group in
            for _ in 0..<50 {
                group.addTask { await fixture.error(LoyaltyRedeem.self, .init(customerId: anna, points: 10)).map(\.reason) }
            }
            var all: [RapportError.Reason?] = []
            for await outcome in group { all.append(outcome) }
            return all
        }
        #expect(outcomes.filter { $0 == nil }.count == 7)
        #expect(outcomes.filter { $0 == .insufficientPoints }.count == 43)
        let balance = try await fixture.call(LoyaltyBalance.self, .init(customerId: anna))
        #expect(balance.available == 0 && balance.lifetimeRedeemed == 70)
        #expect(try await fixture.ledgerIsConsistent())
    }

    @Test func aDryRunOrderShowsThePointsItWouldEarnAndChangesNothing() async throws {
        let fixture = try LoyaltyFixture()
        let anna = try await fixture.customer()
        let answer = try await fixture.raw(
            OrdersRecord.name, ["customerId": .string(anna), "externalId": "o-1", "amount": 300_000],
            options: CallOptions(dryRun: true))
        guard case .object(let envelope) = answer, case .array(let events)? = envelope["events"] else {
            Issue.record("not a dry-run envelope: \(answer)")
            return
        }
        let earned = events.first { $0.objectValue?["topic"] == "points.earned" }
        #expect(earned?.objectValue?["data"]?.objectValue?["entry"]?.objectValue?["points"] == .int(150))
        #expect(try await fixture.call(LoyaltyBalance.self, .init(customerId: anna)).balance == 0)
    }

    @Test func mergingMovesPointsLotsAndDebt() async throws {
        let fixture = try LoyaltyFixture()
        let anna = try await fixture.customer("Anna")
        let duplicate = try await fixture.customer("Anna P.")
        try await fixture.order(anna, "o-1", 100_000, at: "2026-01-02T10:00:00Z")  // 50
        try await fixture.order(duplicate, "o-2", 400_000, at: "2026-01-03T10:00:00Z")  // 200
        _ = try await fixture.call(CustomersMerge.self, .init(into: anna, from: duplicate))
        let merged = try await fixture.balance(anna, at: "2026-01-04T10:00:00Z")
        #expect(merged.available == 250 && merged.balance == 250)
        #expect(await fixture.error(LoyaltyBalance.self, .init(customerId: duplicate))?.reason == .notAllowed)
        #expect(try await fixture.ledgerIsConsistent())
        // The moved lot keeps its own expiry.
        let expired = try await fixture.call(LoyaltyExpire.self, .init(at: LoyaltyFixture.time("2027-01-02T10:00:00Z")))
        #expect(expired.points == 50)
    }
}

extension JSONValue {
    var objectValue: JSONObject? {
        if case .object(let object) = self { return object }
        return nil
    }
}
