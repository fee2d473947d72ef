import Foundation
import Rapport
import RapportCore
import RapportCustomers
import RapportLoyalty
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

    @Test func aStoreOfTheLastReleaseIsMigratedAndRepaired() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-upgrade-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("store.sqlite").path
        try FileManager.default.copyItem(atPath: Self.fixture.path, toPath: path)

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
}
