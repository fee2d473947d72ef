public import RapportCore
public import RapportJSON

/// What a method handler reports when it finishes.
public typealias MethodCompletion = @Sendable (Result<JSONValue, any Error>) -> Void

/// How a handler answered: at once, or later through its completion.
public enum Invocation: Sendable {
    /// The call finished synchronously; the completion will not be called.
    case finished(Result<JSONValue, any Error>)
    /// The call goes on elsewhere; the completion will be called exactly once.
    case pending
}

extension JSONValue {
    /// Whether this is `{}` or `[]`.
    fileprivate var isEmptyContainer: Bool {
        switch self {
        case .object(let object): object.isEmpty
        case .array(let array): array.isEmpty
        default: false
        }
    }
}

/// Everything protocol.md and `rpc.discover` say about one method.
public struct MethodDescriptor: Sendable {
    /// The wire name.
    public var name: String
    /// One line.
    public var summary: String
    /// Further paragraphs.
    public var discussion: String
    /// Whether it changes stored state.
    public var isMutating: Bool
    /// Application error reasons it can answer with.
    public var errors: [RapportError.Reason]
    /// JSON Schema of its params object.
    public var paramsSchema: JSONValue
    /// JSON Schema of its result.
    public var resultSchema: JSONValue
    /// Worked examples, already encoded.
    public var examples: [Example]

    /// One worked example.
    public struct Example: Sendable {
        /// What the example shows, in a few words.
        public var title: String
        /// The params sent, encoded as JSON (`null` if they failed to encode).
        public var params: JSONValue
        /// The result received, encoded as JSON (`null` if it failed to encode).
        public var result: JSONValue
    }
}

/// The table of methods a dispatcher serves, filled by the engine from every module.
///
/// Each entry pairs a method's descriptor with a handler that takes the raw params. The typed
/// `register` overloads decode params strictly (a -32602 error names the bad field) and encode
/// results; storage-backed registration lives in RapportStorage, which adds handlers that run in
/// a read or a group-committed write transaction.
public struct MethodRegistry: Sendable {
    /// A handler over raw params: answer at once or return `.pending` and call the completion later.
    public typealias Handler = @Sendable (_ params: JSONValue?, _ context: CallContext, _ completion: @escaping MethodCompletion) -> Invocation

    struct Entry: Sendable {
        var descriptor: MethodDescriptor
        var handler: Handler
    }

    private(set) var entries: [String: Entry] = [:]

    /// An empty registry.
    public init() {}

    /// Every method's descriptor, sorted by name.
    public var descriptors: [MethodDescriptor] {
        entries.values.map(\.descriptor).sorted { $0.name < $1.name }
    }

    /// The descriptor of the method called `name`, if any.
    public func descriptor(named name: String) -> MethodDescriptor? { entries[name]?.descriptor }

    func entry(named name: String) -> Entry? { entries[name] }

    /// Registers `method` with a handler over raw params. Registering a name twice is a programming error.
    public mutating func register<M: RPCMethod>(_ method: M.Type, handler: @escaping Handler) {
        precondition(entries[M.name] == nil, "method \(M.name) registered twice")
        entries[M.name] = Entry(descriptor: Self.describe(method), handler: handler)
    }

    /// Registers `method` with a body that answers at once on the caller's thread; for cheap
    /// methods that touch no storage (`server.ping`), so they never leave the event loop.
    public mutating func register<M: RPCMethod>(
        _ method: M.Type, immediate body: @escaping @Sendable (M.Params, CallContext) throws -> M.Result
    ) {
        register(method) { params, context, _ in
            .finished(
                Result {
                    let decoded = try Self.decodeParams(M.self, from: params)
                    return try JSONValueEncoder().encode(body(decoded, context))
                })
        }
    }

    /// Decodes a method's params strictly; absent params decode as `{}`.
    public static func decodeParams<M: RPCMethod>(_ method: M.Type, from params: JSONValue?) throws(RapportError) -> M.Params {
        if M.Params.self == NoParams.self, params?.isEmptyContainer ?? true {
            return NoParams() as! M.Params  // the commonest case, without a decoder
        }
        do {
            return try JSONValueDecoder().decode(M.Params.self, from: params ?? .object(JSONObject()))
        } catch {
            throw RapportError(.invalidParams, error.message, field: error.field.isEmpty ? nil : error.field)
        }
    }

    static func describe<M: RPCMethod>(_ method: M.Type) -> MethodDescriptor {
        let encoder = JSONValueEncoder()
        var paramsSchema = JSONSchemaGenerator.schema(for: M.Params.self)
        if M.isMutating { paramsSchema = Self.addingCallOptions(to: paramsSchema) }
        return MethodDescriptor(
            name: M.name,
            summary: M.summary,
            discussion: M.discussion,
            isMutating: M.isMutating,
            errors: M.errors,
            paramsSchema: paramsSchema,
            resultSchema: JSONSchemaGenerator.schema(for: M.Result.self),
            examples: M.examples.map { example in
                MethodDescriptor.Example(
                    title: example.title,
                    params: (try? encoder.encode(example.params)) ?? .null,
                    result: (try? encoder.encode(example.result)) ?? .null
                )
            }
        )
    }

    /// The params schema with the `idempotencyKey` and `dryRun` members every mutation accepts.
    private static func addingCallOptions(to schema: JSONValue) -> JSONValue {
        guard case .object(var object) = schema, case .object(var properties)? = object["properties"] else { return schema }
        properties.append(
            key: "idempotencyKey",
            value: [
                "type": "string",
                "description":
                    "A repeat with the same key and params returns the first result and changes nothing; the same key with other params is a conflict.",
            ])
        properties.append(
            key: "dryRun",
            value: [
                "type": "boolean",
                "description": "Run in a transaction that is rolled back and answer what would have happened.",
            ])
        object.set(key: "properties", value: .object(properties))
        return .object(object)
    }
}
