public import RapportJSON
import RapportRPC

/// Rapport's methods as MCP tools, made from the `rpc.discover` document so that the tools are
/// the protocol itself: the same names, descriptions and JSON Schemas.
///
/// Read-only unless writes are allowed: a mutating method is then neither listed nor callable.
/// `events.subscribe`, `events.unsubscribe` (pushes have no meaning for a tool) and
/// `rpc.discover` (the tool list already is that document) are not tools.
public struct ToolCatalog: Sendable {
    /// One tool: its MCP description and whether calling it changes the store.
    public struct Tool: Sendable {
        /// The method name, which is the tool name (MCP allows dots in tool names).
        public var name: String
        /// Whether calling the tool changes the store: the method's `x-mutating`, true when the document does not say.
        public var isMutating: Bool
        /// The `Tool` object `tools/list` answers.
        public var definition: JSONValue
        /// Whether a result is wrapped as `{"result": value}` (MCP wants objects).
        public var wrapsResult: Bool
    }

    /// The tools, in the document's order.
    public let tools: [Tool]
    /// The mutating methods left out because writes are not allowed.
    public let withheld: Set<String>

    private static let excluded: Set<String> = ["events.subscribe", "events.unsubscribe", "rpc.discover"]

    /// The tools of an OpenRPC document; mutating methods only when `allowWrites`.
    public init(openRPC document: JSONValue, allowWrites: Bool) {
        var tools: [Tool] = []
        var withheld: Set<String> = []
        for method in document["methods"]?.arrayValue ?? [] {
            guard let name = method["name"]?.stringValue, !Self.excluded.contains(name) else { continue }
            let isMutating = method["x-mutating"]?.boolValue ?? true
            guard allowWrites || !isMutating else {
                withheld.insert(name)
                continue
            }
            tools.append(Self.tool(method, name: name, isMutating: isMutating))
        }
        self.tools = tools
        self.withheld = withheld
    }

    /// The tool named `name`, if served.
    public func tool(named name: String) -> Tool? { tools.first { $0.name == name } }

    private static func tool(_ method: JSONValue, name: String, isMutating: Bool) -> Tool {
        let summary = method["summary"]?.stringValue ?? name
        var description = summary
        if let discussion = method["description"]?.stringValue { description += "\n\n" + discussion }
        if isMutating {
            description += "\n\nChanges the store. `dryRun: true` answers what would happen without keeping it."
        }
        var properties = JSONObject()
        var required: [JSONValue] = []
        for parameter in method["params"]?.arrayValue ?? [] {
            guard let parameterName = parameter["name"]?.stringValue else { continue }
            properties.append(key: parameterName, value: parameter["schema"] ?? [:])
            if parameter["required"]?.boolValue == true { required.append(.string(parameterName)) }
        }
        var input = JSONObject()
        input.append(key: "type", value: "object")
        input.append(key: "properties", value: .object(properties))
        if !required.isEmpty { input.append(key: "required", value: .array(required)) }
        input.append(key: "additionalProperties", value: false)

        let resultSchema = method["result"]?["schema"] ?? [:]
        let wrapsResult = resultSchema["type"]?.stringValue != "object"
        var definition = JSONObject()
        definition.append(key: "name", value: .string(name))
        definition.append(key: "title", value: .string(summary))
        definition.append(key: "description", value: .string(description))
        definition.append(key: "inputSchema", value: .object(input))
        // A dry run answers another shape than the result, so mutating tools promise none.
        if !isMutating {
            definition.append(
                key: "outputSchema",
                value: wrapsResult ? ["type": "object", "properties": ["result": resultSchema], "required": ["result"]] : resultSchema)
        }
        let destructive = ["erase", "merge", "remove", "expire", "clear"].contains { name.hasSuffix("." + $0) }
        definition.append(
            key: "annotations",
            value: [
                "readOnlyHint": .bool(!isMutating), "destructiveHint": .bool(destructive), "idempotentHint": .bool(!isMutating),
                "openWorldHint": false,
            ])
        return Tool(name: name, isMutating: isMutating, definition: .object(definition), wrapsResult: wrapsResult)
    }
}
