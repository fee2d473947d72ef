import Dispatch
import RapportCore
import RapportJSON
public import RapportRPC

/// Where a module registers its methods, each bound to how it runs: on the caller's thread, in a
/// batched read transaction, or in a savepoint of a group-committed write.
///
/// A connection's reads and writes take effect in the order it sent them (``RequestOrder``).
/// Write registration adds what every mutation gets: `idempotencyKey` replay (stored with the
/// result, in the same transaction), `dryRun` (rolled back, answered with the would-be result and
/// events) and one audit row.
///
/// ```swift
/// registrar.read(CustomersGet.self) { params, context in try service.get(params, in: context.db) }
/// registrar.write(OrdersRecord.self) { params, context in try service.record(params, in: context) }
/// ```
public struct ModuleRegistrar: Sendable {
    /// The open store.
    public let store: Store
    /// The registry being filled.
    public private(set) var methods: MethodRegistry

    /// Creates a registrar that adds to `methods`.
    public init(store: Store, methods: MethodRegistry = MethodRegistry()) {
        self.store = store
        self.methods = methods
    }

    /// Registers a method that answers at once without storage.
    public mutating func immediate<M: RPCMethod>(
        _ method: M.Type, _ body: @escaping @Sendable (M.Params, CallContext) throws -> M.Result
    ) {
        methods.register(method, immediate: body)
    }

    /// Registers a method with a raw handler, for methods that manage their own execution.
    public mutating func custom<M: RPCMethod>(_ method: M.Type, _ handler: @escaping MethodRegistry.Handler) {
        methods.register(method, handler: handler)
    }

    /// Registers a method that runs in a shared read transaction.
    public mutating func read<M: RPCMethod>(
        _ method: M.Type, _ body: @escaping @Sendable (M.Params, ReadContext) throws -> M.Result
    ) {
        let store = self.store
        methods.register(method) { rawParams, call, completion in
            let params: M.Params
            do {
                params = try MethodRegistry.decodeParams(M.self, from: rawParams)
            } catch {
                return .finished(.failure(error))
            }
            let session = call.session
            RequestOrder.start(.read, in: session) {
                store.read({ context in try JSONValueEncoder().encode(body(params, context)) }) { result in
                    completion(result)
                    RequestOrder.end(in: session)
                }
            }
            return .pending
        }
    }

    /// Registers a mutating method that runs in its own savepoint of a group-committed write.
    public mutating func write<M: RPCMethod>(
        _ method: M.Type, _ body: @escaping @Sendable (M.Params, WriteContext) throws -> M.Result
    ) {
        let store = self.store
        registerMutation(M.self) { params, canonicalParams, options, actor, finish in
            store.write(actor: actor, method: M.name, dryRun: options.dryRun) { context in
                try Self.perform(M.self, params, canonicalParams: canonicalParams, options: options, in: context, body)
            } completion: { result in
                finish(result.map { outcome in options.dryRun ? Self.dryRunResult(outcome) : outcome.value })
            }
        }
    }

    /// Registers a mutation over many rows that commits in steps, so that other requests run
    /// between them: each step is its own savepoint of a group-committed transaction and must stay
    /// short (tens of milliseconds), and the next step waits while the checkpointer is behind
    /// (``Store/waitForCheckpoints(then:)``).
    ///
    /// `step` gets the progress so far (`start` at first) and answers `.next(progress)` to run
    /// again or `.done(result)`. The idempotency key is checked before the first step and saved,
    /// with the audit row, in the last. A dry run runs every step in one transaction, rolled back.
    public mutating func steppedWrite<M: RPCMethod, Progress: Sendable>(
        _ method: M.Type, start: Progress,
        _ step: @escaping @Sendable (M.Params, Progress, WriteContext) throws -> WriteStep<Progress, M.Result>
    ) {
        let store = self.store
        registerMutation(M.self) { params, canonicalParams, options, actor, finish in
            guard options.dryRun else {
                Self.runStep(
                    M.self, params, start, isFirst: true, canonicalParams: canonicalParams, options: options, actor: actor,
                    store: store, step: step, completion: finish)
                return
            }
            store.write(actor: actor, method: M.name, dryRun: true) { context in
                try Self.perform(M.self, params, canonicalParams: nil, options: options, in: context) { params, context in
                    var progress = start
                    while true {
                        switch try step(params, progress, context) {
                        case .next(let next): progress = next
                        case .done(let result): return result
                        }
                    }
                }
            } completion: { result in
                finish(result.map(Self.dryRunResult))
            }
        }
    }

    /// Registers a mutation whose heavy part works on a snapshot, off the writer: `read` takes
    /// what it needs in a read transaction, `compute` works on it on a background queue (a model
    /// fit that takes seconds), and `commit` stores the outcome in its own savepoint of a
    /// group-committed write, with idempotency, dry run and audit like ``write(_:_:)``. Writers
    /// wait only for `commit`.
    public mutating func preparedWrite<M: RPCMethod, Snapshot: Sendable, Prepared: Sendable>(
        _ method: M.Type,
        read: @escaping @Sendable (M.Params, ReadContext) throws -> Snapshot,
        compute: @escaping @Sendable (M.Params, Snapshot) throws -> Prepared,
        commit: @escaping @Sendable (M.Params, Prepared, WriteContext) throws -> M.Result
    ) {
        let store = self.store
        registerMutation(M.self) { params, canonicalParams, options, actor, finish in
            store.read({ context in try read(params, context) }) { snapshot in
                DispatchQueue.global().async {
                    let prepared: Prepared
                    do {
                        prepared = try compute(params, snapshot.get())
                    } catch {
                        return finish(.failure(error))
                    }
                    store.write(actor: actor, method: M.name, dryRun: options.dryRun) { context in
                        try Self.perform(M.self, params, canonicalParams: canonicalParams, options: options, in: context) { params, context in
                            try commit(params, prepared, context)
                        }
                    } completion: { result in
                        finish(result.map { outcome in options.dryRun ? Self.dryRunResult(outcome) : outcome.value })
                    }
                }
            }
        }
    }

    /// What every mutation shares before it runs: its params decoded (with their canonical text
    /// for an idempotency key), and its place in the connection's ``RequestOrder``.
    private mutating func registerMutation<M: RPCMethod>(
        _ method: M.Type,
        _ run:
            @escaping @Sendable (
                M.Params, _ canonicalParams: String?, CallOptions, _ actor: String,
                _ finish: @escaping @Sendable (Result<JSONValue, any Error>) -> Void
            ) -> Void
    ) {
        precondition(M.isMutating, "\(M.name) is registered as a write but does not declare isMutating")
        methods.register(method) { rawParams, call, completion in
            let params: M.Params
            let canonicalParams: String?
            do {
                (params, canonicalParams) = try Self.decodeMutation(M.self, rawParams, options: call.options)
            } catch {
                return .finished(.failure(error))
            }
            let session = call.session
            RequestOrder.start(.write, in: session) {
                run(params, canonicalParams, call.options, session.peer.description) { result in
                    completion(result)
                    RequestOrder.end(in: session)
                }
            }
            return .pending
        }
    }

    /// A mutation's params, and their canonical text when an idempotency key will compare them
    /// with a later request's.
    private static func decodeMutation<M: RPCMethod>(
        _ method: M.Type, _ rawParams: JSONValue?, options: CallOptions
    ) throws -> (M.Params, String?) {
        let params = try MethodRegistry.decodeParams(M.self, from: rawParams)
        return (params, try options.idempotencyKey.map { _ in try JSONValueEncoder().encode(params).jsonString })
    }

    private enum StepOutcome<Progress: Sendable>: Sendable {
        case next(Progress)
        case done(JSONValue)
    }

    /// Runs one step in its own write, then the next once it committed.
    private static func runStep<M: RPCMethod, Progress: Sendable>(
        _ method: M.Type, _ params: M.Params, _ progress: Progress, isFirst: Bool, canonicalParams: String?, options: CallOptions,
        actor: String, store: Store,
        step: @escaping @Sendable (M.Params, Progress, WriteContext) throws -> WriteStep<Progress, M.Result>,
        completion: @escaping @Sendable (Result<JSONValue, any Error>) -> Void
    ) {
        store.write(actor: actor, method: M.name, isLongJobStep: true) { context -> StepOutcome<Progress> in
            if isFirst, let key = options.idempotencyKey, let canonicalParams, let stored = try Idempotency.find(key, in: context.db) {
                return .done(try replay(stored, key: key, method: M.self, canonicalParams: canonicalParams))
            }
            switch try step(params, progress, context) {
            case .next(let next):
                return .next(next)
            case .done(let result):
                return .done(try remember(M.self, params, result, canonicalParams: canonicalParams, options: options, in: context))
            }
        } completion: { result in
            switch result {
            case .failure(let error):
                completion(.failure(error))
            case .success(let outcome):
                switch outcome.value {
                case .done(let value):
                    completion(.success(value))
                case .next(let next):
                    store.waitForCheckpoints {
                        runStep(
                            M.self, params, next, isFirst: false, canonicalParams: canonicalParams, options: options, actor: actor,
                            store: store, step: step, completion: completion)
                    }
                }
            }
        }
    }

    /// Runs a mutation inside its savepoint: replay a stored result, or run, remember and audit.
    private static func perform<M: RPCMethod>(
        _ method: M.Type, _ params: M.Params, canonicalParams: String?, options: CallOptions,
        in context: WriteContext, _ body: (M.Params, WriteContext) throws -> M.Result
    ) throws -> JSONValue {
        if let key = options.idempotencyKey, let canonicalParams, let stored = try Idempotency.find(key, in: context.db) {
            return try replay(stored, key: key, method: M.self, canonicalParams: canonicalParams)
        }
        return try remember(M.self, params, try body(params, context), canonicalParams: canonicalParams, options: options, in: context)
    }

    /// The stored result of an earlier request with the same key, refused when its params differ.
    private static func replay<M: RPCMethod>(
        _ stored: Idempotency.Stored, key: String, method: M.Type, canonicalParams: String
    ) throws -> JSONValue {
        guard stored.method == M.name, stored.params == canonicalParams else {
            throw RapportError(
                .conflict, "idempotencyKey \"\(key)\" was first used with other params (\(stored.method))",
                field: "idempotencyKey")
        }
        return try JSONParser.parse(Array(stored.result.utf8), limits: JSONLimits(maxDepth: 512, maxStringBytes: .max))
    }

    /// Encodes a mutation's result, saves it under its idempotency key and writes the audit row.
    private static func remember<M: RPCMethod>(
        _ method: M.Type, _ params: M.Params, _ result: M.Result, canonicalParams: String?, options: CallOptions,
        in context: WriteContext
    ) throws -> JSONValue {
        let encoded = try JSONValueEncoder().encode(result)
        if let key = options.idempotencyKey, let canonicalParams, !context.isDryRun {
            try Idempotency.save(
                key, Idempotency.Stored(method: M.name, params: canonicalParams, result: encoded.jsonString),
                at: context.now, in: context.db)
        }
        try AuditLog.record(
            at: context.now, actor: context.actor, method: M.name,
            target: M.auditTarget(params: params, result: result), idempotencyKey: options.idempotencyKey,
            in: context.db)
        return encoded
    }

    /// `{"dryRun": true, "result": …, "events": [{topic, data}]}`.
    private static func dryRunResult(_ outcome: Store.WriteOutcome<JSONValue>) -> JSONValue {
        var object = JSONObject()
        object.append(key: "dryRun", value: .bool(true))
        object.append(key: "result", value: outcome.value)
        object.append(
            key: "events",
            value: .array(
                outcome.events.map { event in
                    var entry = JSONObject()
                    entry.append(key: "topic", value: .string(event.topic))
                    entry.append(key: "data", value: event.data)
                    return .object(entry)
                }))
        return .object(object)
    }
}

/// What one step of a ``ModuleRegistrar/steppedWrite(_:start:_:)`` mutation answers.
public enum WriteStep<Progress: Sendable, Result: Sendable>: Sendable {
    /// Commit this step and run another with this progress.
    case next(Progress)
    /// The work is finished: answer with this result.
    case done(Result)
}
