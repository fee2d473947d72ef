public import RapportJSON
public import RapportRPC

/// `rpc.discover`: the OpenRPC document of every method, generated from the registry.
public enum RPCDiscover: RPCMethod {
    public static let name = "rpc.discover"
    public static let summary = "The OpenRPC 1.2 document of every method, with JSON Schemas of params and results."
    public typealias Params = NoParams
    public typealias Result = DiscoveryDocument
}

/// An OpenRPC 1.2.6 document, as `rpc.discover` answers it.
public struct DiscoveryDocument: Codable, Sendable, Hashable, JSONSchemaDescribing {
    /// The document: `openrpc`, `info` and `methods`.
    public var document: JSONValue

    /// Wraps a document.
    public init(_ document: JSONValue) { self.document = document }

    public init(from decoder: any Decoder) throws {
        document = try decoder.singleValueContainer().decode(JSONValue.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(document)
    }

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
