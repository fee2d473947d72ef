import Foundation
import RapportCore
import RapportCustomers
@testable import RapportLoyalty
import RapportRPC
import RapportStorage
import TestSupport

/// The customers and loyalty rooms on a temporary database, called the way transports call them.
final class LoyaltyFixture: DispatcherCalling {
    let directory: URL
    let clock = ManualWallClock(LoyaltyFixture.time("2026-01-01T09:00:00Z"))
    let store: Store
    let dispatcher: Dispatcher
    let events = Shared<[String]>([])
    /// The loyalty room's Swift API, for tests that drive it below the methods.
    let loyalty: LoyaltyService

    /// - Parameters:
    ///   - manyDueLots: due lots from which expiry walks customers in id order.
    ///   - expiryStepBudget: how long an expiry step runs before it ends early.
    init(manyDueLots: Int = 20_000, expiryStepBudget: Duration = .seconds(60)) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-loyalty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var extensions = CustomersExtensions()
        LoyaltyModule.extend(&extensions)
        let customers = CustomersModule(extensions: extensions)
        let module = LoyaltyModule(customers: customers.service, manyDueLots: manyDueLots, expiryStepBudget: expiryStepBudget)
        loyalty = module.service
        let modules: [any RapportModule] = [customers, module]
        var plan = MigrationPlan()
        var registry = EventRegistry()
        for module in modules {
            module.registerMigrations(in: &plan)
            module.registerEvents(in: &registry)
        }
        store = try Store(path: directory.appendingPathComponent("db.sqlite").path, migrations: plan, events: registry, clock: clock)
        var registrar = ModuleRegistrar(store: store)
        for module in modules { module.registerMethods(in: &registrar) }
        dispatcher = Dispatcher(registry: registrar.methods)
        let seen = events
        _ = store.events.subscribe(topics: ["*"]) { event in seen.withLock { $0.append(event.topic) } }
    }

    deinit {
        store.close()
        try? FileManager.default.removeItem(at: directory)
    }

    // MARK: - Shortcuts

    func customer(_ name: String = "Customer", at: String = "2026-01-01T10:00:00Z", referralCode: String? = nil) async throws -> String {
        try await call(CustomersCreate.self, .init(name: name, referralCode: referralCode, at: Self.time(at))).id
    }

    @discardableResult
    func order(_ customerId: String, _ externalId: String, _ amount: Int64, at: String) async throws -> Order {
        try await call(OrdersRecord.self, .init(customerId: customerId, externalId: externalId, amount: Money(minorUnits: amount), at: Self.time(at))).order
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
