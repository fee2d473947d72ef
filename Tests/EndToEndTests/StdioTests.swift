import Foundation
import Testing

/// `rapport serve` over standard input and output, as a plugin host or a shell script drives it.
@Suite(.serialized) struct StdioTests {
    @Test func answersPingThroughPipesAndExitsAtEndOfInput() throws {
        let directory = try TemporaryDirectory()
        let server = try RapportProcess(["serve", "--db", directory.path("db.sqlite")], directory: directory.url)
        server.write(#"{"jsonrpc":"2.0","id":1,"method":"server.ping"}"# + "\n")
        server.closeInput()
        let output = server.readAllOutput()
        #expect(server.waitForExit() == 0)
        #expect(parseObject(output.trimmingCharacters(in: .newlines))?["result"] as? String == "pong")
        #expect(output.hasSuffix("\n"))
        #expect(output.components(separatedBy: "\n").count == 2)
    }

    @Test func servesRegularFilesOnBothSides() throws {
        let directory = try TemporaryDirectory()
        let requests = (1...200).map { id in
            id % 2 == 0
                ? #"{"jsonrpc":"2.0","id":\#(id),"method":"server.ping"}"#
                : #"{"jsonrpc":"2.0","id":\#(id),"method":"store.configure","params":{"name":"shop \#(id)"}}"#
        }
        let input = directory.path("requests.ndjson")
        let output = directory.path("replies.ndjson")
        try (requests.joined(separator: "\n") + "\n").write(toFile: input, atomically: true, encoding: .utf8)
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        let server = try RapportProcess(
            ["serve", "--db", directory.path("db.sqlite")],
            standardInput: try FileHandle(forReadingFrom: URL(fileURLWithPath: input)),
            standardOutput: try FileHandle(forWritingTo: URL(fileURLWithPath: output)),
            directory: directory.url)
        #expect(server.waitForExit() == 0, "\(server.standardError)")
        let lines = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.count == 200)
        for (index, line) in lines.enumerated() {
            let object = parseObject(line)
            #expect(object?["id"] as? Int == index + 1, "replies come in request order")
            #expect(object?["error"] == nil, "\(line)")
        }
        #expect((parseObject(lines[198])?["result"] as? [String: Any])?["name"] as? String == "shop 199")
    }

    @Test func endsCleanlyOnDevNull() throws {
        let directory = try TemporaryDirectory()
        let server = try RapportProcess(
            ["serve", "--db", directory.path("db.sqlite")],
            standardInput: FileHandle(forReadingAtPath: "/dev/null")!, directory: directory.url)
        #expect(server.readAllOutput().isEmpty)
        #expect(server.waitForExit() == 0, "\(server.standardError)")
    }

    @Test func answersAnUnterminatedLastLine() throws {
        let directory = try TemporaryDirectory()
        let server = try RapportProcess(["serve", "--db", directory.path("db.sqlite")], directory: directory.url)
        server.write(#"{"jsonrpc":"2.0","id":7,"method":"server.ping"}"#)
        server.closeInput()
        let output = server.readAllOutput()
        #expect(server.waitForExit() == 0)
        #expect(parseObject(output.trimmingCharacters(in: .newlines))?["id"] as? Int == 7)
    }

    @Test func logsGoToStandardErrorOnly() throws {
        let directory = try TemporaryDirectory()
        let server = try RapportProcess(
            ["serve", "--db", directory.path("db.sqlite"), "--log-level", "trace"], directory: directory.url)
        server.write(#"{"jsonrpc":"2.0","id":1,"method":"server.info"}"# + "\n")
        server.closeInput()
        let output = server.readAllOutput()
        #expect(server.waitForExit() == 0)
        let lines = output.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.allSatisfy { parseObject(String($0)) != nil })
    }

    @Test func answersEveryMalformedInputInOrder() throws {
        let directory = try TemporaryDirectory()
        let server = try RapportProcess(["serve", "--db", directory.path("db.sqlite")], directory: directory.url)
        var input: [UInt8] = []
        for (index, malformed) in MalformedInput.all.enumerated() {
            input += malformed.bytes + [UInt8(ascii: "\n")] + Array((marker(index) + "\n").utf8)
        }
        let bytes = Data(input)
        let stdin = server.stdin.fileHandleForWriting
        let writer = Thread {
            stdin.write(bytes)
            try? stdin.close()
        }
        writer.start()
        let output = server.readAllOutput()
        #expect(server.waitForExit() == 0, "\(server.standardError)")
        var lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        var cursor = 0
        for (index, malformed) in MalformedInput.all.enumerated() {
            var replies: [String] = []
            while cursor < lines.count, !lines[cursor].contains("\"mark-\(index)\"") {
                replies.append(lines[cursor])
                cursor += 1
            }
            cursor += 1
            #expect(replies.count <= 1, "\(malformed.name): \(replies.count) replies")
            check(replies.first, against: malformed)
        }
        #expect(cursor == lines.count)
    }
}
