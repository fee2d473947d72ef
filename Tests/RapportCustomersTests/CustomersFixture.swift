import Foundation
import RapportCore
import RapportCustomers
import RapportRPC
import RapportStorage
import TestSupport

/// The customers module alone on a temporary database, called the way transports call it.
final class CustomersFixture: DispatcherCalling {
    private let base: ModuleFixture
    var directory: URL { base.directory }
    var clock: ManualWallClock { base.clock }
    var store: Store { base.store }
    var dispatcher: Dispatcher { base.dispatcher }
    var events: Shared<[String]> { base.events }

    /// - Parameter reactions: in-transaction handlers a test adds, as another module would.
    init(reactions: @escaping @Sendable (inout EventRegistry) -> Void = { _ in }) throws {
        base = try ModuleFixture(
            [CustomersModule.Factory(), ReactingModule(reactions: reactions)],
            clock: ManualWallClock(Timestamp(millisecondsSince1970: 1_772_359_200_000)))  // 2026-03-01T10:00:00Z
    }

    /// A time on the fixture's calendar.
    static func time(_ text: String) -> Timestamp { Timestamp(parsing: text)! }
}

/// A module that only reacts to the customers room's events, as a test says.
private struct ReactingModule: ModuleFactory, RapportModule {
    let name = "reactions"
    let dependencies = ["customers"]
    let reactions: @Sendable (inout EventRegistry) -> Void

    func make(_ built: BuiltModules, extensions: ModuleExtensions) throws -> any RapportModule { self }
    func registerEvents(in events: inout EventRegistry) { reactions(&events) }
    func registerMethods(in registrar: inout ModuleRegistrar) {}
}
