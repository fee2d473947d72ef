import Foundation
import GRDB
import Synchronization
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `rapport serve --socket`: many clients, a real Unix socket, the real binary.
@Suite(.serialized) struct SocketTests {
    /// A server on a fresh database, with extra flags.
    static func start(_ directory: TemporaryDirectory, _ flags: [String] = []) throws -> (RapportProcess, String) {
        let socket = directory.path("r.sock")
        let server = try RapportProcess(
            ["serve", "--db", directory.path("db.sqlite"), "--socket", socket] + flags, directory: directory.url)
        try SocketClient.waitForServer(at: socket)
        return (server, socket)
    }

    @Test func answersEveryMalformedInputWhileAnotherClientIsServed() throws {
        let directory = try TemporaryDirectory()
        let (server, socket) = try Self.start(directory)
        let bystanderErrors = Shared<[String]>([])
        let stop = Shared(false)
        let answered = Shared(0)
        let bystander = Thread {
            do {
                let client = try SocketClient(path: socket)
                var id = 0
                while !stop.value {
                    id += 1
                    try client.send(#"{"jsonrpc":"2.0","id":\#(id),"method":"server.ping"}"# + "\n")
                    let reply = try client.readJSON()
                    if reply?["id"] as? Int != id || reply?["result"] as? String != "pong" {
                        bystanderErrors.withLock { $0.append("\(String(describing: reply))") }
                    }
                    answered.withLock { $0 += 1 }
                }
            } catch {
                bystanderErrors.withLock { $0.append("\(error)") }
            }
        }
        bystander.start()

        let client = try SocketClient(path: socket)
        for (index, malformed) in MalformedInput.all.enumerated() {
            try client.send(malformed.bytes + [UInt8(ascii: "\n")])
            try client.send(marker(index) + "\n")
            var replies: [String] = []
            while let line = try client.readLine(), !line.contains("\"mark-\(index)\"") {
                replies.append(line)
            }
            #expect(replies.count <= 1, "\(malformed.name): \(replies.count) replies")
            check(replies.first, against: malformed)
        }
        stop.withLock { $0 = true }
        while bystander.isExecuting { usleep(1000) }
        #expect(bystanderErrors.withLock { $0 }.isEmpty)
        #expect(answered.value > 0)
        server.signal(SIGTERM)
        #expect(server.waitForExit() == 0, "\(server.standardError)")
    }

    @Test func socketIsPrivateAndRemovedOnShutdown() throws {
        let directory = try TemporaryDirectory()
        let (server, socket) = try Self.start(directory)
        var status = stat()
        #expect(stat(socket, &status) == 0)
        #expect(status.st_mode & 0o777 == 0o600)
        server.signal(SIGINT)
        #expect(server.waitForExit() == 0, "\(server.standardError)")
        #expect(!FileManager.default.fileExists(atPath: socket))
    }

    @Test func refusesALiveSocketAndReplacesAStaleOne() throws {
        let directory = try TemporaryDirectory()
        let (first, socket) = try Self.start(directory)
        let second = try RapportProcess(
            ["serve", "--db", directory.path("other.sqlite"), "--socket", socket], directory: directory.url)
        #expect(second.waitForExit() != 0)
        #expect(second.standardError.contains("another server is listening"))
        #expect(try SocketClient(path: socket).send("") == ())

        first.signal(SIGKILL)
        first.waitForExit()
        #expect(FileManager.default.fileExists(atPath: socket), "kill -9 leaves the socket file behind")
        let (third, _) = try Self.start(directory)
        let client = try SocketClient(path: socket)
        try client.send(#"{"jsonrpc":"2.0","id":1,"method":"server.ping"}"# + "\n")
        #expect(try client.readJSON()?["result"] as? String == "pong")
        third.signal(SIGTERM)
        #expect(third.waitForExit() == 0)
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        let directory = try TemporaryDirectory()
        let (server, socket) = try Self.start(directory)
        let client = try SocketClient(path: socket)
        var burst = ""
        for id in 1...1000 {
            switch id % 3 {
            case 0: burst += #"{"jsonrpc":"2.0","id":\#(id),"method":"store.configure","params":{"name":"n\#(id)"}}"# + "\n"
            case 1: burst += #"{"jsonrpc":"2.0","id":\#(id),"method":"store.settings"}"# + "\n"
            default: burst += #"{"jsonrpc":"2.0","id":\#(id),"method":"server.ping"}"# + "\n"
            }
        }
        try client.send(burst)
        for id in 1...1000 {
            let reply = try client.readJSON()
            #expect(reply?["id"] as? Int == id)
            #expect(reply?["error"] == nil)
        }
        server.signal(SIGTERM)
        #expect(server.waitForExit() == 0, "\(server.standardError)")
    }

    @Test func halfClosedClientStillGetsEveryReply() throws {
        let directory = try TemporaryDirectory()
        let (server, socket) = try Self.start(directory)
        let client = try SocketClient(path: socket)
        for id in 1...50 {
            try client.send(#"{"jsonrpc":"2.0","id":\#(id),"method":"store.configure","params":{"name":"n\#(id)"}}"# + "\n")
        }
        try client.send(#"{"jsonrpc":"2.0","id":51,"method":"server.ping"}"#)  // no newline: executed at end of input
        client.finishSending()
        var ids: [Int] = []
        while let reply = try client.readJSON() { ids.append(reply["id"] as? Int ?? -1) }
        #expect(ids == Array(1...51))
        server.signal(SIGTERM)
        #expect(server.waitForExit() == 0, "\(server.standardError)")
    }

    @Test func tooManyConnectionsAreToldSo() throws {
        let directory = try TemporaryDirectory()
        let (server, socket) = try Self.start(directory, ["--max-connections", "2"])
        /// A connection that the server admitted (the probe of `start` may still be counted for a moment).
        func admitted() throws -> SocketClient {
            for _ in 0..<100 {
                let client = try SocketClient(path: socket)
                try client.send(#"{"jsonrpc":"2.0","id":1,"method":"server.ping"}"# + "\n")
                if try client.readJSON()?["result"] as? String == "pong" { return client }
                usleep(20_000)
            }
            throw TestFailure("the server admits no connection")
        }
        let first = try admitted()
        let second = try admitted()
        let third = try SocketClient(path: socket)
        let refusal = try third.readJSON()
        #expect((refusal?["error"] as? [String: Any])?["code"] as? Int == -32001)
        #expect(((refusal?["error"] as? [String: Any])?["data"] as? [String: Any])?["limit"] as? String == "maxConnections")
        #expect(try third.readLine() == nil, "the refused connection is closed")
        for client in [first, second] {
            try client.send(#"{"jsonrpc":"2.0","id":2,"method":"server.ping"}"# + "\n")
            #expect(try client.readJSON()?["result"] as? String == "pong")
        }
        server.signal(SIGTERM)
        #expect(server.waitForExit() == 0, "\(server.standardError)")
    }

    @Test func backpressureBoundsWorkInFlight() throws {
        let directory = try TemporaryDirectory()
        let (server, socket) = try Self.start(directory, ["--max-in-flight-per-connection", "4"])
        let client = try SocketClient(path: socket)
        var burst = ""
        for id in 1...300 {
            burst += #"{"jsonrpc":"2.0","id":\#(id),"method":"store.configure","params":{"name":"n\#(id)"}}"# + "\n"
        }
        try client.send(burst)
        for id in 1...300 { #expect(try client.readJSON()?["id"] as? Int == id) }
        server.signal(SIGTERM)
        #expect(server.waitForExit() == 0, "\(server.standardError)")
    }

    @Test func subscribersReceiveCommittedEvents() throws {
        let directory = try TemporaryDirectory()
        let (server, socket) = try Self.start(directory)
        let listener = try SocketClient(path: socket)
        try listener.send(#"{"jsonrpc":"2.0","id":1,"method":"events.subscribe","params":{"topics":["store.*"]}}"# + "\n")
        #expect((try listener.readJSON()?["result"] as? [String: Any])?["topics"] as? [String] == ["store.*"])

        let writer = try SocketClient(path: socket)
        try writer.send(#"{"jsonrpc":"2.0","id":1,"method":"store.configure","params":{"currency":"EUR","dryRun":true}}"# + "\n")
        #expect(((try writer.readJSON()?["result"] as? [String: Any])?["dryRun"] as? Bool) == true)
        try writer.send(#"{"jsonrpc":"2.0","id":2,"method":"store.configure","params":{"currency":"EUR"}}"# + "\n")
        _ = try writer.readLine()

        let event = try listener.readJSON()
        #expect(event?["method"] as? String == "event")
        #expect(event?["id"] == nil)
        let params = event?["params"] as? [String: Any]
        #expect(params?["topic"] as? String == "store.configured")
        #expect(params?["seq"] as? Int == 1, "the dry run published nothing")
        #expect(((params?["data"] as? [String: Any])?["settings"] as? [String: Any])?["currency"] as? String == "EUR")

        try listener.send(#"{"jsonrpc":"2.0","id":2,"method":"events.unsubscribe"}"# + "\n")
        #expect((try listener.readJSON()?["result"] as? [String: Any])?["topics"] as? [String] == [])
        server.signal(SIGTERM)
        #expect(server.waitForExit() == 0, "\(server.standardError)")
    }

    @Test func readOnlyServerRefusesMutations() throws {
        let directory = try TemporaryDirectory()
        let (writable, _) = try Self.start(directory)
        writable.signal(SIGTERM)
        writable.waitForExit()
        let (server, socket) = try Self.start(directory, ["--read-only"])
        let client = try SocketClient(path: socket)
        try client.send(#"{"jsonrpc":"2.0","id":1,"method":"store.configure","params":{"name":"x"}}"# + "\n")
        let reply = try client.readJSON()
        let error = reply?["error"] as? [String: Any]
        #expect(error?["code"] as? Int == -32000)
        #expect((error?["data"] as? [String: Any])?["reason"] as? String == "read_only")
        try client.send(#"{"jsonrpc":"2.0","id":2,"method":"server.info"}"# + "\n")
        #expect((try client.readJSON()?["result"] as? [String: Any])?["readOnly"] as? Bool == true)
        server.signal(SIGTERM)
        #expect(server.waitForExit() == 0, "\(server.standardError)")
    }

    @Test func mutationsAreAuditedWithThePeerIdentity() throws {
        let directory = try TemporaryDirectory()
        let (server, socket) = try Self.start(directory)
        let client = try SocketClient(path: socket)
        try client.send(#"{"jsonrpc":"2.0","id":1,"method":"store.configure","params":{"name":"Audited","idempotencyKey":"a-1"}}"# + "\n")
        _ = try client.readLine()
        try client.send(#"{"jsonrpc":"2.0","id":2,"method":"store.configure","params":{"name":"Audited","idempotencyKey":"a-1"}}"# + "\n")
        _ = try client.readLine()
        server.signal(SIGTERM)
        #expect(server.waitForExit() == 0, "\(server.standardError)")
        let database = try DatabaseQueue(path: directory.path("db.sqlite"))
        let rows = try database.read { try Row.fetchAll($0, sql: "SELECT actor, method, target FROM rapport_audit") }
        #expect(rows.count == 1, "the replayed request changed nothing")
        #expect(rows.first?["actor"] == "uid:\(getuid()) pid:\(getpid())")
        #expect(rows.first?["method"] == "store.configure")
    }

    @Test func shutdownFinishesInFlightRequestsAndLosesNoAcknowledgedWrite() throws {
        let directory = try TemporaryDirectory()
        let (server, socket) = try Self.start(directory)
        let client = try SocketClient(path: socket)
        var burst = ""
        for id in 1...2000 {
            burst += #"{"jsonrpc":"2.0","id":\#(id),"method":"store.configure","params":{"name":"n\#(id)"}}"# + "\n"
        }
        try client.send(burst)
        _ = try client.readLine()
        server.signal(SIGTERM)
        var lastAcknowledged = 1
        while let reply = try client.readJSON() {
            #expect(reply["id"] as? Int == lastAcknowledged + 1)
            #expect(reply["error"] == nil)
            lastAcknowledged = reply["id"] as? Int ?? lastAcknowledged
        }
        #expect(server.waitForExit() == 0, "\(server.standardError)")
        let database = try DatabaseQueue(path: directory.path("db.sqlite"))
        let name = try database.read { try String.fetchOne($0, sql: "SELECT value ->> '$.name' FROM engine_config WHERE name = 'store'") }
        #expect(name == "n\(lastAcknowledged)")
    }

    @Test(arguments: [
        "bot_client_check.py", "customers_day_check.py", "loyalty_year_check.py", "feedback_day_check.py", "metrics_history_check.py",
        "python_package_check.py",
    ])
    func pythonStandardLibraryClient(script name: String) throws {
        let directory = try TemporaryDirectory()
        let (server, socket) = try Self.start(directory)
        let (status, text) = try PythonScript.run(name, [socket])
        #expect(status == 0, "\(text)")
        #expect(text.contains("ok"))
        server.signal(SIGTERM)
        #expect(server.waitForExit() == 0, "\(server.standardError)")
    }
}
