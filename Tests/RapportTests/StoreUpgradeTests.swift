import Foundation
import Rapport
import RapportCore
import RapportCustomers
import RapportJSON
import RapportLoyalty
import RapportMetrics
import RapportRPC
import RapportStorage
import Testing

/// A store written by the release before range checks (commit 545f2e9, `rapport demo --customers
/// 40 --seed 7`, one customer whose two orders of 9223372036854775807 overflowed their total into
/// a float, and `store.configure {name: "Corner Bakery", currency: "EUR"}`) opens in this version:
/// its migrations run, the float is repaired, every read that crashed on it answers, and the
/// store settings move to their new table.
@Suite struct StoreUpgradeTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/store-545f2e9.sqlite")

    /// A copy of the fixture in a fresh directory, removed by `cleanUp`.
    private static func copyOfTheFixture() throws -> (path: String, cleanUp: () -> Void) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-upgrade-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("store.sqlite").path
        try FileManager.default.copyItem(atPath: Self.fixture.path, toPath: path)
        return (path, { try? FileManager.default.removeItem(at: directory) })
    }

    @Test func aStoreOfTheLastReleaseIsMigratedAndRepaired() async throws {
        let (path, cleanUp) = try Self.copyOfTheFixture()
        defer { cleanUp() }

        let engine = try Engine(configuration: EngineConfiguration(databasePath: path))
        defer { engine.close() }
        #expect(engine.store.appliedMigrations.contains("customers.v3") && engine.store.appliedMigrations.contains("loyalty.v3"))

        let everyone = try await engine.call(CustomersList.self, .init(limit: 100))
        #expect(everyone.items.count == 41)
        let olga = try await engine.call(CustomersGet.self, .init(externalId: "poisoned"))
        #expect(olga.stats.totalSpent.minorUnits == .max, "the overflowed float is saturated back to an integer")
        #expect(olga.stats.orderCount == 2)
        // The repaired total is at its ceiling: a further order is refused, not stored as a float again.
        let refused = await #expect(throws: RapportError.self) {
            _ = try await engine.call(OrdersRecord.self, .init(customerId: olga.id, externalId: "huge-3", amount: Money(minorUnits: 1)))
        }
        #expect(refused?.reason == .limitExceeded)
        #expect(try await engine.call(LoyaltyCheck.self, .init()).mismatches.isEmpty)
        let settings = try await engine.call(StoreSettings.self, NoParams())
        #expect(settings.name == "Corner Bakery" && settings.currency == "EUR")
        #expect(settings.updatedAt == Timestamp(millisecondsSince1970: 1_796_165_029_283), "the time of the last change is kept to the millisecond")
        let preview = try await engine.call(
            SegmentsPreview.self, .init(rule: .condition(SegmentCondition(field: "totalSpent", op: .greaterThan, value: 0))))
        #expect(preview.count > 0)
    }

    /// The store took orders before the metrics room existed: `metrics.v1` counts them, so the
    /// metrics agree with a rebuild from scratch the moment the upgrade opens.
    @Test func theMetricsRoomCountsTheOrdersTheStoreAlreadyHeld() async throws {
        let (path, cleanUp) = try Self.copyOfTheFixture()
        defer { cleanUp() }
        let engine = try Engine(configuration: EngineConfiguration(databasePath: path))
        defer { engine.close() }
        let orders = try await engine.call(OrdersList.self, .init(limit: 1000)).items
        let customersWithOrders = Set(orders.map(\.customerId)).count
        let counted = try await engine.call(MetricsRepeatRate.self, .init())
        let cohorts = try await engine.call(MetricsCohorts.self, .init(period: .month))
        #expect(counted.customers == customersWithOrders && counted.customers > 0)
        #expect(cohorts.cohorts.map(\.size).reduce(0, +) == Int64(customersWithOrders))
        _ = try await engine.call(MetricsRebuild.self, NoParams())
        #expect(try await engine.call(MetricsRepeatRate.self, .init()) == counted)
        #expect(try await engine.call(MetricsCohorts.self, .init(period: .month)) == cohorts)
    }

    /// An engine that leaves out a module the store was written by would let its upkeep lapse
    /// (the metrics room's aggregates miss every order recorded without it): it refuses to open.
    @Test func aStoreNeverLosesAModule() async throws {
        let (path, cleanUp) = try Self.copyOfTheFixture()
        defer { cleanUp() }
        let withoutMetrics = try Engine.standardModules(named: ["customers", "loyalty", "feedback"])
        try Engine(configuration: EngineConfiguration(databasePath: path, modules: withoutMetrics)).close()
        try Engine(configuration: EngineConfiguration(databasePath: path)).close()
        let refused = #expect(throws: RapportError.self) {
            _ = try Engine(configuration: EngineConfiguration(databasePath: path, modules: withoutMetrics))
        }
        #expect(refused?.reason == .unavailable)
        #expect(refused?.message.contains("metrics.v1") == true)
        #expect(throws: RapportError.self) { _ = try Engine.standardModules(named: ["customers", "metrics"]) }
        #expect(throws: RapportError.self) { _ = try Engine.standardModules(named: ["customers", "crm"]) }
    }
}
