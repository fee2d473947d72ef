public import Foundation
public import RapportCore
public import RapportRPC
public import RapportStorage

/// Modules served on a temporary database with a manual clock, called the way transports call
/// them: the engine's own start (``ModuleAssembly``) without its transports. Module tests wrap
/// one with their shortcuts; `EndToEndTests` start the real executable instead.
public final class ModuleFixture: DispatcherCalling {
    /// The temporary directory holding the database; ``remove()`` deletes it.
    public let directory: URL
    /// The store's clock: tests move it.
    public let clock: ManualWallClock
    /// The modules made from the factories, in the order the assembly made them.
    public let modules: [any RapportModule]
    /// The open store.
    public let store: Store
    /// The dispatcher every call goes through, as a transport's would.
    public let dispatcher: Dispatcher
    /// The topics of every committed event, in order.
    public let events = Shared<[String]>([])

    /// Makes the modules of `factories` and opens them on a new database in a temporary directory.
    public init(_ factories: [any ModuleFactory], clock: ManualWallClock) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "rapport-\(factories.map(\.name).joined(separator: "-"))-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.clock = clock
        modules = try ModuleAssembly.make(factories)
        let opened = try ModuleAssembly.open(modules, path: directory.appendingPathComponent("db.sqlite").path, clock: clock)
        store = opened.store
        dispatcher = Dispatcher(registry: opened.methods)
        let seen = events
        _ = store.events.subscribe(topics: ["*"]) { event in seen.withLock { $0.append(event.topic) } }
    }

    /// The module of type `M` that `factories` made.
    public func module<M: RapportModule>(_ type: M.Type) throws -> M {
        guard let module = modules.lazy.compactMap({ $0 as? M }).first else { throw RapportError(.internal, "no \(M.self) in the fixture") }
        return module
    }

    deinit {
        store.close()
        try? FileManager.default.removeItem(at: directory)
    }
}
