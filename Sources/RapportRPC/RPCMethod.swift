public import RapportCore
public import RapportJSON

/// The declaration of one JSON-RPC method: its name, its typed params and result, and what it does.
///
/// A method is a caseless enum, one per file in its module's `Methods/` folder; its body is given
/// when the module registers it, so the declaration stays free of storage concerns.
///
/// ```swift
/// public enum ServerPing: RPCMethod {
///     public static let name = "server.ping"
///     public static let summary = "Answers \"pong\"."
///     public typealias Params = NoParams
///     public typealias Result = String
/// }
/// ```
public protocol RPCMethod: Sendable {
    /// The typed params; decoded strictly (unknown keys are refused).
    associatedtype Params: Codable & Sendable
    /// The typed result; encoded with every key present (`null` for absent optionals).
    associatedtype Result: Codable & Sendable

    /// The wire name, `module.verb`.
    static var name: String { get }
    /// One line for protocol.md and `rpc.discover`.
    static var summary: String { get }
    /// Further paragraphs for protocol.md; empty by default.
    static var discussion: String { get }
    /// Whether the method changes stored state. Mutating methods accept `idempotencyKey` and
    /// `dryRun`, are refused on a read-only server and leave an audit row.
    static var isMutating: Bool { get }
    /// The application error reasons this method can answer with, beyond `invalid_params` and `internal`.
    static var errors: [RapportError.Reason] { get }
    /// Examples for protocol.md: params and the result they produce.
    static var examples: [MethodExample<Self>] { get }
    /// The id of the record a mutation acted on, for the audit log.
    static func auditTarget(params: Params, result: Result) -> String?
}

extension RPCMethod {
    /// No further paragraphs unless the method gives them.
    public static var discussion: String { "" }
    /// Read-only unless the method says otherwise.
    public static var isMutating: Bool { false }
    /// No reasons beyond `invalid_params` and `internal` unless the method lists them.
    public static var errors: [RapportError.Reason] { [] }
    /// No examples unless the method gives them.
    public static var examples: [MethodExample<Self>] { [] }
    /// No audit target (nil) unless the method names one.
    public static func auditTarget(params: Params, result: Result) -> String? { nil }
}

/// One documented call of a method and its answer.
public struct MethodExample<Method: RPCMethod>: Sendable {
    /// What the example shows, in a few words.
    public var title: String
    /// The params sent.
    public var params: Method.Params
    /// The result received.
    public var result: Method.Result

    /// Creates an example.
    public init(_ title: String, params: Method.Params, result: Method.Result) {
        self.title = title
        self.params = params
        self.result = result
    }
}

/// The params of a method that takes none: `params` may be omitted, `{}` or `[]`.
public struct NoParams: Codable, Sendable, Hashable {
    /// The empty params value, encoded as `{}`.
    public init() {}

    /// Accepts `{}` or `[]`; a non-empty array throws `DecodingError.dataCorrupted`, and a member is refused by a strict decoder.
    public init(from decoder: any Decoder) throws {
        if let array = try? decoder.unkeyedContainer() {
            guard array.isAtEnd else {
                throw DecodingError.dataCorruptedError(in: array, debugDescription: "this method takes no params")
            }
            return
        }
        _ = try decoder.container(keyedBy: NoKeys.self)
    }

    /// Encodes as the empty object `{}`.
    public func encode(to encoder: any Encoder) throws {
        _ = encoder.container(keyedBy: NoKeys.self)
    }

    private enum NoKeys: CodingKey {}
}

extension NoParams: JSONSchemaDescribing {
    /// `{"type":"object","properties":{},"additionalProperties":false}`: an empty object.
    public static var jsonSchema: JSONValue {
        ["type": "object", "properties": JSONValue.object(JSONObject()), "additionalProperties": false]
    }
}
