public import RapportCore
public import RapportJSON
import Synchronization

/// Turns request lines into response lines: the whole of JSON-RPC 2.0, independent of any transport.
///
/// The dispatcher parses a line once, validates the envelope (-32700, -32600), looks the method
/// up (-32601), lets the method's handler decode its typed params (-32602) and run, and encodes
/// the response. Cheap methods answer synchronously, so a transport can reply without leaving its
/// thread; the others answer later through the completion. Batches are answered with one array
/// line in request order; notifications are executed and never answered.
///
/// ```swift
/// let outcome = dispatcher.handle(line: bytes, session: session) { reply in write(reply) }
/// if case .reply(let line) = outcome { write(line) }
/// ```
public final class Dispatcher: Sendable {
    /// What became of a line.
    public enum Outcome: Sendable {
        /// Nothing to send: the line held only notifications.
        case noReply
        /// The response line, `\n` included, ready now.
        case reply([UInt8])
        /// The response comes later through the completion, which receives nil if it turns out
        /// there is nothing to send.
        case pending
    }

    /// The methods served.
    public let registry: MethodRegistry
    /// The limits enforced.
    public let limits: ProtocolLimits
    private let reportInternalError: @Sendable (_ method: String, _ error: any Error) -> Void
    /// Running totals, shared with `server.info`.
    public let counters: RequestCounters

    /// Creates a dispatcher; `reportInternalError` hears of every unexpected error before it is
    /// answered as a bare `internal` error (the engine logs it).
    public init(
        registry: MethodRegistry,
        limits: ProtocolLimits = .default,
        counters: RequestCounters = RequestCounters(),
        reportInternalError: @escaping @Sendable (_ method: String, _ error: any Error) -> Void = { _, _ in }
    ) {
        self.registry = registry
        self.limits = limits
        self.counters = counters
        self.reportInternalError = reportInternalError
    }

    /// Handles one line (without its `\n`).
    ///
    /// - Parameters:
    ///   - line: The bytes of the line.
    ///   - session: The caller's session.
    ///   - completion: Called exactly once, from any thread, when the outcome is `.pending`;
    ///     never called otherwise.
    /// - Returns: The reply if it is ready now, or `.pending`.
    public func handle(
        line: UnsafeRawBufferPointer, session: Session, completion: @escaping @Sendable ([UInt8]?) -> Void
    ) -> Outcome {
        let value: JSONValue
        do {
            value = try JSONParser.parse(line, limits: JSONLimits(maxDepth: limits.maxDepth, maxStringBytes: limits.maxStringBytes))
        } catch {
            counters.countRequest()
            return .reply(Self.finishLine(errorResponse(id: .null, error: Self.rapportError(for: error, limits: limits))))
        }
        guard case .array(let batch) = value else {
            return respond(to: value, session: session) { completion($0.map(Self.finishLine)) }.map(Self.finishLine)
        }
        guard !batch.isEmpty else {
            counters.countRequest()
            return .reply(Self.finishLine(errorResponse(id: .null, error: RapportError(.invalidRequest, "a batch must hold at least one request"))))
        }
        guard batch.count <= limits.maxBatchSize else {
            counters.countRequest()
            let error = RapportError.limitExceeded(
                "maxBatchSize", max: limits.maxBatchSize,
                "a batch may hold at most \(limits.maxBatchSize) requests, this one holds \(batch.count)")
            return .reply(Self.finishLine(errorResponse(id: .null, error: error)))
        }
        return respond(toBatch: batch, session: session, completion: completion)
    }

    /// Runs one method directly, without an envelope: the in-process path of the engine.
    ///
    /// - Returns: `.finished` with the result, or `.pending` when `completion` will be called.
    public func invoke(
        _ method: String, params: JSONValue?, context: CallContext, completion: @escaping MethodCompletion
    ) -> Invocation {
        counters.countRequest()
        guard let entry = registry.entry(named: method) else {
            return .finished(.failure(RapportError(.methodNotFound, "no method named \"\(method)\"", field: "method")))
        }
        return entry.handler(params, context, completion)
    }

    /// The reply line a transport sends when a limit it enforces (line length, connections) is hit.
    public func limitReply(_ limit: String, max: Int, _ message: String) -> [UInt8] {
        refusalReply(.limitExceeded(limit, max: max, message))
    }

    /// The reply line a transport sends when it refuses a line or a connection itself.
    public func refusalReply(_ error: RapportError) -> [UInt8] {
        counters.countRequest()
        return Self.finishLine(errorResponse(id: .null, error: error))
    }

    // MARK: - Batches

    private func respond(toBatch batch: [JSONValue], session: Session, completion: @escaping @Sendable ([UInt8]?) -> Void) -> Outcome {
        let collector = BatchCollector(count: batch.count, completion: completion)
        for (index, element) in batch.enumerated() {
            switch respond(to: element, session: session, completion: { collector.fill(index, with: $0) }) {
            case .reply(let bytes): collector.fill(index, with: bytes)
            case .noReply: collector.fill(index, with: nil)
            case .pending: break
            }
        }
        return collector.finishFilling()
    }

    // MARK: - One request

    /// Answers one request object; replies here are bare JSON objects without the newline.
    private func respond(to value: JSONValue, session: Session, completion: @escaping @Sendable ([UInt8]?) -> Void) -> Outcome {
        counters.countRequest()
        let request: Request
        switch Request.validate(value) {
        case .success(let valid): request = valid
        case .failure(let failure): return .reply(errorResponse(id: failure.id, error: failure.error))
        }
        guard let entry = registry.entry(named: request.method) else {
            guard let id = request.id else { return .noReply }
            return .reply(
                errorResponse(
                    id: id,
                    error: RapportError(
                        .methodNotFound, "no method named \"\(request.method)\"; rpc.discover lists them", field: "method")))
        }
        var params = request.params
        var options = CallOptions()
        if entry.descriptor.isMutating {
            do {
                options = try Self.extractCallOptions(from: &params)
            } catch {
                guard let id = request.id else { return .noReply }
                return .reply(errorResponse(id: id, error: error))
            }
        }
        let context = CallContext(session: session, method: request.method, options: options)
        let id = request.id
        let invocation = entry.handler(params, context) { [self] result in
            completion(id.map { response(id: $0, method: request.method, result: result) })
        }
        switch invocation {
        case .finished(let result):
            guard let id else { return .noReply }
            return .reply(response(id: id, method: request.method, result: result))
        case .pending:
            return .pending
        }
    }

    /// Removes `idempotencyKey` and `dryRun` from a mutation's params and checks their types; each
    /// may appear once, as every member (`{"dryRun":false,"dryRun":true}` is refused, not read
    /// as either).
    private static func extractCallOptions(from params: inout JSONValue?) throws(RapportError) -> CallOptions {
        guard case .object(var object)? = params else { return CallOptions() }
        for key in ["idempotencyKey", "dryRun"] where object.keys.lazy.filter({ $0 == key }).count > 1 {
            throw RapportError(.invalidParams, "duplicate field \"\(key)\"", field: key)
        }
        var options = CallOptions()
        if let key = object.removeValue(forKey: "idempotencyKey") {
            guard case .string(let text) = key, !text.isEmpty, text.utf8.count <= 255 else {
                throw RapportError(.invalidParams, "idempotencyKey must be a string of 1 to 255 bytes", field: "idempotencyKey")
            }
            options.idempotencyKey = text
        }
        if let dryRun = object.removeValue(forKey: "dryRun") {
            guard case .bool(let flag) = dryRun else {
                throw RapportError(.invalidParams, "dryRun must be true or false", field: "dryRun")
            }
            options.dryRun = flag
        }
        params = .object(object)
        return options
    }

    // MARK: - Encoding

    private func response(id: JSONValue, method: String, result: Result<JSONValue, any Error>) -> [UInt8] {
        switch result {
        case .success(let value):
            var bytes: [UInt8] = []
            bytes.reserveCapacity(64)
            bytes.append(contentsOf: #"{"jsonrpc":"2.0","id":"#.utf8)
            id.write(into: &bytes)
            bytes.append(contentsOf: #","result":"#.utf8)
            value.write(into: &bytes)
            bytes.append(UInt8(ascii: "}"))
            return bytes
        case .failure(let error as RapportError):
            return errorResponse(id: id, error: error)
        case .failure(let error):
            reportInternalError(method, error)
            return errorResponse(id: id, error: RapportError(.internal, "internal error; the server log has the details"))
        }
    }

    private func errorResponse(id: JSONValue, error: RapportError) -> [UInt8] {
        counters.countError()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(128)
        bytes.append(contentsOf: #"{"jsonrpc":"2.0","id":"#.utf8)
        id.write(into: &bytes)
        bytes.append(contentsOf: #","error":"#.utf8)
        error.wireObject.write(into: &bytes)
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    private static func finishLine(_ bytes: [UInt8]) -> [UInt8] {
        var line = bytes
        line.append(UInt8(ascii: "\n"))
        return line
    }

    static func rapportError(for error: JSONParseError, limits: ProtocolLimits) -> RapportError {
        switch error {
        case .tooDeep:
            .limitExceeded("maxDepth", max: limits.maxDepth, "arrays and objects may nest at most \(limits.maxDepth) deep")
        case .stringTooLong:
            .limitExceeded("maxStringBytes", max: limits.maxStringBytes, "strings and keys may hold at most \(limits.maxStringBytes) bytes")
        case .syntax, .invalidUTF8:
            RapportError(.parseError, "invalid JSON: \(error)")
        }
    }
}

extension Dispatcher.Outcome {
    fileprivate func map(_ transform: ([UInt8]) -> [UInt8]) -> Dispatcher.Outcome {
        if case .reply(let bytes) = self { return .reply(transform(bytes)) }
        return self
    }
}

/// Gathers the answers of a batch, in request order, however and whenever they arrive.
private final class BatchCollector: Sendable {
    private struct State {
        var responses: [[UInt8]?]
        /// Answers still missing, plus one held by the loop that fills the batch.
        var remaining: Int
    }

    private let state: Mutex<State>
    private let completion: @Sendable ([UInt8]?) -> Void

    init(count: Int, completion: @escaping @Sendable ([UInt8]?) -> Void) {
        state = Mutex(State(responses: Array(repeating: nil, count: count), remaining: count + 1))
        self.completion = completion
    }

    func fill(_ index: Int, with response: [UInt8]?) {
        if case .some(let line) = arrive({ $0.responses[index] = response }) {
            completion(line)
        }
    }

    /// Called once the loop has handed out every request: the reply if all are in, else `.pending`.
    func finishFilling() -> Dispatcher.Outcome {
        switch arrive({ _ in }) {
        case .none: .pending
        case .some(.none): .noReply
        case .some(.some(let line)): .reply(line)
        }
    }

    /// Records one arrival. Returns nil while answers are missing; once the last arrives, the
    /// assembled line, or `.some(nil)` if every member was a notification.
    private func arrive(_ record: (inout State) -> Void) -> [UInt8]?? {
        let finished: [[UInt8]?]? = state.withLock { state in
            record(&state)
            state.remaining -= 1
            return state.remaining == 0 ? state.responses : nil
        }
        guard let finished else { return nil }
        let present = finished.compactMap { $0 }
        guard !present.isEmpty else { return .some(nil) }
        var line: [UInt8] = [UInt8(ascii: "[")]
        for (index, response) in present.enumerated() {
            if index > 0 { line.append(UInt8(ascii: ",")) }
            line.append(contentsOf: response)
        }
        line.append(contentsOf: "]\n".utf8)
        return .some(line)
    }
}
