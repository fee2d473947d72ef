import Foundation
import GRDB
import RapportCore
import RapportCustomers
import RapportFeedback
import RapportJSON
import RapportLoyalty
import RapportRPC
import RapportStorage
import TestSupport

@testable import RapportMetrics

/// Every room up to metrics on a temporary database, called the way transports call them.
final class MetricsFixture: DispatcherCalling {
    private let base: ModuleFixture
    var clock: ManualWallClock { base.clock }
    var store: Store { base.store }
    var dispatcher: Dispatcher { base.dispatcher }

    init(now: String = "2026-07-01T00:00:00Z") throws {
        base = try ModuleFixture(
            [CustomersModule.Factory(), LoyaltyModule.Factory(), FeedbackModule.Factory(), MetricsModule.Factory()],
            clock: ManualWallClock(Self.time(now)))
    }

    func customer(_ name: String = "Customer", source: String? = nil, attributes: JSONObject? = nil) async throws -> String {
        try await call(CustomersCreate.self, .init(name: name, attributes: attributes, source: source, at: Self.time("2024-01-01T00:00:00Z"))).id
    }

    @discardableResult
    func order(_ customerId: String, _ amount: Int64, at: String) async throws -> Order {
        let id = "o-\(UUID().uuidString)"
        return try await call(
            OrdersRecord.self, .init(customerId: customerId, externalId: id, amount: Money(minorUnits: amount), at: Self.time(at))
        ).order
    }

    func configure(timeZone: String) async throws {
        _ = try await call(MetricsConfigure.self, .init(timeZone: timeZone))
        _ = try await call(MetricsRebuild.self, .init())
    }

    /// Every aggregate row, to compare kept aggregates with rebuilt ones.
    func aggregates() async throws -> [String] {
        try await store.read { context in
            var rows: [String] = []
            for (table, order) in [
                ("metrics_customer", "customer_id"), ("metrics_customer_day", "customer_id, day"), ("metrics_day", "day"),
                ("metrics_period", "kind, period"), ("metrics_cohort", "kind, cohort, offset"),
            ] {
                for row in try Row.fetchAll(context.db, sql: "SELECT * FROM \(table) ORDER BY \(order)") {
                    // Rows whose counts are all zero mean nothing: a rebuild does not write them.
                    let values = row.databaseValues.map(\.description)
                    if table == "metrics_period", row.databaseValues.dropFirst(2).allSatisfy({ $0 == 0.databaseValue }) { continue }
                    if table == "metrics_cohort", row.databaseValues.last == 0.databaseValue { continue }
                    if table == "metrics_day", row.databaseValues.dropFirst().allSatisfy({ $0 == 0.databaseValue || $0 == 0.0.databaseValue }) {
                        continue
                    }
                    rows.append("\(table) \(values.joined(separator: " "))")
                }
            }
            return rows
        }
    }

    static func time(_ text: String) -> Timestamp { Timestamp(parsing: text)! }
}
