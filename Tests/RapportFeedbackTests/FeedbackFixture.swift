import Foundation
import RapportCore
import RapportCustomers
import RapportLoyalty
import RapportRPC
import RapportStorage
import TestSupport

@testable import RapportFeedback

/// The customers, loyalty and feedback rooms on a temporary database, called the way transports call them.
final class FeedbackFixture: DispatcherCalling {
    private let base: ModuleFixture
    var clock: ManualWallClock { base.clock }
    var store: Store { base.store }
    var dispatcher: Dispatcher { base.dispatcher }
    var events: Shared<[String]> { base.events }

    init(now: String = "2026-03-06T09:00:00Z") throws {
        base = try ModuleFixture(
            [CustomersModule.Factory(), LoyaltyModule.Factory(), FeedbackModule.Factory()], clock: ManualWallClock(Self.time(now)))
    }

    func customer(_ name: String = "Customer") async throws -> String {
        try await call(CustomersCreate.self, .init(name: name, at: Self.time("2026-01-01T10:00:00Z"))).id
    }

    func review(_ source: Review.Source, _ externalId: String?, rating: Int64, text: String? = nil, customerId: String? = nil, at: String)
        async throws -> ReviewsRecord.Result
    {
        try await call(
            ReviewsRecord.self, .init(source: source, externalId: externalId, rating: rating, text: text, customerId: customerId, at: Self.time(at)))
    }

    func inbox(at: String) async throws -> [InboxItem] {
        try await call(FeedbackInbox.self, .init(at: Self.time(at))).items
    }

    static func time(_ text: String) -> Timestamp { Timestamp(parsing: text)! }
}
