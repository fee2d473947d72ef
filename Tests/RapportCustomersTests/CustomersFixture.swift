import Foundation
import RapportCore
import RapportCustomers
import RapportRPC
import RapportStorage
import TestSupport

/// A store with the customers module on a temporary database, called the way transports call it.
final class CustomersFixture: DispatcherCalling {
    let directory: URL
    let clock = ManualWallClock(Timestamp(millisecondsSince1970: 1_772_359_200_000))  // 2026-03-01T10:00:00Z
    let store: Store
    let dispatcher: Dispatcher
    let events = Shared<[String]>([])

    /// - Parameter reactions: in-transaction handlers a test adds, as another module would.
    init(reactions: (inout EventRegistry) -> Void = { _ in }) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-customers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let module = CustomersModule()
        var plan = MigrationPlan()
        module.registerMigrations(in: &plan)
        var registry = EventRegistry()
        module.registerEvents(in: &registry)
        reactions(&registry)
        store = try Store(path: directory.appendingPathComponent("db.sqlite").path, migrations: plan, events: registry, clock: clock)
        var registrar = ModuleRegistrar(store: store)
        module.registerMethods(in: &registrar)
        dispatcher = Dispatcher(registry: registrar.methods)
        let seen = events
        _ = store.events.subscribe(topics: ["*"]) { event in seen.withLock { $0.append(event.topic) } }
    }

    deinit {
        store.close()
        try? FileManager.default.removeItem(at: directory)
    }

    /// A time on the fixture's calendar.
    static func time(_ text: String) -> Timestamp { Timestamp(parsing: text)! }
}
