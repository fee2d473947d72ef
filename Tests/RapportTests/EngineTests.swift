import Foundation
import Rapport
import RapportCore
import RapportJSON
import RapportRPC
import RapportStorage
import Synchronization
import TestSupport
import Testing

/// A fresh engine on a temporary database with a manual clock.
final class EngineFixture {
    let directory: URL
    let clock = ManualWallClock(Timestamp(millisecondsSince1970: 1_772_359_200_000))
    let engine: Engine

    init(readOnly: Bool = false) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-engine-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        engine = try Engine(
            configuration: EngineConfiguration(
                databasePath: directory.appendingPathComponent("db.sqlite").path, clock: clock))
    }

    deinit {
        engine.close()
        try? FileManager.default.removeItem(at: directory)
    }
}

@Suite struct EngineTests {
    @Test func pingsAndReportsItself() async throws {
        let fixture = try EngineFixture()
        #expect(try await fixture.engine.call(ServerPing.self, NoParams()) == "pong")
        fixture.clock.advance(seconds: 90)
        let info = try await fixture.engine.call(ServerInfo.self, NoParams())
        #expect(info.version == Engine.version)
        #expect(info.uptimeSeconds == 90)
        #expect(info.lastMigration == "metrics.v1")
        #expect(info.schemaVersion == 15)
        #expect(info.durability == "full")
        #expect(info.requests == 2)
    }

    @Test func aClosedEngineLetsGoOfItsStore() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-engine-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        weak var store: Store?
        do {
            let engine = try Engine(configuration: EngineConfiguration(databasePath: directory.appendingPathComponent("db.sqlite").path))
            _ = try await engine.call(ServerInfo.self, NoParams())
            _ = try await engine.call(StoreConfigure.self, .init(currency: "EUR"))
            store = engine.store
            engine.close()
        }
        // A host that opens and drops engines (tests, a process serving several stores) must not
        // keep each one's store, its SQLite connections and its registry alive.
        #expect(store == nil)
    }

    @Test func configuresTheStoreDurablyAndRaisesAnEvent() async throws {
        let fixture = try EngineFixture()
        let received = Shared<[String]>([])
        let session = Session(peer: .inProcess("test")) { line in
            received.withLock { $0.append(String(decoding: line, as: UTF8.self)) }
        }
        _ = try await fixture.engine.call(EventsSubscribe.self, .init(topics: ["store.configured"]), session: session)
        let settings = try await fixture.engine.call(StoreConfigure.self, .init(name: "Café", currency: "EUR"))
        #expect(settings == StoreSettingsValue(name: "Café", currency: "EUR", updatedAt: fixture.clock.now()))
        #expect(try await fixture.engine.call(StoreSettings.self, NoParams()) == settings)
        let lines = received.withLock { $0 }
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix(#"{"jsonrpc":"2.0","method":"event","params":{"topic":"store.configured","seq":1,"#) == true)
        session.close()
        _ = try await fixture.engine.call(StoreConfigure.self, .init(name: "Later"))
        #expect(received.withLock { $0.count } == 1, "a closed session hears nothing")
        #expect(fixture.engine.store.events.subscriberCount == 0)
    }

    @Test func dryRunPreviewsWithoutChanging() async throws {
        let fixture = try EngineFixture()
        let preview = try await fixture.engine.dryRun(StoreConfigure.self, .init(currency: "USD"))
        #expect(preview.result.currency == "USD")
        #expect(preview.events.count == 1)
        #expect(try await fixture.engine.call(StoreSettings.self, NoParams()).currency == "RUB")
    }

    @Test func idempotencyKeysAreHonouredInProcess() async throws {
        let fixture = try EngineFixture()
        let first = try await fixture.engine.call(StoreConfigure.self, .init(name: "A"), options: CallOptions(idempotencyKey: "k"))
        fixture.clock.advance(seconds: 5)
        let replay = try await fixture.engine.call(StoreConfigure.self, .init(name: "A"), options: CallOptions(idempotencyKey: "k"))
        #expect(replay == first)
        await #expect(throws: RapportError.self) {
            _ = try await fixture.engine.call(StoreConfigure.self, .init(name: "B"), options: CallOptions(idempotencyKey: "k"))
        }
    }

    @Test(arguments: [
        (StoreConfigure.Params(currency: "eur"), "currency"),
        (StoreConfigure.Params(currency: "EURO"), "currency"),
        (StoreConfigure.Params(name: String(repeating: "n", count: 201)), "name"),
    ])
    func validationNamesTheField(params: StoreConfigure.Params, field: String) async throws {
        let fixture = try EngineFixture()
        do {
            _ = try await fixture.engine.call(StoreConfigure.self, params)
            Issue.record("accepted \(params)")
        } catch let error as RapportError {
            #expect(error.reason == .invalidParams)
            #expect(error.field == field)
        }
    }

    @Test func backupRefusesToOverwrite() async throws {
        let fixture = try EngineFixture()
        let result = try await fixture.engine.call(ServerBackup.self, .init(to: "copy.sqlite"))
        #expect(result.bytes > 0)
        #expect(result.path == fixture.directory.appendingPathComponent("backups/copy.sqlite").path)
        let error = await #expect(throws: RapportError.self) { _ = try await fixture.engine.call(ServerBackup.self, .init(to: "copy.sqlite")) }
        #expect(error?.reason == .conflict)
    }

    /// `server.backup` writes only into the backup directory, a file private to the server's user.
    @Test(arguments: ["../escape.sqlite", "/tmp/escape.sqlite", ".hidden", "", "sub/dir.sqlite", "a\u{0}b"])
    func backupStaysInItsDirectory(name: String) async throws {
        let fixture = try EngineFixture()
        let error = await #expect(throws: RapportError.self) { _ = try await fixture.engine.call(ServerBackup.self, .init(to: name)) }
        #expect(error?.reason == .invalidParams)
        #expect(error?.field == "to")
    }

    @Test func backupsAndTheDatabaseArePrivateAndAReadOnlyServerTakesNone() async throws {
        let fixture = try EngineFixture()
        let result = try await fixture.engine.call(ServerBackup.self, .init(to: "private.sqlite"))
        for path in [result.path, fixture.engine.store.path, fixture.engine.store.path + "-wal", fixture.engine.store.path + "-shm"] {
            let mode = try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
            #expect(mode & 0o077 == 0, "\(path) is \(String(mode, radix: 8))")
        }
        let readOnly = try Engine(
            configuration: EngineConfiguration(
                databasePath: fixture.engine.store.path, storeOptions: StoreOptions(readOnly: true)))
        defer { readOnly.close() }
        let error = await #expect(throws: RapportError.self) { _ = try await readOnly.call(ServerBackup.self, .init(to: "again.sqlite")) }
        #expect(error?.reason == .readOnly)
        let copy = try await readOnly.backup(to: fixture.directory.appendingPathComponent("operator.sqlite").path)
        #expect(copy.bytes > 0, "the operator's own backup works on a read-only store")
    }

    /// Who changed what: every committed mutation, newest first, filtered and paginated;
    /// dry runs and refused requests leave no entry.
    @Test func auditListShowsWhoChangedWhat() async throws {
        let fixture = try EngineFixture()
        let bot = Session(peer: .inProcess("bot"))
        _ = try await fixture.engine.call(StoreConfigure.self, .init(name: "First"), options: CallOptions(idempotencyKey: "k-1"))
        fixture.clock.advance(seconds: 60)
        _ = try await fixture.engine.call(StoreConfigure.self, .init(name: "Second"), session: bot)
        _ = try await fixture.engine.dryRun(StoreConfigure.self, .init(name: "Never"))
        await #expect(throws: RapportError.self) { _ = try await fixture.engine.call(StoreConfigure.self, .init(currency: "euro")) }

        let all = try await fixture.engine.call(AuditList.self, .init())
        #expect(all.items.map(\.actor) == ["embedded:bot", "embedded:embedded"])
        #expect(all.items.map(\.method) == ["store.configure", "store.configure"])
        #expect(all.items.last?.idempotencyKey == "k-1")
        #expect(all.nextCursor == nil)
        #expect(try await fixture.engine.call(AuditList.self, .init(actor: "embedded:bot")).items.count == 1)
        #expect(try await fixture.engine.call(AuditList.self, .init(method: "loyalty.adjust")).items.isEmpty)
        let later = fixture.clock.now().adding(seconds: -30)
        #expect(try await fixture.engine.call(AuditList.self, .init(from: later)).items.map(\.actor) == ["embedded:bot"])
        #expect(try await fixture.engine.call(AuditList.self, .init(to: later)).items.map(\.actor) == ["embedded:embedded"])
        let first = try await fixture.engine.call(AuditList.self, .init(limit: 1))
        let second = try await fixture.engine.call(AuditList.self, .init(limit: 1, cursor: first.nextCursor))
        #expect(first.items.map(\.actor) == ["embedded:bot"] && second.items.map(\.actor) == ["embedded:embedded"] && second.nextCursor == nil)
        let error = await #expect(throws: RapportError.self) { _ = try await fixture.engine.call(AuditList.self, .init(cursor: "id:x")) }
        #expect(error?.field == "cursor")
    }

    @Test func discoveryDescribesEveryMethod() async throws {
        let fixture = try EngineFixture()
        let document = try await fixture.engine.call(RPCDiscover.self, NoParams()).document
        #expect(document["openrpc"] == "1.2.6")
        guard case .array(let methods)? = document["methods"] else {
            Issue.record("no methods")
            return
        }
        let names = methods.compactMap { $0["name"]?.stringValue }
        #expect(names == names.sorted())
        for expected in [
            "server.ping", "server.info", "server.backup", "rpc.discover", "events.subscribe",
            "events.unsubscribe", "store.settings", "store.configure",
        ] {
            #expect(names.contains(expected))
        }
        let configure = methods.first { $0["name"] == "store.configure" }
        let params = configure?["params"]?.arrayValue?.compactMap { $0["name"]?.stringValue }
        #expect(params == ["name", "currency", "idempotencyKey", "dryRun"])
    }

    /// Every method says what it takes and what it answers: no schema is the empty `{}` that a
    /// type the generator cannot probe would fall back to.
    @Test func everyMethodHasParamsAndResultSchemas() throws {
        let fixture = try EngineFixture()
        let descriptors = fixture.engine.dispatcher.registry.descriptors
        #expect(descriptors.count > 50)
        for descriptor in descriptors {
            for (kind, schema) in [("params", descriptor.paramsSchema), ("result", descriptor.resultSchema)] {
                guard case .object(let object) = schema else {
                    Issue.record("\(descriptor.name): the \(kind) schema is not an object")
                    continue
                }
                #expect(
                    object["type"] != nil || object["anyOf"] != nil || object["oneOf"] != nil,
                    "\(descriptor.name): the \(kind) schema says nothing: \(schema.jsonString)")
            }
        }
    }

    @Test func protocolDocumentCoversEveryMethodErrorAndLimit() throws {
        let fixture = try EngineFixture()
        let markdown = fixture.engine.protocolDocument()
        for descriptor in fixture.engine.dispatcher.registry.descriptors {
            #expect(markdown.contains("### \(descriptor.name)"))
        }
        for reason in RapportError.Reason.catalog { #expect(markdown.contains("`\(reason.reason.rawValue)`")) }
        for limit in ProtocolLimits.default.documented { #expect(markdown.contains("`\(limit.name)`")) }
        #expect(markdown.contains("`store.configured`"))
    }
}
