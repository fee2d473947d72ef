import Foundation
import GRDB
import RapportCore
import RapportJSON
import RapportRPC
import TestSupport
import Testing

@testable import RapportStorage

/// A mutation for the tests: adds a note.
enum AddNote: RPCMethod {
    static let name = "notes.add"
    static let summary = "Adds a note."
    static let isMutating = true
    struct Params: Codable, Sendable { var text: String }
    struct Result: Codable, Sendable, Equatable {
        var id: Int64
        var text: String
    }
    static func auditTarget(params: Params, result: Result) -> String? { "note_\(result.id)" }
}

/// A read for the tests: counts notes.
enum CountNotes: RPCMethod {
    static let name = "notes.count"
    static let summary = "Counts notes."
    typealias Params = NoParams
    typealias Result = Int
}

/// Sends one line through a dispatcher and waits for its reply.
func send(_ line: String, to dispatcher: Dispatcher, session: Session = Session(peer: .stdio)) async -> JSONValue? {
    let reply = await dispatcher.handle(line: Array(line.utf8), session: session)
    return reply.flatMap { try? JSONParser.parse($0, limits: JSONLimits()) }
}

/// Hands every line to the dispatcher at once, as a pipelining client does, and waits for all replies.
func sendPipelined(_ lines: [String], to dispatcher: Dispatcher, session: Session) async -> [JSONValue?] {
    let replies = Shared<[Int: [UInt8]]>([:])
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
        let remaining = Shared(lines.count)
        @Sendable func arrived(_ index: Int, _ reply: [UInt8]?) {
            replies.withLock { $0[index] = reply }
            if remaining.withLock({
                $0 -= 1
                return $0
            }) == 0 {
                continuation.resume()
            }
        }
        for (index, line) in lines.enumerated() {
            var bytes = Array(line.utf8)
            let outcome = bytes.withUnsafeMutableBytes { raw in
                dispatcher.handle(line: UnsafeRawBufferPointer(raw), session: session) { arrived(index, $0) }
            }
            switch outcome {
            case .reply(let reply): arrived(index, reply)
            case .noReply: arrived(index, nil)
            case .pending: break
            }
        }
    }
    return lines.indices.map { index in replies.value[index].flatMap { try? JSONParser.parse($0, limits: JSONLimits()) } }
}

@Suite struct ModuleRegistrarTests {
    func dispatcher(for store: Store) -> Dispatcher {
        var registrar = ModuleRegistrar(store: store)
        registrar.write(AddNote.self) { params, context in
            try context.db.execute(sql: "INSERT INTO note (text) VALUES (?)", arguments: [params.text])
            return AddNote.Result(id: context.db.lastInsertedRowID, text: params.text)
        }
        registrar.read(CountNotes.self) { _, context in try Int.fetchOne(context.db, sql: "SELECT count(*) FROM note")! }
        return Dispatcher(registry: registrar.methods)
    }

    @Test func idempotencyKeyReplaysTheFirstResultEvenAfterARestart() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let request = #"{"jsonrpc":"2.0","id":1,"method":"notes.add","params":{"text":"hi","idempotencyKey":"k-1"}}"#
        var store = try fixture.open()
        let first = await send(request, to: dispatcher(for: store))
        #expect(first?["result"] == ["id": 1, "text": "hi"])
        #expect(await send(request, to: dispatcher(for: store)) == first)
        store.close()

        store = try fixture.open()
        defer { store.close() }
        let afterRestart = await send(request, to: dispatcher(for: store))
        #expect(afterRestart == first)
        #expect(try await count("note", in: store) == 1)
        #expect(try await count("rapport_audit", in: store) == 1)

        let reused = await send(
            #"{"jsonrpc":"2.0","id":2,"method":"notes.add","params":{"text":"other","idempotencyKey":"k-1"}}"#,
            to: dispatcher(for: store))
        #expect(reused?["error"]?["code"] == -32000)
        #expect(reused?["error"]?["data"]?["reason"] == "conflict")
        #expect(reused?["error"]?["data"]?["field"] == "idempotencyKey")
    }

    @Test func aPipelinedReadSeesTheWritesSentBeforeIt() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let store = try fixture.open()
        defer { store.close() }
        let dispatcher = dispatcher(for: store)
        let session = Session(peer: .stdio)
        for round in 1...20 {
            let replies = await sendPipelined(
                [
                    #"{"jsonrpc":"2.0","id":1,"method":"notes.add","params":{"text":"n\#(round)"}}"#,
                    #"{"jsonrpc":"2.0","id":2,"method":"notes.count"}"#,
                ], to: dispatcher, session: session)
            #expect(replies[0]?["result"]?["id"] == .int(Int64(round)))
            #expect(replies[1]?["result"] == .int(Int64(round)), "round \(round)")
        }
    }

    @Test func dryRunAnswersWhatWouldHappen() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let store = try fixture.open()
        defer { store.close() }
        let reply = await send(
            #"{"jsonrpc":"2.0","id":1,"method":"notes.add","params":{"text":"maybe","dryRun":true,"idempotencyKey":"d"}}"#,
            to: dispatcher(for: store))
        #expect(reply?["result"]?["dryRun"] == true)
        #expect(reply?["result"]?["result"] == ["id": 1, "text": "maybe"])
        #expect(reply?["result"]?["events"] == [])
        #expect(try await count("note", in: store) == 0)
        #expect(try await count("rapport_idempotency_key", in: store) == 0)
        #expect(try await count("rapport_audit", in: store) == 0)
    }

    @Test func everyMutationLeavesAnAuditRow() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let store = try fixture.open()
        defer { store.close() }
        let dispatcher = dispatcher(for: store)
        _ = await send(
            #"{"jsonrpc":"2.0","id":1,"method":"notes.add","params":{"text":"a"}}"#, to: dispatcher,
            session: Session(peer: .unixSocket(uid: 1000, pid: 4242)))
        _ = await send(#"{"jsonrpc":"2.0","id":2,"method":"notes.count"}"#, to: dispatcher)
        let rows = try await store.read { context in
            try Row.fetchAll(context.db, sql: "SELECT actor, method, target FROM rapport_audit").map {
                [$0["actor"] as String, $0["method"], $0["target"]]
            }
        }
        #expect(rows == [["uid:1000 pid:4242", "notes.add", "note_1"]])
    }

    @Test func badOptionsAndParamsNameTheField() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let store = try fixture.open()
        defer { store.close() }
        let dispatcher = dispatcher(for: store)
        for (params, field) in [
            (#"{"text":"a","idempotencyKey":7}"#, "idempotencyKey"),
            (#"{"text":"a","idempotencyKey":""}"#, "idempotencyKey"),
            (#"{"text":"a","dryRun":"yes"}"#, "dryRun"),
            (#"{"text":5}"#, "text"),
            (#"{}"#, "text"),
            (#"{"text":"a","colour":"red"}"#, "colour"),
        ] {
            let reply = await send(#"{"jsonrpc":"2.0","id":1,"method":"notes.add","params":\#(params)}"#, to: dispatcher)
            #expect(reply?["error"]?["code"] == -32602, "\(params)")
            #expect(reply?["error"]?["data"]?["field"] == .string(field), "\(params)")
        }
        let readWithDryRun = await send(#"{"jsonrpc":"2.0","id":1,"method":"notes.count","params":{"dryRun":true}}"#, to: dispatcher)
        #expect(readWithDryRun?["error"]?["data"]?["field"] == "dryRun")
        #expect(try await count("note", in: store) == 0)
    }

    @Test func readOnlyRefusesMutationsWithReadOnlyReason() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        try fixture.open().close()
        let store = try fixture.open(options: StoreOptions(readOnly: true))
        defer { store.close() }
        let reply = await send(#"{"jsonrpc":"2.0","id":1,"method":"notes.add","params":{"text":"a"}}"#, to: dispatcher(for: store))
        #expect(reply?["error"]?["code"] == -32000)
        #expect(reply?["error"]?["data"]?["reason"] == "read_only")
        #expect(await send(#"{"jsonrpc":"2.0","id":2,"method":"notes.count"}"#, to: dispatcher(for: store))?["result"] == 0)
    }
}
