import RapportJSON
import RapportMCP
import Testing

/// The MCP layer over a fake Rapport: both eras' messages, the version rules, pages, the
/// read-only rule and results that stay small.
@Suite struct MCPServerTests {
    static let document: JSONValue = [
        "methods": [
            [
                "name": "customers.search", "summary": "Finds customers.", "x-mutating": false,
                "params": [["name": "query", "required": true, "schema": ["type": "string"]]],
                "result": ["schema": ["type": "object", "properties": ["items": ["type": "array"]]]],
            ],
            ["name": "server.ping", "summary": "Pong.", "x-mutating": false, "params": [], "result": ["schema": ["type": "string"]]],
            ["name": "customers.create", "summary": "Creates.", "x-mutating": true, "params": [], "result": ["schema": ["type": "object"]]],
            ["name": "events.subscribe", "summary": "Pushes.", "x-mutating": false, "params": [], "result": ["schema": ["type": "object"]]],
        ]
    ]

    /// A server whose Rapport answers `items` for a search, "pong" for a ping, and an error otherwise.
    static func server(allowWrites: Bool = false, items: Int = 2) -> MCPServer {
        MCPServer(catalog: ToolCatalog(openRPC: document, allowWrites: allowWrites), version: "9.9.9") { request in
            switch request["method"]?.stringValue {
            case "customers.search":
                let found = (0..<items).map { index -> JSONValue in
                    ["id": .string("cus_\(index)"), "note": .string(String(repeating: "x", count: 500))]
                }
                return ["jsonrpc": "2.0", "id": 1, "result": ["items": .array(found), "nextCursor": "c2"]]
            case "server.ping":
                return ["jsonrpc": "2.0", "id": 1, "result": "pong"]
            default:
                return [
                    "jsonrpc": "2.0", "id": 1, "error": ["code": -32602, "message": "bad", "data": ["reason": "invalid_params", "field": "name"]],
                ]
            }
        }
    }

    static let modern: JSONValue = [
        "io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientCapabilities": [:],
    ]

    static func request(_ method: String, _ params: JSONValue? = nil) -> JSONValue {
        var request: JSONObject = ["jsonrpc": "2.0", "id": 7, "method": .string(method)]
        if let params { request.append(key: "params", value: params) }
        return .object(request)
    }

    @Test func theHandshakeEraNegotiatesItsVersionAndListsTheTools() async throws {
        let server = Self.server()
        let reply = try #require(await server.handle(Self.request("initialize", ["protocolVersion": "2025-06-18", "capabilities": [:]])))
        #expect(reply["result"]?["protocolVersion"] == "2025-06-18")
        #expect(reply["result"]?["serverInfo"]?["version"] == "9.9.9")
        let unknown = try #require(await server.handle(Self.request("initialize", ["protocolVersion": "2099-01-01"])))
        #expect(unknown["result"]?["protocolVersion"] == "2025-11-25", "an unknown version gets the newest handshake version")
        #expect(await server.handle(["jsonrpc": "2.0", "method": "notifications/initialized"]) == nil)
        #expect(try #require(await server.handle(Self.request("ping")))["result"] == [:])

        let list = try #require(await server.handle(Self.request("tools/list")))
        let names = list["result"]?["tools"]?.arrayValue?.compactMap { $0["name"]?.stringValue }
        #expect(names == ["customers.search", "server.ping"], "no mutating tool read-only, no events tool")
        #expect(list["result"]?["resultType"] == nil, "the handshake era has no resultType")
        let ping = try #require(list["result"]?["tools"]?[1])
        #expect(ping["outputSchema"]?["properties"]?["result"]?["type"] == "string", "a string result is wrapped in an object")
        #expect(ping["inputSchema"]?["type"] == "object")
    }

    @Test func theStatelessEraStampsEveryResultAndRefusesOtherVersions() async throws {
        let server = Self.server()
        let discover = try #require(await server.handle(Self.request("server/discover", ["_meta": Self.modern])))
        #expect(discover["result"]?["resultType"] == "complete")
        #expect(discover["result"]?["supportedVersions"] == ["2026-07-28"])
        #expect(discover["result"]?["ttlMs"] == 0 && discover["result"]?["cacheScope"] == "public")
        #expect(discover["result"]?["_meta"]?["io.modelcontextprotocol/serverInfo"]?["name"] == "rapport")

        let list = try #require(await server.handle(Self.request("tools/list", ["_meta": Self.modern])))
        #expect(list["result"]?["resultType"] == "complete" && list["result"]?["cacheScope"] == "public")

        let old = try #require(
            await server.handle(Self.request("tools/list", ["_meta": ["io.modelcontextprotocol/protocolVersion": "2030-01-01"]])))
        #expect(old["error"]?["code"] == -32022)
        #expect(old["error"]?["data"]?["requested"] == "2030-01-01")
        #expect(old["error"]?["data"]?["supported"]?[0] == "2026-07-28")
        let bare = try #require(
            await server.handle(Self.request("tools/list", ["_meta": ["io.modelcontextprotocol/protocolVersion": "2026-07-28"]])))
        #expect(bare["error"]?["code"] == -32602, "the client capabilities are required")
        let gone = try #require(await server.handle(Self.request("ping", ["_meta": Self.modern])))
        #expect(gone["error"]?["code"] == -32601, "ping is not a 2026-07-28 method")
        let unenveloped = try #require(await server.handle(Self.request("server/discover")))
        #expect(unenveloped["error"]?["code"] == -32602)
    }

    @Test func callsForwardTheArgumentsAndSummariseFirst() async throws {
        let server = Self.server()
        let reply = try #require(
            await server.handle(Self.request("tools/call", ["name": "customers.search", "arguments": ["query": "Ivan"], "_meta": Self.modern])))
        let result = try #require(reply["result"])
        #expect(result["isError"] == false && result["resultType"] == "complete")
        #expect(result["structuredContent"]?["items"]?.arrayValue?.count == 2)
        let summary = try #require(result["content"]?[0]?["text"]?.stringValue)
        #expect(summary.hasPrefix("customers.search: items: 2 entries, nextCursor \"c2\"."))
        #expect(summary.contains("cursor \"c2\""), "says how to get the next page")
        #expect(try JSONParser.parse(try #require(result["content"]?[1]?["text"]?.stringValue)) == result["structuredContent"])

        let ping = try #require(await server.handle(Self.request("tools/call", ["name": "server.ping"])))
        #expect(ping["result"]?["structuredContent"] == ["result": "pong"])
    }

    @Test func aListTooLongForAContextIsCutToAPageThatFits() async throws {
        let reply = try #require(
            await Self.server(items: 1000).handle(Self.request("tools/call", ["name": "customers.search", "arguments": ["query": "Ivan"]])))
        let kept = try #require(reply["result"]?["structuredContent"]?["items"]?.arrayValue?.count)
        #expect(kept > 0 && kept < 1000)
        #expect(try #require(reply["result"]?["structuredContent"]).jsonBytes.count <= ToolResult.byteBudget)
        #expect(reply["result"]?["content"]?[0]?["text"]?.stringValue?.contains("call again with limit \(kept)") == true)
    }

    @Test func writesNeedAllowWritesAndErrorsReachTheModel() async throws {
        let refused = try #require(await Self.server().handle(Self.request("tools/call", ["name": "customers.create", "arguments": [:]])))
        #expect(refused["error"]?["code"] == -32602)
        #expect(refused["error"]?["message"]?.stringValue?.contains("--allow-writes") == true)
        let unknown = try #require(await Self.server().handle(Self.request("tools/call", ["name": "nope"])))
        #expect(unknown["error"]?["message"] == "Unknown tool: nope")

        let writable = Self.server(allowWrites: true)
        let list = try #require(await writable.handle(Self.request("tools/list")))
        let create = list["result"]?["tools"]?.arrayValue?.first { $0["name"] == "customers.create" }
        #expect(create?["annotations"]?["readOnlyHint"] == false)
        #expect(create?["outputSchema"] == nil, "a dry run answers another shape, so no output schema is promised")
        let failed = try #require(await writable.handle(Self.request("tools/call", ["name": "customers.create", "arguments": [:]])))
        #expect(failed["result"]?["isError"] == true, "a Rapport error is a tool error the model can read, not a protocol error")
        #expect(failed["result"]?["content"]?[0]?["text"] == "error invalid_params (field name): bad")
    }

    @Test func pagesOfToolsFollowTheCursorAndABadCursorIsInvalid() async throws {
        let server = Self.server()
        let bad = try #require(await server.handle(Self.request("tools/list", ["cursor": "x"])))
        #expect(bad["error"]?["code"] == -32602)
        let notARequest = try #require(await server.handle(["id": 1]))
        #expect(notARequest["error"]?["code"] == -32600)
        let notJSON = try #require(await server.handle(line: "{\"jsonrpc\": \"2.0\", "))
        #expect(notJSON["error"]?["code"] == -32700 && notJSON["id"] == .null)
    }
}
