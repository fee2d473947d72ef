import ArgumentParser
import Rapport

/// The `rapport` command: serve the engine, call it, document it, back it up.
@main
struct RapportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rapport",
        abstract: "An embeddable engine for a business's long-term customer relationships.",
        discussion: """
            Rapport keeps customers and everything that happened with them in one SQLite file and \
            speaks newline-delimited JSON-RPC 2.0 over standard input/output or a Unix socket.

            Start with `rapport serve` and type a request:
              {"jsonrpc":"2.0","id":1,"method":"server.ping"}
            `rapport docs` prints every method.
            """,
        version: Engine.version,
        subcommands: [Serve.self, Call.self, MCP.self, Schema.self, Demo.self, Docs.self, Backup.self]
    )
}
