public import RapportJSON
public import RapportRPC

/// `rpc.discover`: the OpenRPC document of every method, generated from the registry.
public enum RPCDiscover: RPCMethod {
    /// The method's wire name.
    public static let name = "rpc.discover"
    /// The method's one-line summary for protocol.md and `rpc.discover`.
    public static let summary = "The OpenRPC 1.2 document of every method, with JSON Schemas of params and results."
    /// Takes no params.
    public typealias Params = NoParams
    /// Answers the OpenRPC document.
    public typealias Result = DiscoveryDocument
}

/// An OpenRPC 1.2.6 document, as `rpc.discover` answers it.
public struct DiscoveryDocument: Codable, Sendable, Hashable, JSONSchemaDescribing {
    /// The document: `openrpc`, `info` and `methods`.
    public var document: JSONValue

    /// Wraps a document.
    public init(_ document: JSONValue) { self.document = document }

    /// Decodes a document from any JSON value.
    public init(from decoder: any Decoder) throws {
        document = try decoder.singleValueContainer().decode(JSONValue.self)
    }

    /// Encodes the document as it is, not wrapped in an object.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(document)
    }

    /// The schema of an OpenRPC document: an object with `openrpc`, `info` and `methods`.
    public static var jsonSchema: JSONValue {
        [
            "type": "object",
            "description":
                "An OpenRPC 1.2.6 document: `openrpc` (the version), `info` (title, version) and `methods` (each with its params and result JSON Schemas).",
            "properties": ["openrpc": ["type": "string"], "info": ["type": "object"], "methods": ["type": "array", "items": ["type": "object"]]],
            "required": ["openrpc", "info", "methods"],
        ]
    }
}
