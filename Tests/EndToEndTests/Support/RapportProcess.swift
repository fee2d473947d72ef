import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The real `rapport` executable, started as a child process: what these tests talk to.
final class RapportProcess {
    let process = Process()
    let stdin = Pipe()
    let stdout = Pipe()
    let stderrFile: URL

    /// The built `rapport` binary: beside the test bundle, in the same build directory.
    static var binary: URL {
        get throws {
            if let override = ProcessInfo.processInfo.environment["RAPPORT_BINARY"] {
                return URL(fileURLWithPath: override)
            }
            let candidates = [
                Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("rapport"),
                Bundle.main.bundleURL.appendingPathComponent("rapport"),
                URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("rapport"),
                packageRoot.appendingPathComponent(".build/debug/rapport"),
            ]
            guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
                throw TestFailure("the rapport binary was not built; looked in \(candidates.map(\.path))")
            }
            return found
        }
    }

    /// The repository's root, found from this file's path.
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Starts `rapport` with `arguments`; standard input and output are pipes unless given.
    init(_ arguments: [String], standardInput: Any? = nil, standardOutput: Any? = nil, directory: URL) throws {
        stderrFile = directory.appendingPathComponent("stderr-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: stderrFile.path, contents: nil)
        process.executableURL = try Self.binary
        process.arguments = arguments
        process.standardInput = standardInput ?? stdin
        process.standardOutput = standardOutput ?? stdout
        process.standardError = try FileHandle(forWritingTo: stderrFile)
        try process.run()
    }

    /// What the process logged so far.
    var standardError: String { (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? "" }

    /// Writes to the process's standard input.
    func write(_ text: String) { stdin.fileHandleForWriting.write(Data(text.utf8)) }

    /// Closes the process's standard input (end of input).
    func closeInput() { try? stdin.fileHandleForWriting.close() }

    /// Reads standard output to its end.
    func readAllOutput() -> String {
        String(decoding: stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }

    /// Sends a signal.
    func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// Waits for the process to exit, at most `seconds`; kills it past that.
    @discardableResult
    func waitForExit(seconds: Double = 20) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline { usleep(10_000) }
        guard !process.isRunning else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return nil
        }
        return process.terminationStatus
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}

/// A failure with a message, for setup steps that cannot go on.
struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A temporary directory removed at the end of a test.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        // Short path: Unix socket paths are limited to 107 bytes.
        url = URL(fileURLWithPath: "/tmp/rp-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    deinit { try? FileManager.default.removeItem(at: url) }
}
