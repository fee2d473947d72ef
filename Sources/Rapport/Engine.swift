import Foundation
public import Logging
public import RapportCore
import RapportCustomers
import RapportFeedback
public import RapportJSON
import RapportLoyalty
import RapportMetrics
public import RapportRPC
public import RapportStorage
import Synchronization

/// Results of a bulk call gathered from many threads; resumes its continuation with the last one.
private final class GatheredResults: Sendable {
    private let state: Mutex<(results: [Result<JSONValue, any Error>?], remaining: Int)>

    init(count: Int) {
        state = Mutex((Array(repeating: nil, count: count), count))
    }

    func fill(_ index: Int, _ result: Result<JSONValue, any Error>, _ continuation: CheckedContinuation<[Result<JSONValue, any Error>], Never>) {
        let finished = state.withLock { state -> [Result<JSONValue, any Error>]? in
            state.results[index] = result
            state.remaining -= 1
            return state.remaining == 0 ? state.results.map { $0! } : nil
        }
        if let finished { continuation.resume(returning: finished) }
    }
}

/// How to start an engine.
public struct EngineConfiguration: Sendable {
    /// The SQLite file; created on first use.
    public var databasePath: String
    /// Durability, read-only mode and reader threads.
    public var storeOptions: StoreOptions
    /// Protocol limits.
    public var limits: ProtocolLimits
    /// Where time comes from.
    public var clock: any WallClock
    /// Where the engine logs (stderr in the executable: stdout belongs to the protocol).
    public var logger: Logger
    /// The factories of the domain modules served besides the engine's own, in any order.
    public var modules: [any ModuleFactory]
    /// The only directory `server.backup` writes to; nil for `backups` beside the database.
    public var backupDirectory: String?

    /// The directory `server.backup` writes to.
    public var resolvedBackupDirectory: String {
        if let backupDirectory { return backupDirectory }
        let folder = (databasePath as NSString).deletingLastPathComponent
        return ((folder.isEmpty ? "." : folder) as NSString).appendingPathComponent("backups")
    }

    /// Creates a configuration; every argument but the path has a production default.
    public init(
        databasePath: String,
        storeOptions: StoreOptions = StoreOptions(),
        limits: ProtocolLimits = .default,
        clock: any WallClock = SystemWallClock(),
        logger: Logger = Logger(label: "rapport"),
        modules: [any ModuleFactory] = Engine.standardModules,
        backupDirectory: String? = nil
    ) {
        self.databasePath = databasePath
        self.storeOptions = storeOptions
        self.limits = limits
        self.clock = clock
        self.logger = logger
        self.modules = modules
        self.backupDirectory = backupDirectory
    }
}

/// The Rapport engine: one store, every module's migrations and methods, one dispatcher.
///
/// Transports feed it lines; Swift programs call it directly with typed methods. Both paths go
/// through the same dispatcher and the same handlers.
///
/// ```swift
/// let engine = try Engine(configuration: EngineConfiguration(databasePath: "shop.sqlite"))
/// defer { engine.close() }
/// let settings = try await engine.call(StoreConfigure.self, .init(currency: "EUR"))
/// ```
///
/// ## Topics
/// - ``call(_:_:options:session:)``
/// - ``dispatcher``
/// - ``protocolDocument()``
public final class Engine: Sendable {
    /// This build's version.
    public static let version = "0.1.0"

    /// The domain modules a default engine serves: one factory each. A new module is one more
    /// line here; ``ModuleAssembly`` makes each after the modules it depends on.
    public static var standardModules: [any ModuleFactory] {
        [
            CustomersModule.Factory(),
            LoyaltyModule.Factory(),
            FeedbackModule.Factory(),
            MetricsModule.Factory(),
        ]
    }

    /// The standard modules named in `names`, for an engine that serves only some rooms.
    /// - Throws: `invalid_params` for an unknown name or a module whose dependency is left out.
    public static func standardModules(named names: [String]) throws -> [any ModuleFactory] {
        let known = standardModules
        let chosen = try names.map { name in
            guard let factory = known.first(where: { $0.name == name }) else {
                throw RapportError.invalid("modules", "no module \"\(name)\"; the modules are \(known.map(\.name).joined(separator: ", "))")
            }
            return factory
        }
        for factory in chosen {
            for dependency in factory.dependencies where !names.contains(dependency) {
                throw RapportError.invalid("modules", "\(factory.name) needs \(dependency)")
            }
        }
        return chosen
    }

    /// Every module served, the engine's own first, each after the modules it depends on.
    public let modules: [any RapportModule]

    /// The served module of type `M`, for its Swift API (`engine.module(LoyaltyModule.self)?.service`).
    public func module<M: RapportModule>(_ type: M.Type) -> M? {
        modules.lazy.compactMap { $0 as? M }.first
    }

    /// The store.
    public let store: Store
    /// Turns request lines into response lines; what transports use.
    public let dispatcher: Dispatcher
    /// Every event type the modules declared.
    public let events: EventRegistry
    /// The configuration it started with.
    public let configuration: EngineConfiguration
    /// What `server.info` and `rpc.discover` read; released on close.
    private let status: EngineStatus

    /// Opens the store, applies every migration and registers every method.
    ///
    /// - Throws: `unavailable` for a read-only store that is missing or unmigrated; GRDB's errors
    ///   when the file cannot be opened.
    public init(configuration: EngineConfiguration) throws {
        self.configuration = configuration
        let counters = RequestCounters()
        status = EngineStatus(startedAt: configuration.clock.now(), counters: counters)
        let modules: [any RapportModule] =
            [EngineModule(status: status, backupDirectory: configuration.resolvedBackupDirectory)]
            + (try ModuleAssembly.make(configuration.modules))
        self.modules = modules

        let opened = try ModuleAssembly.open(
            modules, path: configuration.databasePath, options: configuration.storeOptions, clock: configuration.clock,
            logger: configuration.logger)
        store = opened.store
        events = opened.events
        let logger = configuration.logger
        dispatcher = Dispatcher(registry: opened.methods, limits: configuration.limits, counters: counters) { method, error in
            logger.error("internal error in \(method)", metadata: ["error": "\(error)"])
        }
        status.complete(store: store, registry: opened.methods, declaredTopics: events.declared.map(\.topic))
    }

    /// Calls a method in process, with typed params and result, as a transport would.
    ///
    /// - Parameters:
    ///   - method: The method's type.
    ///   - params: Its params.
    ///   - options: `dryRun` and `idempotencyKey`, for mutations.
    ///   - session: The caller's session; by default an in-process one named `embedded`.
    /// - Throws: ``RapportError`` as the method refuses.
    public func call<M: RPCMethod>(
        _ method: M.Type, _ params: M.Params, options: CallOptions = CallOptions(),
        session: Session = Session(peer: .inProcess("embedded"))
    ) async throws -> M.Result {
        precondition(!options.dryRun, "use dryRun(_:_:) to preview a mutation")
        let value = try await invoke(M.name, JSONValueEncoder().encode(params), options, session)
        do {
            return try JSONValueDecoder(enforcesRanges: false).decode(M.Result.self, from: value)
        } catch {
            throw RapportError(.internal, "the result of \(M.name) did not decode: \(error.message)")
        }
    }

    /// Calls a method once per params, all submitted at once in order (writes share group
    /// commits), and returns the results in the same order. Throws the first error.
    public func callAll<M: RPCMethod>(
        _ method: M.Type, _ calls: [M.Params], session: Session = Session(peer: .inProcess("embedded"))
    ) async throws -> [M.Result] {
        let encoded = try calls.map { try JSONValueEncoder().encode($0) }
        let values: [Result<JSONValue, any Error>] = await withCheckedContinuation { continuation in
            guard !encoded.isEmpty else { return continuation.resume(returning: []) }
            let box = GatheredResults(count: encoded.count)
            for (index, params) in encoded.enumerated() {
                let context = CallContext(session: session, method: M.name)
                let outcome = dispatcher.invoke(M.name, params: params, context: context) { box.fill(index, $0, continuation) }
                if case .finished(let result) = outcome { box.fill(index, result, continuation) }
            }
        }
        return try values.map { result in try JSONValueDecoder(enforcesRanges: false).decode(M.Result.self, from: result.get()) }
    }

    /// What a dry run of a mutation would do: its result and the events it would raise.
    public struct DryRun<Result: Decodable & Sendable>: Decodable, Sendable {
        /// The result the call would return.
        public var result: Result
        /// The events it would raise, as `{topic, data}` objects.
        public var events: [JSONValue]
    }

    /// Runs a mutation in a transaction that is rolled back, and tells what it would have done.
    public func dryRun<M: RPCMethod>(
        _ method: M.Type, _ params: M.Params, session: Session = Session(peer: .inProcess("embedded"))
    ) async throws -> DryRun<M.Result> {
        precondition(M.isMutating, "\(M.name) does not mutate; call it directly")
        let value = try await invoke(M.name, JSONValueEncoder().encode(params), CallOptions(dryRun: true), session)
        guard case .object(var object) = value else { throw RapportError(.internal, "a dry run answered \(value)") }
        _ = object.removeValue(forKey: "dryRun")
        do {
            return try JSONValueDecoder(enforcesRanges: false).decode(DryRun<M.Result>.self, from: .object(object))
        } catch {
            throw RapportError(.internal, "the dry run of \(M.name) did not decode: \(error.message)")
        }
    }

    private func invoke(_ method: String, _ params: JSONValue, _ options: CallOptions, _ session: Session) async throws -> JSONValue {
        try await dispatcher.invoke(method, params: params, context: CallContext(session: session, method: method, options: options))
    }

    /// A JSON Schema of one request line, every method with its params: what `rapport schema` prints.
    public func requestLineSchema() -> JSONValue {
        RequestLineSchema.make(registry: dispatcher.registry, version: Self.version)
    }

    /// protocol.md: framing, errors, limits, events and every method, generated from the registry.
    public func protocolDocument() -> String {
        ProtocolDocument(registry: dispatcher.registry, events: events.declared, limits: configuration.limits).markdown
    }

    /// Copies the store to a new file at `path`, private to this user, anywhere this process may
    /// write: the operator's own backup (`rapport backup`), not confined to the backup directory
    /// as `server.backup` is.
    public func backup(to path: String) async throws -> ServerBackup.Result {
        let store = self.store
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try Backups.copy(store, to: path, field: "to") })
            }
        }
    }

    /// Finishes queued work and closes the store; then `server.info` answers `unavailable`.
    public func close() {
        store.close()
        status.release()
    }
}
