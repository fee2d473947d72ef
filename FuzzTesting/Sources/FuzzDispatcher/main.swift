// FuzzDispatcher: libFuzzer target over whole request lines, through the engine's dispatcher.
//
// Built with `-sanitize=fuzzer,address -parse-as-library` (see ../../run.sh): libFuzzer supplies
// `main`, this file only `LLVMFuzzerTestOneInput`.
//
// One engine is opened once per process (in `LLVMFuzzerInitialize`), on a store in a new
// temporary directory (`StoreOptions(durability: .normal)`, default protocol limits), and lives
// for the whole run, so that what one input writes is there for the next. The engine's clock is a
// `ManualWallClock` that starts at 2026-03-01T10:00:00Z and moves one second after every input,
// and its identifiers come from `IdentifierSource(seed: 1)`: so the records seeded at start
// (4 customers, 3 orders, 2 offers, a coupon, a segment, a referral code, points, a cart; see
// `seedLines`) get the same ids in every run and on every fresh store, and the committed corpus names them, which takes
// the fuzzer past `not_found`. Each input is one connection: a new session,
// closed at the end. The input is cut into lines by the server's own `LineFramer` (the line
// cap is `ProtocolLimits.default.maxLineBytes`, a `\r` before `\n` is dropped, empty lines are
// skipped, an unterminated last line counts), and each line goes to
// `engine.dispatcher.handle(line:session:completion:)`, one at a time: a `.pending` line is
// waited for before the next is sent, so every reply is checked against the line it answers.
//
// A reply must be exactly one line of JSON (`\n` at its end and nowhere else) that parses, and
// be a JSON-RPC 2.0 response object, or a non-empty array of them for a batch: `"jsonrpc":"2.0"`,
// an `id`, exactly one of `result` and `error`, no repeated member, an error with an integer
// `code`, a string `message` and a string `data.reason`. No error may be -32603 (internal) or
// carry the reason `internal`. A success answering a request object echoes its `id`. The
// completion is called once for `.pending` and never otherwise. Event notifications pushed to
// the session must be JSON-RPC 2.0 notifications. Any breach calls `fatalError` with the line,
// the reply and the last errors the engine logged: a crash is how libFuzzer reports.
//
// Environment:
//   RAPPORT_FUZZ_DIR       a directory to hold the store instead of a new one under $TMPDIR
//                          (kept after the run, and never swapped for a fresh one; by default the
//                          temporary directory is removed at a normal exit, and kept after a crash).
//   RAPPORT_FUZZ_FRESH_STORE_EVERY
//                          inputs run on one store before it is closed, removed and replaced by a
//                          new, freshly seeded one (default 20000; 0 keeps one store all run). A
//                          store that grew for hours made each execution four times slower.
//   RAPPORT_FUZZ_ECHO=1    print every line and its reply to stderr (to replay a crash input).
//   RAPPORT_FUZZ_SEED_IDS  write the seeded records' ids here as a JSON object (make_corpus.py).
//   RAPPORT_FUZZ_DISCOVER  write the rpc.discover result here (make_corpus.py).

import Foundation
import Logging
import NIOCore
import Rapport
import RapportCore
import RapportJSON
import RapportRPC
import RapportServer
import RapportStorage
import Synchronization

// MARK: - Engine

/// The last warnings and errors the engine logged, for a failure report.
private final class LogTail: Sendable {
    private let lines = Mutex<[String]>([])

    func add(_ line: String) {
        lines.withLock { lines in
            lines.append(line)
            if lines.count > 8 { lines.removeFirst(lines.count - 8) }
        }
    }

    var text: String {
        let lines = lines.withLock { $0 }
        return lines.isEmpty ? "(nothing logged)" : lines.joined(separator: "\n    ")
    }
}

/// Keeps warnings and errors in a `LogTail` instead of printing them (they would drown libFuzzer's output).
private struct TailLogHandler: LogHandler {
    let tail: LogTail
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?
    var logLevel: Logger.Level = .warning

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var all = metadata
        if let extra = event.metadata { all.merge(extra) { $1 } }
        let shown = all.isEmpty ? "" : " " + all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        tail.add("[\(event.level)] \(event.message)\(shown) (\(event.file):\(event.line))")
    }
}

private struct Fixture: Sendable {
    let engine: Engine
    let clock: ManualWallClock
    let directory: String
    let backupDirectory: String
    let logTail: LogTail
    let echo: Bool
    /// The store is in RAPPORT_FUZZ_DIR: kept, and never replaced.
    let keep: Bool
}

/// 2026-03-01T10:00:00Z, when the seeded records are made.
private let startTime = Timestamp(millisecondsSince1970: 1_772_359_200_000)

private func makeFixture() -> Fixture {
    let directory: String
    let keep: Bool
    if let chosen = ProcessInfo.processInfo.environment["RAPPORT_FUZZ_DIR"], !chosen.isEmpty {
        try? FileManager.default.createDirectory(atPath: chosen, withIntermediateDirectories: true)
        directory = chosen
        keep = true
    } else {
        let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array("\(base)/rapport-fuzz-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { fatalError("FuzzDispatcher: mkdtemp failed in \(base)") }
        directory = String(cString: made)
        keep = false
    }
    let tail = LogTail()
    let logger = Logger(label: "rapport.fuzz") { _ in TailLogHandler(tail: tail) }
    let backups = directory + "/backups"
    let clock = ManualWallClock(startTime)
    let configuration = EngineConfiguration(
        databasePath: directory + "/fuzz.sqlite",
        storeOptions: StoreOptions(durability: .normal, identifiers: IdentifierSource(seed: 1)),
        limits: .default,
        clock: clock,
        logger: logger,
        backupDirectory: backups)
    let engine: Engine
    do {
        engine = try Engine(configuration: configuration)
    } catch {
        fatalError("FuzzDispatcher: the engine did not open at \(configuration.databasePath): \(error)")
    }
    FileHandle.standardError.write(Data("FuzzDispatcher: store at \(configuration.databasePath)\n".utf8))
    if !keep {
        if fixtureDirectoryForCleanup == nil {
            atexit {
                // A normal exit (-runs, -max_total_time): the store goes; after a crash it stays.
                if let directory = fixtureDirectoryForCleanup { try? FileManager.default.removeItem(atPath: directory) }
            }
        }
        fixtureDirectoryForCleanup = directory
    }
    let echo = ProcessInfo.processInfo.environment["RAPPORT_FUZZ_ECHO"].map { !$0.isEmpty && $0 != "0" } ?? false
    return Fixture(
        engine: engine, clock: clock, directory: directory, backupDirectory: backups, logTail: tail, echo: echo, keep: keep)
}

nonisolated(unsafe) private var fixtureDirectoryForCleanup: String?

/// Opened on first use (`LLVMFuzzerInitialize` uses it first), and replaced only between two
/// inputs, when no request is in flight (`replaceStoreIfDue`).
nonisolated(unsafe) private var fixture = makeFixture()

/// See RAPPORT_FUZZ_FRESH_STORE_EVERY at the top.
private let freshStoreEvery = ProcessInfo.processInfo.environment["RAPPORT_FUZZ_FRESH_STORE_EVERY"].flatMap { Int($0) } ?? 20_000

nonisolated(unsafe) private var inputsOnThisStore = 0

/// Swaps the store for a new, freshly seeded one once it has run `freshStoreEvery` inputs
/// (never a store in RAPPORT_FUZZ_DIR). The new store starts from the same clock and seed, so
/// the corpus's ids hold on it.
private func replaceStoreIfDue() {
    inputsOnThisStore += 1
    guard freshStoreEvery > 0, inputsOnThisStore >= freshStoreEvery, !fixture.keep else { return }
    inputsOnThisStore = 0
    let old = fixture
    old.engine.close()
    try? FileManager.default.removeItem(atPath: old.directory)
    fixture = makeFixture()
    seed()
}

// MARK: - Seeded records

/// The seed's requests, in order; `{name}` is replaced by an id an earlier request made (the
/// request's `result` member `path`, under `name`).
private let seedLines: [(name: String?, path: [String], line: String)] = [
    (nil, [], #"{"method":"store.configure","params":{"name":"Fuzz shop","currency":"EUR"}}"#),
    (nil, [], #"{"method":"loyalty.configure","params":{"earnRate":{"points":5,"per":10000},"pendingDays":0,"expiryDays":365}}"#),
    ("customer1", ["id"], #"{"method":"customers.create","params":{"name":"Anna Petrova","email":"anna@example.com","phone":"+7 999 123-45-67","birthday":"--03-14","externalId":"x-anna","tags":["vip"],"attributes":{"city":"Moscow"},"consent":{"email":true,"sms":false},"source":"ad"}}"#),
    ("customer2", ["id"], #"{"method":"customers.create","params":{"name":"Boris Ivanov","email":"boris@example.com","externalId":"x-boris","source":"organic"}}"#),
    ("customer3", ["id"], #"{"method":"customers.create","params":{"name":"李小龍","phone":"+1 415 555 0100","externalId":"x-chen","locale":"zh-CN","tags":["new"]}}"#),
    ("customer4", ["id"], #"{"method":"customers.create","params":{"externalId":"x-dana","birthday":"1990-05-17"}}"#),
    ("order1", ["order", "id"], #"{"method":"orders.record","params":{"customerId":"{customer1}","externalId":"o-1","amount":125000,"items":[{"sku":"SKU-1","category":"food","quantity":2,"price":50000},{"sku":"SKU-2","quantity":1,"price":25000}],"channel":"web"}}"#),
    ("order2", ["order", "id"], #"{"method":"orders.record","params":{"customerId":"{customer1}","externalId":"o-2","amount":9900}}"#),
    ("order3", ["order", "id"], #"{"method":"orders.record","params":{"customerId":"{customer2}","externalId":"o-3","amount":500000}}"#),
    (nil, [], #"{"method":"loyalty.earn","params":{"customerId":"{customer1}","points":1000,"reason":"welcome"}}"#),
    ("offer1", ["id"], #"{"method":"offers.create","params":{"name":"Ten percent","kind":"percent","value":10,"validDays":30}}"#),
    ("offer2", ["id"], #"{"method":"offers.create","params":{"name":"Bonus points","kind":"points","value":200,"validDays":365,"perCustomerLimit":5}}"#),
    ("coupon1", ["code"], #"{"method":"coupons.issue","params":{"offerId":"{offer1}","customerId":"{customer1}"}}"#),
    ("segment1", ["id"], #"{"method":"segments.create","params":{"name":"VIP","rule":{"field":"tags","op":"contains","value":"vip"}}}"#),
    ("referral1", ["code"], #"{"method":"referrals.code","params":{"customerId":"{customer1}"}}"#),
    (nil, [], #"{"method":"interactions.log","params":{"customerId":"{customer2}","channel":"email","direction":"out","kind":"message","summary":"Welcome!"}}"#),
    (nil, [], #"{"method":"carts.update","params":{"customerId":"{customer3}","items":[{"sku":"SKU-9","quantity":1,"price":1500}]}}"#),
]

/// Runs one request line of the seed (or of a dump) and answers its result; any error is fatal.
private func seedCall(_ line: String) -> JSONValue {
    let bytes = Array(#"{"jsonrpc":"2.0","id":1,"#.utf8) + Array(line.utf8.dropFirst())
    let context = Context(input: UnsafeRawBufferPointer(start: nil, count: 0), line: bytes)
    guard let reply = dispatchChecked(bytes, session: Session(peer: .inProcess("fuzz-seed")), context) else {
        context.fail("the seed got no reply")
    }
    guard let result = (try? JSONParser.parse(reply.dropLast(), limits: replyLimits))?["result"] else {
        context.fail("the seed failed", reply: reply)
    }
    return result
}

private func write(_ value: JSONValue, toFileNamedIn variable: String) {
    guard let path = ProcessInfo.processInfo.environment[variable], !path.isEmpty else { return }
    _ = FileManager.default.createFile(atPath: path, contents: Data(value.prettyPrinted().utf8))
}

/// Makes the seeded records (on a new store; an existing one keeps its own) and writes the dumps asked for.
private func seed() {
    var ids = JSONObject()
    let fresh = seedCall(#"{"method":"customers.list","params":{"limit":1}}"#)["items"]?.arrayValue?.isEmpty ?? true
    if fresh {
        for (name, path, template) in seedLines {
            var line = template
            for (key, value) in ids { line = line.replacingOccurrences(of: "{\(key)}", with: value.stringValue ?? "") }
            var result = seedCall(line)
            for key in path { result = result[key] ?? .null }
            if let name {
                guard case .string = result else { fatalError("FuzzDispatcher: the seed's \(name) has no \(path.joined(separator: ".")): \(line)") }
                ids.append(key: name, value: result)
            }
        }
    }
    write(.object(ids), toFileNamedIn: "RAPPORT_FUZZ_SEED_IDS")
    discoveryResult = fetchDiscoveryResult()
    if ProcessInfo.processInfo.environment["RAPPORT_FUZZ_DISCOVER"] != nil, let document = try? JSONParser.parse(discoveryResult, limits: replyLimits) {
        write(document, toFileNamedIn: "RAPPORT_FUZZ_DISCOVER")
    }
    if fresh {
        FileHandle.standardError.write(Data("FuzzDispatcher: seeded \(ids.map { "\($0.key)=\($0.value.stringValue ?? "?")" }.joined(separator: " "))\n".utf8))
    }
}

/// What the dispatcher answers `rpc.discover` with, between `"result":` and the reply's closing
/// brace: about 160 KB, the same all run long, and checked in full once, at start. Set before the
/// first input and never again.
nonisolated(unsafe) private var discoveryResult: [UInt8] = []

private func fetchDiscoveryResult() -> [UInt8] {
    let line = Array(#"{"jsonrpc":"2.0","id":1,"method":"rpc.discover"}"#.utf8)
    let context = Context(input: UnsafeRawBufferPointer(start: nil, count: 0), line: line)
    guard let reply = dispatchChecked(line, session: Session(peer: .inProcess("fuzz-seed")), context) else {
        context.fail("rpc.discover got no reply")
    }
    let prefix = Array(#"{"jsonrpc":"2.0","id":1,"result":"#.utf8)
    guard reply.starts(with: prefix), reply.suffix(2).elementsEqual("}\n".utf8) else {
        context.fail("rpc.discover's reply is not the envelope expected", reply: reply)
    }
    return Array(reply[prefix.count..<(reply.count - 2)])
}

/// `reply` with every copy of the discovery document replaced by `{}`.
///
/// Inputs call `rpc.discover` often (alone and in batches), and parsing its 160 KB with the
/// coverage-instrumented parser took a third of every execution; the document never changes and
/// was checked at start, so a reply is checked with it cut out. (It cannot occur inside a JSON
/// string: its quotes would be escaped there.)
private func elidingDiscovery(_ reply: [UInt8]) -> [UInt8] {
    let document = discoveryResult
    guard !document.isEmpty, reply.count >= document.count else { return reply }
    return reply.withUnsafeBytes { haystack in
        document.withUnsafeBytes { needle in
            var elided: [UInt8] = []
            var start = 0
            while let offset = find(needle, in: haystack, from: start) {
                elided += haystack[start..<offset]
                elided += "{}".utf8
                start = offset + needle.count
            }
            guard start > 0 else { return reply }
            elided += haystack[start...]
            return elided
        }
    }
}

/// Where `needle` first occurs in `haystack` at or after `start` (memchr for its first byte, then memcmp).
private func find(_ needle: UnsafeRawBufferPointer, in haystack: UnsafeRawBufferPointer, from start: Int) -> Int? {
    var at = start
    while haystack.count - at >= needle.count {
        guard let hit = memchr(haystack.baseAddress! + at, Int32(needle[0]), haystack.count - at - needle.count + 1) else { return nil }
        let offset = haystack.baseAddress!.distance(to: UnsafeRawPointer(hit))
        if memcmp(hit, needle.baseAddress!, needle.count) == 0 { return offset }
        at = offset + 1
    }
    return nil
}

// MARK: - Checks

/// What is being checked, for the failure message.
private struct Context {
    let input: UnsafeRawBufferPointer
    let line: [UInt8]?

    func fail(_ problem: String, reply: [UInt8]? = nil) -> Never {
        var message = "FuzzDispatcher: \(problem)\n"
        if let line {
            message += "  line (\(line.count) bytes): \(show(line))\n"
        }
        if let reply { message += "  reply (\(reply.count) bytes): \(show(reply))\n" }
        message += "  input (\(input.count) bytes): \(show(Array(input)))\n"
        message += "  engine log: \(fixture.logTail.text)"
        fatalError(message)
    }

    private func show(_ bytes: [UInt8]) -> String {
        let limit = 4000
        let text = String(decoding: bytes.prefix(limit), as: UTF8.self).debugDescription
        return bytes.count > limit ? text + " …(\(bytes.count - limit) more bytes)" : text
    }
}

/// Replies can nest deeper than a request may (a result wraps what was stored) and hold longer strings.
private let replyLimits = JSONLimits(maxDepth: 4096, maxStringBytes: Int.max)

/// Parses one complete line (`\n` at the end and nowhere else).
private func parseLine(_ bytes: [UInt8], _ what: String, _ context: Context) -> JSONValue {
    guard bytes.last == UInt8(ascii: "\n") else { context.fail("\(what) does not end with a newline", reply: bytes) }
    let body = bytes.dropLast()
    if body.contains(UInt8(ascii: "\n")) { context.fail("\(what) holds a raw newline before its end", reply: bytes) }
    do {
        return try JSONParser.parse(body, limits: replyLimits)
    } catch {
        context.fail("\(what) is not JSON: \(error)", reply: bytes)
    }
}

private func memberCount(_ object: JSONObject, _ key: String) -> Int {
    object.keys.lazy.filter { $0 == key }.count
}

/// Checks one response object; `requestID` is the id of the request it answers, when known.
private func checkResponse(_ value: JSONValue, requestID: JSONValue?, reply: [UInt8], _ context: Context) {
    guard case .object(let object) = value else { context.fail("a response is not an object", reply: reply) }
    var seen = Set<String>()
    for key in object.keys where !seen.insert(key).inserted {
        context.fail("a response repeats the member \"\(key)\"", reply: reply)
    }
    guard object["jsonrpc"] == .string("2.0") else { context.fail("a response lacks \"jsonrpc\":\"2.0\"", reply: reply) }
    guard let id = object["id"] else { context.fail("a response has no id", reply: reply) }
    switch id {
    case .null, .int, .bigInteger, .string, .double: break
    default: context.fail("a response id is neither null, a number nor a string", reply: reply)
    }
    let result = object["result"]
    let error = object["error"]
    guard (result == nil) != (error == nil) else {
        context.fail("a response must hold exactly one of result and error", reply: reply)
    }
    for key in object.keys where !["jsonrpc", "id", "result", "error"].contains(key) {
        context.fail("a response has the unexpected member \"\(key)\"", reply: reply)
    }
    if let error {
        guard case .object(let fields) = error else { context.fail("an error is not an object", reply: reply) }
        guard case .int(let code) = fields["code"] else { context.fail("an error has no integer code", reply: reply) }
        if code == -32603 { context.fail("error -32603 (internal)", reply: reply) }
        guard case .string = fields["message"] else { context.fail("an error has no string message", reply: reply) }
        guard case .string(let reason) = fields["data"]?["reason"] else {
            context.fail("an error has no string data.reason", reply: reply)
        }
        if reason == "internal" { context.fail("an error with reason \"internal\" (code \(code))", reply: reply) }
    } else if let requestID, requestID != id {
        context.fail("a result echoes the id \(id.jsonString), not the request's \(requestID.jsonString)", reply: reply)
    }
}

/// The id a request object carries, if its envelope is one the dispatcher accepts enough to echo.
private func requestID(of request: JSONValue?) -> JSONValue? {
    guard case .object(let object)? = request, memberCount(object, "id") == 1, let id = object["id"] else { return nil }
    switch id {
    case .int, .bigInteger, .string: return id
    default: return nil
    }
}

private func checkReply(_ reply: [UInt8], line: [UInt8]?, _ context: Context) {
    let value = parseLine(elidingDiscovery(reply), "the reply", context)
    // The request as the dispatcher read it, to compare ids; nil when it is not JSON.
    let request = line.flatMap { try? JSONParser.parse($0, limits: JSONLimits()) }
    switch value {
    case .array(let responses):
        guard !responses.isEmpty else { context.fail("an empty batch reply", reply: reply) }
        guard case .array(let requests)? = request else { context.fail("an array reply to a line that is not a batch", reply: reply) }
        if responses.count > requests.count { context.fail("a batch reply with more responses than requests", reply: reply) }
        for response in responses { checkResponse(response, requestID: nil, reply: reply, context) }
    case .object:
        checkResponse(value, requestID: requestID(of: request), reply: reply, context)
    default:
        context.fail("the reply is neither an object nor an array", reply: reply)
    }
}

/// Checks a notification the engine pushed to the session.
private func checkNotification(_ bytes: [UInt8], _ context: Context) {
    let value = parseLine(bytes, "a notification", context)
    guard case .object(let object) = value, object["jsonrpc"] == .string("2.0"),
          case .string = object["method"], object["id"] == nil
    else { context.fail("a notification is not a JSON-RPC 2.0 notification", reply: bytes) }
}

// MARK: - One line

/// The completion of one `.pending` line: called at most once, only when pending.
private final class Completion: Sendable {
    private struct State {
        var reply: [UInt8]?? = nil
        var calls = 0
        /// Set once the outcome was not `.pending`: any call is then a bug.
        var forbidden = false
    }

    private let state = Mutex(State())
    private let done = DispatchSemaphore(value: 0)

    func call(_ reply: [UInt8]?) {
        let (calls, forbidden) = state.withLock { state in
            state.calls += 1
            if state.calls == 1 { state.reply = .some(reply) }
            return (state.calls, state.forbidden)
        }
        if forbidden || calls > 1 {
            fatalError("FuzzDispatcher: a completion was called \(forbidden ? "for an outcome that was not .pending" : "\(calls) times")"
                + "; reply: \(String(decoding: reply ?? [], as: UTF8.self).debugDescription); engine log: \(fixture.logTail.text)")
        }
        done.signal()
    }

    func forbid() -> Int {
        state.withLock { state in
            state.forbidden = true
            return state.calls
        }
    }

    /// Waits for the call; nil on timeout.
    func wait(seconds: Double) -> [UInt8]?? {
        guard done.wait(timeout: .now() + seconds) == .success else { return nil }
        return state.withLock { $0.reply }
    }
}

private func run(_ frame: LineFramer.Frame, session: Session, input: UnsafeRawBufferPointer) {
    let dispatcher = fixture.engine.dispatcher
    switch frame {
    case .tooLong:
        let limit = dispatcher.limits.maxLineBytes
        let reply = dispatcher.limitReply("maxLineBytes", max: limit, "a line may hold at most \(limit) bytes; the rest of this one was discarded")
        checkReply(reply, line: nil, Context(input: input, line: nil))
    case .line(let buffer):
        let line = Array(buffer.readableBytesView)
        _ = dispatchChecked(line, session: session, Context(input: input, line: line))
    }
}

/// Sends one line to the dispatcher, waits for its reply if it is pending, and checks it.
///
/// - Returns: The reply line, or nil when there is none (notifications only).
@discardableResult
private func dispatchChecked(_ line: [UInt8], session: Session, _ context: Context) -> [UInt8]? {
    let completion = Completion()
    let outcome = line.withUnsafeBytes { fixture.engine.dispatcher.handle(line: $0, session: session, completion: completion.call) }
    let reply: [UInt8]?
    switch outcome {
    case .reply(let bytes):
        if completion.forbid() > 0 { context.fail("the completion was called and the outcome was .reply", reply: bytes) }
        reply = bytes
    case .noReply:
        if completion.forbid() > 0 { context.fail("the completion was called and the outcome was .noReply") }
        reply = nil
    case .pending:
        guard let answer = completion.wait(seconds: 9) else {
            context.fail("a .pending line had no completion within 9 seconds")
        }
        reply = answer
    }
    if fixture.echo {
        let shown = reply.map { String(decoding: $0.dropLast(), as: UTF8.self) } ?? "(no reply)"
        FileHandle.standardError.write(Data("> \(String(decoding: line, as: UTF8.self))\n< \(shown)\n".utf8))
    }
    if let reply { checkReply(reply, line: line, context) }
    return reply
}

/// Drops backups as soon as an input may have made one, so that the disk does not fill with copies.
private func clearBackups() {
    let files = (try? FileManager.default.contentsOfDirectory(atPath: fixture.backupDirectory)) ?? []
    for file in files { try? FileManager.default.removeItem(atPath: fixture.backupDirectory + "/" + file) }
}

private func mentionsBackup(_ input: UnsafeRawBufferPointer) -> Bool {
    guard input.baseAddress != nil else { return false }
    return "backup".utf8CString.withUnsafeBytes { find(UnsafeRawBufferPointer(rebasing: $0.dropLast()), in: input, from: 0) != nil }
}

// MARK: - Entry points

/// LeakSanitizer's built-in suppressions (LSan calls this if it is defined).
///
/// A Swift weak reference makes a side table for its object and keeps the table's address in
/// the object's reference-count word, shifted and flagged, where LeakSanitizer cannot recognise
/// it: the 32-byte table of a live object (here the engine's `EventStream`, once
/// `events.subscribe` has made a `Subscription` with its `weak let stream`) is reported as a
/// direct leak. It is not one.
///
/// `SegmentRule` is an `indirect enum` with four cases: a value of it is a box pointer with the
/// case in the pointer's spare bits, which LeakSanitizer does not recognise either. A rule still
/// alive when LSan looks (most likely on the reader thread, which answers before it drops the
/// request) is reported as a direct leak of its boxes, allocated in `SegmentRuleReader.rule`:
/// seen once in 60,921 executions (crashes/FuzzDispatcher-leak-7773ef03…), not reproducible
/// from its input, and 1,000 `segments.preview` calls in one input leak nothing.
///
/// Every other leak report still stops the fuzzer. (LSan asks for these when it first checks,
/// after start-up; `__lsan_default_options`, which ASan reads before the Swift code can run,
/// crashes, so run.sh sets `LSAN_OPTIONS=print_suppressions=0` instead.)
@_cdecl("__lsan_default_suppressions")
public func leakSanitizerSuppressions() -> UnsafePointer<CChar> {
    let text: StaticString = """
        leak:swift::RefCounts*formWeakReference
        leak:SegmentRuleReader

        """  // null-terminated in the binary
    return UnsafeRawPointer(text.utf8Start).assumingMemoryBound(to: CChar.self)
}

/// Opens the engine and seeds it before the first input, so that no input pays for it.
@_cdecl("LLVMFuzzerInitialize")
public func fuzzDispatcherInitialize(_ argc: UnsafeMutablePointer<CInt>?, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?) -> CInt {
    seed()
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDispatcher(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let input = UnsafeRawBufferPointer(start: start, count: count)
    let session = Session(peer: .inProcess("fuzz")) { notification in
        checkNotification(notification, Context(input: UnsafeRawBufferPointer(start: nil, count: 0), line: nil))
    }
    var framer = LineFramer(maxLineBytes: ProtocolLimits.default.maxLineBytes)
    var buffer = ByteBuffer(bytes: input)
    while let frame = framer.next(from: &buffer) {
        run(frame, session: session, input: input)
    }
    if let last = framer.finish(&buffer) {
        run(last, session: session, input: input)
    }
    session.close()
    if mentionsBackup(input) { clearBackups() }
    fixture.clock.advance(seconds: 1)
    replaceStoreIfDue()
    return 0
}
