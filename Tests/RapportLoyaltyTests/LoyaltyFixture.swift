import Foundation
import RapportCore
import RapportCustomers
import RapportRPC
import RapportStorage
import TestSupport

@testable import RapportLoyalty

/// The customers and loyalty rooms on a temporary database, called the way transports call them.
final class LoyaltyFixture: DispatcherCalling {
    private let base: ModuleFixture
    var directory: URL { base.directory }
    var clock: ManualWallClock { base.clock }
    var store: Store { base.store }
    var dispatcher: Dispatcher { base.dispatcher }
    var events: Shared<[String]> { base.events }
    /// The loyalty room's Swift API, for tests that drive it below the methods.
    let loyalty: LoyaltyService

    /// - Parameters:
    ///   - manyDueLots: due lots from which expiry walks customers in id order.
    ///   - expiryStepBudget: how long an expiry step runs before it ends early.
    init(manyDueLots: Int = 20_000, expiryStepBudget: Duration = .seconds(60)) throws {
        base = try ModuleFixture(
            [CustomersModule.Factory(), LoyaltyModule.Factory(manyDueLots: manyDueLots, expiryStepBudget: expiryStepBudget)],
            clock: ManualWallClock(LoyaltyFixture.time("2026-01-01T09:00:00Z")))
        loyalty = try base.module(LoyaltyModule.self).service
    }

    // MARK: - Shortcuts

    func customer(_ name: String = "Customer", at: String = "2026-01-01T10:00:00Z", referralCode: String? = nil) async throws -> String {
        try await call(CustomersCreate.self, .init(name: name, referralCode: referralCode, at: Self.time(at))).id
    }

    @discardableResult
    func order(_ customerId: String, _ externalId: String, _ amount: Int64, at: String) async throws -> Order {
        try await call(OrdersRecord.self, .init(customerId: customerId, externalId: externalId, amount: Money(minorUnits: amount), at: Self.time(at)))
            .order
    }

    func balance(_ customerId: String, at: String) async throws -> PointsBalance {
        try await call(LoyaltyBalance.self, .init(customerId: customerId, at: Self.time(at)))
    }

    /// Whether every cached balance equals its ledger and its lots.
    func ledgerIsConsistent() async throws -> Bool {
        try await call(LoyaltyCheck.self, .init()).mismatches.isEmpty
    }

    static func time(_ text: String) -> Timestamp { Timestamp(parsing: text)! }
}
