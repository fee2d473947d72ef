import Foundation
import RapportCore
import RapportCustomers
import RapportLoyalty
import RapportStorage
import TestSupport
import Testing

/// Random sequences of orders, refunds, redemptions, credits, corrections and expiry runs, over a
/// few customers and two years: after every step each balance equals its ledger and its lots, and
/// a redemption never takes the available balance below zero.
@Suite struct LedgerPropertyTests {
    /// A small deterministic generator (SplitMix64), so a failing seed can be replayed.

    /// Odd seeds expire in customer order (the catch-up walk) from 3 due lots, even seeds oldest lot first.
    @Test(arguments: Array(UInt64(1)...12))
    func balancesAlwaysEqualTheirLedger(seed: UInt64) async throws {
        let fixture = try LoyaltyFixture(manyDueLots: seed % 2 == 1 ? 3 : 20_000)
        var random = SplitMix64(state: seed)
        _ = try await fixture.call(
            LoyaltyConfigure.self,
            .init(
                pendingDays: Int64(random.next(3) * 7), expiryDays: Int64(60 + random.next(300)),
                minRedeem: Int64(1 + random.next(20))))
        var customers: [String] = []
        for index in 0..<3 { customers.append(try await fixture.customer("C\(index)")) }
        var orders: [Order] = []
        var time = LoyaltyFixture.time("2026-01-01T12:00:00Z")
        for step in 0..<200 {
            time = time.adding(seconds: Int64(1 + random.next(6 * 86_400)))
            let customer = customers[random.next(customers.count)]
            switch random.next(10) {
            case 0, 1, 2:
                let order = try await fixture.call(
                    OrdersRecord.self,
                    .init(
                        customerId: customer, externalId: "o-\(step)", amount: Money(minorUnits: Int64(random.next(400_000))), at: time)
                ).order
                orders.append(order)
            case 3:
                guard let order = orders.randomElement(using: &random), order.amount > order.refunded else { continue }
                let left = order.amount.minorUnits - order.refunded.minorUnits
                let refund = try await fixture.call(
                    OrdersRefund.self,
                    .init(
                        orderId: order.id, amount: Money(minorUnits: Int64(1 + random.next(Int(left)))), at: max(time, order.at)))
                orders = orders.map { $0.id == order.id ? refund.order : $0 }
            case 4, 5, 6:
                let before = try await fixture.call(LoyaltyBalance.self, .init(customerId: customer, at: time))
                let points = Int64(1 + random.next(150))
                let orderId = orders.filter { $0.customerId == customer }.randomElement(using: &random)?.id
                do {
                    let redeemed = try await fixture.call(LoyaltyRedeem.self, .init(customerId: customer, points: points, orderId: orderId, at: time))
                    #expect(redeemed.available >= 0, "seed \(seed) step \(step)")
                    #expect(redeemed.available == before.available - points, "seed \(seed) step \(step)")
                } catch let error as RapportError {
                    #expect([.insufficientPoints, .notAllowed].contains(error.reason), "seed \(seed) step \(step): \(error)")
                    if error.reason == .insufficientPoints { #expect(before.available < points || before.debt > 0) }
                }
            case 7:
                _ = try await fixture.call(
                    LoyaltyEarn.self, .init(customerId: customer, points: Int64(1 + random.next(100)), reason: "gift", at: time))
            case 8:
                _ = try await fixture.call(
                    LoyaltyAdjust.self, .init(customerId: customer, points: -Int64(1 + random.next(80)), reason: "correction", at: time))
            default:
                _ = try await fixture.call(LoyaltyExpire.self, .init(at: time))
            }
            let check = try await fixture.call(LoyaltyCheck.self, .init())
            #expect(check.mismatches.isEmpty, "seed \(seed) step \(step): \(check.mismatches)")
            if !check.mismatches.isEmpty { return }
        }
        for customer in customers {
            let history = try await fixture.call(LoyaltyHistory.self, .init(customerId: customer, limit: 1000)).items
            let balance = try await fixture.call(LoyaltyBalance.self, .init(customerId: customer, at: time))
            #expect(history.reduce(0) { $0 + $1.points } == balance.balance)
            #expect(balance.lifetimeEarned == history.filter { $0.kind == .earn || $0.kind == .bonus }.reduce(0) { $0 + $1.points })
        }
    }
}

extension SplitMix64 {
    /// A number below `bound`, as the property runs have always drawn them.
    fileprivate mutating func next(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}

extension Array {
    /// An element drawn as the property runs have always drawn them (not the standard library's way).
    fileprivate func randomElement(using generator: inout SplitMix64) -> Element? {
        isEmpty ? nil : self[generator.next(count)]
    }
}
