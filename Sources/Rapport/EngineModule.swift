import Foundation
import GRDB
import RapportCore
import RapportJSON
import RapportRPC
import RapportStorage
import Synchronization

/// The engine's own room: server health, discovery, event subscriptions and store settings.
struct EngineModule: RapportModule {
    let name = "engine"
    /// Facts only the engine knows, read when a method runs.
    let status: EngineStatus
    /// The only directory `server.backup` writes to.
    let backupDirectory: String

    func registerMigrations(in plan: inout MigrationPlan) {
        plan.register("engine.v1") { db in
            try db.create(table: "rapport_setting", options: .withoutRowID) { t in
                t.primaryKey("key", .text)
                t.column("value", .text).notNull()
                t.column("updated_at", .integer).notNull()
            }
        }
        // The store settings become one document in a settings table of the shape every
        // module's configuration has (ModuleSettings).
        plan.register("engine.v2") { db in
            try db.execute(sql: ModuleSettings.createTableSQL("engine_config"))
            try db.execute(
                sql: """
                    INSERT INTO engine_config (name, value, updated_at)
                    SELECT 'store', json_object(
                            'name', coalesce((SELECT value FROM rapport_setting WHERE key = 'name'), ''),
                            'currency', coalesce((SELECT value FROM rapport_setting WHERE key = 'currency'), 'RUB'),
                            'updatedAt', strftime('%Y-%m-%dT%H:%M:%fZ', max(updated_at) / 1000.0, 'unixepoch')),
                        max(updated_at)
                    FROM rapport_setting HAVING count(*) > 0;
                    DROP TABLE rapport_setting;
                    """)
        }
    }

    func registerEvents(in events: inout EventRegistry) {
        events.declare(StoreConfigured.self)
    }

    func registerMethods(in registrar: inout ModuleRegistrar) {
        let status = self.status
        let store = registrar.store
        registrar.immediate(ServerPing.self) { _, _ in "pong" }
        registrar.immediate(ServerInfo.self) { _, _ in try status.info() }
        registrar.immediate(RPCDiscover.self) { _, _ in DiscoveryDocument(status.discoveryDocument()) }
        let backupDirectory = self.backupDirectory
        registrar.custom(ServerBackup.self) { rawParams, _, completion in
            let path: String
            do {
                guard !store.options.readOnly else {
                    throw RapportError(.readOnly, "this server is read-only; server.backup writes a file")
                }
                let params = try MethodRegistry.decodeParams(ServerBackup.self, from: rawParams)
                path = try ServerBackup.path(of: params.to, in: backupDirectory)
            } catch {
                return .finished(.failure(error))
            }
            DispatchQueue.global().async {
                completion(Result { try JSONValueEncoder().encode(Backups.copy(store, to: path, field: "to")) })
            }
            return .pending
        }
        registrar.immediate(EventsSubscribe.self) { params, context in
            try EventSubscriptions.subscribe(params.topics, session: context.session, stream: store.events, declared: status.declaredTopics)
        }
        registrar.immediate(EventsUnsubscribe.self) { params, context in
            EventSubscriptions.unsubscribe(params.topics, session: context.session, stream: store.events)
        }
        registrar.read(StoreSettings.self) { _, context in try EngineSettings.load(context.db) }
        registrar.read(AuditList.self) { params, context in
            let filter = AuditLog.Filter(from: params.from, to: params.to, actor: params.actor, method: params.method, targetId: params.targetId)
            return try AuditLog.list(filter, limit: Pagination.limit(params.limit), cursor: params.cursor, in: context.db)
        }
        registrar.write(StoreConfigure.self) { params, context in try EngineSettings.configure(params, in: context) }
    }

}

/// Online copies of the store, for `server.backup` and `rapport backup`.
enum Backups {
    /// Copies the store to a new private file at `path`; `field` names the request field that
    /// gave the path, for errors.
    static func copy(_ store: Store, to path: String, field: String) throws -> ServerBackup.Result {
        guard !path.isEmpty else { throw RapportError.invalid(field, "\(field) must name a file") }
        guard !FileManager.default.fileExists(atPath: path) else {
            throw RapportError(.conflict, "\(path) already exists; a backup never overwrites a file", field: field)
        }
        let started = DispatchTime.now()
        do {
            try store.backup(to: path)
        } catch let error as RapportError {
            throw error
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw RapportError(.unavailable, "the backup to \(path) failed: \(error)", field: field)
        }
        let elapsed = Int64((DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1_000_000)
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64) ?? 0
        return ServerBackup.Result(path: path, bytes: size, milliseconds: elapsed)
    }
}

/// What `server.info` and `rpc.discover` report, gathered from the parts of the engine.
final class EngineStatus: Sendable {
    let startedAt: Timestamp
    let counters: RequestCounters
    private let parts = Mutex<(store: Store?, discovery: JSONValue?, declaredTopics: [String])>((nil, nil, []))

    init(startedAt: Timestamp, counters: RequestCounters) {
        self.startedAt = startedAt
        self.counters = counters
    }

    /// Called once by the engine when the store is open and every method registered. The
    /// discovery document is made here, once: the registry does not change after start, and
    /// clients (MCP bridges, bots) ask for its 160 KB at every connection.
    func complete(store: Store, registry: MethodRegistry, declaredTopics: [String]) {
        let discovery = OpenRPCDocument.make(registry: registry, title: "Rapport", version: Engine.version)
        parts.withLock { $0 = (store, discovery, declaredTopics) }
    }

    /// Called by the engine as it closes: drops the store.
    func release() {
        parts.withLock { $0.store = nil }
    }

    var declaredTopics: [String] { parts.withLock { $0.declaredTopics } }

    func info() throws -> ServerInfo.Result {
        guard let store = parts.withLock({ $0.store }) else { throw RapportError(.unavailable, "the engine is starting or has closed") }
        let migrations = store.appliedMigrations
        let now = store.clock.now()
        return ServerInfo.Result(
            version: Engine.version,
            schemaVersion: migrations.count,
            lastMigration: migrations.last ?? "",
            database: store.path,
            readOnly: store.options.readOnly,
            durability: store.options.durability.rawValue,
            startedAt: startedAt,
            uptimeSeconds: (now.millisecondsSince1970 - startedAt.millisecondsSince1970) / 1000,
            requests: counters.requestCount,
            errors: counters.errorCount,
            subscriptions: store.events.subscriberCount
        )
    }

    func discoveryDocument() -> JSONValue {
        parts.withLock { $0.discovery } ?? OpenRPCDocument.make(registry: MethodRegistry(), title: "Rapport", version: Engine.version)
    }
}
