import Foundation

/// A standard-library Python script of `Tests/EndToEndTests/Python` (or another folder of
/// `Tests/`), run to its end: the way a bot or a spreadsheet script would talk to the server.
enum PythonScript {
    /// Runs `name` (in `folder` of `Tests/`) with `arguments`; returns its exit status and
    /// everything it printed.
    static func run(_ name: String, in folder: String = "EndToEndTests/Python", _ arguments: [String]) throws -> (status: Int32, output: String) {
        let script = RapportProcess.packageRoot.appendingPathComponent("Tests/\(folder)/\(name)")
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", script.path] + arguments
        let output = Pipe()
        python.standardOutput = output
        python.standardError = output
        try python.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        python.waitUntilExit()
        return (python.terminationStatus, text)
    }
}
