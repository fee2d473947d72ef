import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The `rapport` commands a shell user runs: call, docs, backup, and their help.
@Suite(.serialized) struct CommandLineTests {
    /// Runs `rapport` to completion and returns its exit status, standard output and standard error.
    func run(_ arguments: [String], in directory: TemporaryDirectory) throws -> (status: Int32, output: String, error: String) {
        let process = try RapportProcess(arguments, standardInput: FileHandle(forReadingAtPath: "/dev/null")!, directory: directory.url)
        let output = process.readAllOutput()
        let status = process.waitForExit() ?? -1
        return (status, output, process.standardError)
    }

    @Test func callOpensTheDatabaseDirectly() throws {
        let directory = try TemporaryDirectory()
        let db = directory.path("db.sqlite")
        let configured = try run(["call", "store.configure", #"{"name":"Shop","currency":"USD"}"#, "--db", db], in: directory)
        #expect(configured.status == 0, "\(configured.error)")
        #expect(configured.output.contains("\"currency\" : \"USD\"") || configured.output.contains("\"currency\": \"USD\""))
        let read = try run(["call", "store.settings", "--db", db], in: directory)
        #expect(read.status == 0)
        #expect(read.output.contains("Shop"))
    }

    @Test func callReportsErrorsWithANonZeroExit() throws {
        let directory = try TemporaryDirectory()
        let result = try run(["call", "store.configure", #"{"currency":"euro"}"#, "--db", directory.path("db.sqlite")], in: directory)
        #expect(result.status == 1)
        #expect(result.error.contains("-32602"))
        #expect(result.error.contains("invalid_params"))
        #expect(result.error.contains("currency"))
        #expect(result.output.isEmpty)
        let unknown = try run(["call", "no.such", "--db", directory.path("db.sqlite")], in: directory)
        #expect(unknown.status == 1)
        #expect(unknown.error.contains("method_not_found"))
        let badJSON = try run(["call", "server.ping", "{oops", "--db", directory.path("db.sqlite")], in: directory)
        #expect(badJSON.status != 0)
    }

    @Test func callTalksToARunningServer() throws {
        let directory = try TemporaryDirectory()
        let (server, socket) = try SocketTests.start(directory)
        let result = try run(["call", "server.info", "--socket", socket], in: directory)
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.contains("schemaVersion"))
        let ping = try run(["call", "server.ping", "--socket", socket], in: directory)
        #expect(ping.output.trimmingCharacters(in: .whitespacesAndNewlines) == "\"pong\"")
        let backup = try run(["call", "server.backup", #"{"to":"copy.sqlite"}"#, "--socket", socket], in: directory)
        #expect(backup.status == 0, "\(backup.error)")
        let again = try run(["call", "server.backup", #"{"to":"copy.sqlite"}"#, "--socket", socket], in: directory)
        #expect(again.status == 1)
        #expect(again.error.contains("conflict"))
        server.signal(SIGTERM)
        #expect(server.waitForExit() == 0)
        let restored = try run(["call", "server.ping", "--db", directory.path("backups/copy.sqlite")], in: directory)
        #expect(restored.status == 0)
        let missing = try run(["call", "server.ping", "--socket", directory.path("none.sock")], in: directory)
        #expect(missing.status != 0)
        #expect(missing.error.contains("no server"))
    }

    @Test func backupCommandCopiesADatabase() throws {
        let directory = try TemporaryDirectory()
        let db = directory.path("db.sqlite")
        _ = try run(["call", "store.configure", #"{"name":"Kept"}"#, "--db", db], in: directory)
        let backup = try run(["backup", "--db", db, "--to", directory.path("b.sqlite")], in: directory)
        #expect(backup.status == 0, "\(backup.error)")
        let read = try run(["call", "store.settings", "--db", directory.path("b.sqlite")], in: directory)
        #expect(read.output.contains("Kept"))
    }

    @Test func demoIsReproducibleForASeed() throws {
        let directory = try TemporaryDirectory()
        var listings: [String] = []
        for name in ["a.sqlite", "b.sqlite"] {
            let demo = try run(
                ["demo", "--db", directory.path(name), "--customers", "40", "--seed", "7", "--until", "2026-06-01T00:00:00Z"], in: directory)
            #expect(demo.status == 0, "\(demo.error)")
            #expect(demo.output.contains("40 customers"))
            let list = try run(["call", "orders.list", #"{"limit":1000}"#, "--db", directory.path(name)], in: directory)
            #expect(list.status == 0)
            listings.append(list.output)
        }
        #expect(listings[0] == listings[1])
        #expect(listings[0].contains("demo-"))
        let again = try run(["demo", "--db", directory.path("a.sqlite")], in: directory)
        #expect(again.status != 0, "the demo never fills an existing database")
    }

    @Test func docsPrintsTheCommittedProtocol() throws {
        let directory = try TemporaryDirectory()
        let docs = try run(["docs"], in: directory)
        #expect(docs.status == 0)
        let committed = try String(contentsOf: RapportProcess.packageRoot.appendingPathComponent("protocol.md"), encoding: .utf8)
        #expect(docs.output == committed, "protocol.md is stale: run `swift run rapport docs --output protocol.md`")
    }

    @Test(arguments: [
        ([String](), ["serve", "call", "mcp", "schema", "demo", "docs", "backup"]),
        (["demo"], ["--db", "--customers", "--orders", "--seed", "--until"]),
        (["serve"], ["--socket", "--db", "--read-only", "--durability", "--max-line-bytes", "--max-in-flight-per-connection", "--modules"]),
        (["mcp"], ["--db", "--socket", "--allow-writes"]),
        (["schema"], ["--output"]),
        (["call"], ["--socket", "--db", "<method>", "<params-json>"]),
        (["backup"], ["--db", "--to"]),
        (["docs"], ["--output"]),
    ])
    func helpDescribesEveryCommand(command: [String], mentions: [String]) throws {
        let directory = try TemporaryDirectory()
        let help = try run(command + ["--help"], in: directory)
        #expect(help.status == 0)
        for word in mentions { #expect(help.output.contains(word), "\(command) --help lacks \(word)") }
        #expect(help.output.contains("USAGE"))
    }
}
