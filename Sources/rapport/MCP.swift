import ArgumentParser
import Foundation
import Rapport
import RapportCore
import RapportJSON
import RapportMCP
import RapportRPC
import RapportServer

extension RapportCommand {
    struct MCP: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mcp",
            abstract: "Serve Rapport's methods as Model Context Protocol tools on standard input/output.",
            discussion: """
                For an LLM client that runs tool servers (Claude Desktop, Claude Code, an agent built on an MCP \
                SDK). Every protocol method is a tool of the same name, described and typed as rpc.discover \
                describes it; only the read-only ones unless --allow-writes. Speaks MCP 2025-11-25 (initialize) \
                and 2026-07-28 (server/discover, the version in each request's _meta). With --socket it talks to \
                a running `rapport serve`; otherwise it opens --db itself:
                  rapport mcp --db shop.sqlite
                  rapport mcp --socket /tmp/rapport.sock --allow-writes
                """
        )

        @Option(help: ArgumentHelp("Talk to the server on this Unix socket instead of opening --db.", valueName: "path"))
        var socket: String?

        @Flag(help: "Offer the mutating methods too (customers.create, loyalty.earn, …).")
        var allowWrites = false

        @OptionGroup var database: DatabaseOptions

        @OptionGroup var logging: LoggingOptions

        func run() async throws {
            let logger = logging.bootstrap(label: "rapport-mcp")
            let forward: MCPServer.Forward
            var engine: Engine?
            if let socket {
                let client = LineClient(path: socket)
                forward = { request in try Self.parse(try client.send(request.jsonString)) }
            } else {
                let opened = try Engine(configuration: EngineConfiguration(databasePath: database.db, logger: logger))
                engine = opened
                let session = Session(peer: .inProcess("mcp"))
                forward = { request in
                    let reply = await opened.dispatcher.handle(line: request.jsonBytes, session: session)
                    return try Self.parse(String(decoding: reply ?? [], as: UTF8.self))
                }
            }
            defer { engine?.close() }
            let discovery = try await forward(["jsonrpc": "2.0", "id": 0, "method": "rpc.discover"])
            guard let document = discovery["result"] else { throw ValidationError("rpc.discover failed: \(discovery.jsonString)") }
            let server = MCPServer(catalog: ToolCatalog(openRPC: document, allowWrites: allowWrites), version: Engine.version, forward: forward)
            for await line in Self.standardInputLines() {
                if let reply = await server.handle(line: line) { FileHandle.standardOutput.write(Data((reply.jsonString + "\n").utf8)) }
            }
        }

        private static func parse(_ reply: String) throws -> JSONValue {
            try JSONParser.parse(reply, limits: JSONLimits(maxDepth: 512, maxStringBytes: .max))
        }

        /// The lines of standard input, read on a thread of their own so that a blocking read never
        /// holds one of the few threads async work runs on. Ends at end of input.
        private static func standardInputLines() -> AsyncStream<String> {
            AsyncStream { continuation in
                let reader = Thread {
                    while let line = readLine(strippingNewline: true) {
                        if !line.isEmpty { continuation.yield(line) }
                    }
                    continuation.finish()
                }
                reader.start()
            }
        }
    }
}
