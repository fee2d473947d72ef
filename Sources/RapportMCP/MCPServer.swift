public import RapportJSON

/// A Model Context Protocol server over Rapport's protocol, for both eras of MCP at once:
///
/// - 2025-11-25 (and the revisions before it that share its tool messages): `initialize`,
///   `notifications/initialized`, `ping`, `tools/list`, `tools/call`;
/// - 2026-07-28: stateless requests that carry their protocol version in
///   `params._meta["io.modelcontextprotocol/protocolVersion"]`, `server/discover`, a
///   `resultType` on every result, and error -32022 for a version this server does not speak.
///
/// Each request is routed by itself (the 2026 revision allows one process to serve both): one
/// with the 2026 envelope is served by that revision, any other by the handshake era. Tool calls
/// are forwarded as JSON-RPC requests to Rapport, in process or over its socket.
public struct MCPServer: Sendable {
    /// Sends one Rapport request (a JSON-RPC request object) and answers its reply object.
    public typealias Forward = @Sendable (JSONValue) async throws -> JSONValue

    /// The stateless MCP revision this server speaks, whose requests carry their version in `params._meta`.
    public static let modernVersion = "2026-07-28"
    /// The handshake revisions whose tool messages this server speaks; the first is the newest.
    public static let handshakeVersions = ["2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"]
    static let versionKey = "io.modelcontextprotocol/protocolVersion"
    static let capabilitiesKey = "io.modelcontextprotocol/clientCapabilities"
    static let serverInfoKey = "io.modelcontextprotocol/serverInfo"
    /// Tools in one page of `tools/list`.
    static let pageSize = 40

    let catalog: ToolCatalog
    let version: String
    let forward: Forward

    /// A server for `catalog`'s tools; `version` is Rapport's, told as the server's.
    public init(catalog: ToolCatalog, version: String, forward: @escaping Forward) {
        self.catalog = catalog
        self.version = version
        self.forward = forward
    }

    static let instructions = """
        Rapport keeps a business's customers, their orders and interactions, loyalty points, \
        coupons and feedback, and measures the relationships (NPS, retention, churn, CLV). \
        Money is integer minor units (1999 is 19.99); times are RFC 3339; lists page with \
        limit and cursor. Start with customers.search or metrics.dashboard.
        """

    /// The answer to one line of the stdio transport, or nil for a notification.
    public func handle(line: String) async -> JSONValue? {
        let message: JSONValue
        do {
            message = try JSONParser.parse(line, limits: JSONLimits(maxDepth: 64, maxStringBytes: 1 << 20))
        } catch {
            return Self.error(id: .null, code: -32700, "parse error: \(error)")
        }
        return await handle(message)
    }

    /// The answer to one message, or nil for a notification.
    public func handle(_ message: JSONValue) async -> JSONValue? {
        guard case .object(let request) = message, request["jsonrpc"]?.stringValue == "2.0",
            let method = request["method"]?.stringValue
        else {
            return Self.error(id: message["id"] ?? .null, code: -32600, "not a JSON-RPC 2.0 request")
        }
        guard let id = request["id"] else { return nil }  // notifications/initialized, cancelled, …
        let params = request["params"]?.objectValue ?? JSONObject()
        if let envelope = params["_meta"]?[Self.versionKey] {
            return await modern(method, params: params, requested: envelope, id: id)
        }
        return await legacy(method, params: params, id: id)
    }

    // MARK: - The eras

    private func legacy(_ method: String, params: JSONObject, id: JSONValue) async -> JSONValue {
        switch method {
        case "initialize":
            let requested = params["protocolVersion"]?.stringValue ?? ""
            var result = JSONObject()
            result.append(
                key: "protocolVersion", value: .string(Self.handshakeVersions.contains(requested) ? requested : Self.handshakeVersions[0]))
            result.append(key: "capabilities", value: capabilities)
            result.append(key: "serverInfo", value: serverInfo)
            result.append(key: "instructions", value: .string(Self.instructions))
            return Self.reply(id: id, .object(result))
        case "ping":
            return Self.reply(id: id, [:])
        case "tools/list":
            return (try? listTools(params)).map { Self.reply(id: id, .object($0)) } ?? Self.invalidCursor(id)
        case "tools/call":
            return await callTool(params, id: id, stamp: { $0 })
        case "server/discover":
            return Self.error(id: id, code: -32602, "server/discover needs params._meta[\"\(Self.versionKey)\"]")
        default:
            return Self.error(id: id, code: -32601, "method not found: \(method)")
        }
    }

    private func modern(_ method: String, params: JSONObject, requested: JSONValue, id: JSONValue) async -> JSONValue {
        guard let version = requested.stringValue else {
            return Self.error(id: id, code: -32602, "\(Self.versionKey) must be a string")
        }
        guard version == Self.modernVersion else {
            return Self.error(
                id: id, code: -32022, "Unsupported protocol version",
                data: ["supported": .array(([Self.modernVersion] + Self.handshakeVersions).map(JSONValue.string)), "requested": .string(version)])
        }
        guard params["_meta"]?[Self.capabilitiesKey] != nil else {
            return Self.error(id: id, code: -32602, "params._meta needs \(Self.capabilitiesKey)")
        }
        let stamp = { (result: JSONObject) -> JSONObject in
            var stamped = JSONObject()
            stamped.append(key: "resultType", value: "complete")
            for member in result { stamped.append(key: member.key, value: member.value) }
            stamped.append(key: "_meta", value: .object([Self.serverInfoKey: serverInfo]))
            return stamped
        }
        switch method {
        case "server/discover":
            var result = JSONObject()
            result.append(key: "supportedVersions", value: [.string(Self.modernVersion)])
            result.append(key: "capabilities", value: capabilities)
            result.append(key: "instructions", value: .string(Self.instructions))
            result.append(key: "ttlMs", value: 0)
            result.append(key: "cacheScope", value: "public")
            return Self.reply(id: id, .object(stamp(result)))
        case "tools/list":
            guard var page = try? listTools(params) else { return Self.invalidCursor(id) }
            page.append(key: "ttlMs", value: 0)
            page.append(key: "cacheScope", value: "public")
            return Self.reply(id: id, .object(stamp(page)))
        case "tools/call":
            return await callTool(params, id: id, stamp: stamp)
        default:
            return Self.error(id: id, code: -32601, "method not found in \(Self.modernVersion): \(method)")
        }
    }

    // MARK: - Tools

    private var capabilities: JSONValue { ["tools": ["listChanged": false]] }
    private var serverInfo: JSONValue { ["name": "rapport", "title": "Rapport", "version": .string(version)] }

    private struct InvalidCursor: Error {}

    /// One page of tools; the cursor is the index of the page's first tool.
    private func listTools(_ params: JSONObject) throws -> JSONObject {
        var start = 0
        if let cursor = params["cursor"] {
            guard let text = cursor.stringValue, let index = Int(text), (0..<catalog.tools.count).contains(index) else { throw InvalidCursor() }
            start = index
        }
        let end = min(catalog.tools.count, start + Self.pageSize)
        var page = JSONObject()
        page.append(key: "tools", value: .array(catalog.tools[start..<end].map(\.definition)))
        if end < catalog.tools.count { page.append(key: "nextCursor", value: .string(String(end))) }
        return page
    }

    private static func invalidCursor(_ id: JSONValue) -> JSONValue {
        error(id: id, code: -32602, "invalid cursor: pass a nextCursor of an earlier tools/list")
    }

    private func callTool(_ params: JSONObject, id: JSONValue, stamp: (JSONObject) -> JSONObject) async -> JSONValue {
        guard let name = params["name"]?.stringValue else { return Self.error(id: id, code: -32602, "tools/call needs a name") }
        guard let tool = catalog.tool(named: name) else {
            let note = catalog.withheld.contains(name) ? " (it changes the store: start rapport mcp with --allow-writes)" : ""
            return Self.error(id: id, code: -32602, "Unknown tool: \(name)\(note)")
        }
        var arguments = params["arguments"] ?? [:]
        if case .object(var object) = arguments {
            _ = object.removeValue(forKey: "_meta")
            arguments = .object(object)
        }
        let request: JSONValue = ["jsonrpc": "2.0", "id": 1, "method": .string(name), "params": arguments]
        let result: JSONValue
        do {
            let reply = try await forward(request)
            if let error = reply["error"] {
                result = ToolResult.failure(error)
            } else {
                result = ToolResult.success(reply["result"] ?? .null, tool: tool)
            }
        } catch {
            result = ToolResult.failure("Rapport could not be reached: \(error)")
        }
        return Self.reply(id: id, .object(stamp(result.objectValue ?? JSONObject())))
    }

    // MARK: - JSON-RPC

    static func reply(id: JSONValue, _ result: JSONValue) -> JSONValue {
        ["jsonrpc": "2.0", "id": id, "result": result]
    }

    static func error(id: JSONValue, code: Int64, _ message: String, data: JSONValue? = nil) -> JSONValue {
        var error = JSONObject()
        error.append(key: "code", value: .int(code))
        error.append(key: "message", value: .string(message))
        if let data { error.append(key: "data", value: data) }
        return ["jsonrpc": "2.0", "id": id, "error": .object(error)]
    }
}
