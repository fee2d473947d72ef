import Foundation

/// Runs a Python script of the end-to-end folder, the way a bot or a spreadsheet script would
/// talk to the server. The script finds the `rapport` binary in `RAPPORT_EXECUTABLE`.
enum PythonScript {
    /// Runs `name` (in `folder` of `Tests/`) with `arguments` under `interpreter`; returns its exit
    /// status and everything it printed.
    static func run(
        _ name: String, in folder: String = "EndToEndTests/Python", interpreter: String = "python3", _ arguments: [String]
    ) throws -> (status: Int32, output: String) {
        let script = RapportProcess.packageRoot.appendingPathComponent("Tests/\(folder)/\(name)")
        return try runProgram([interpreter, script.path] + arguments)
    }

    /// Runs a program found on `PATH` with `RAPPORT_EXECUTABLE` set; returns its exit status and
    /// everything it printed.
    static func runProgram(_ command: [String]) throws -> (status: Int32, output: String) {
        let program = Process()
        program.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        program.arguments = command
        var environment = ProcessInfo.processInfo.environment
        environment["RAPPORT_EXECUTABLE"] = try RapportProcess.binary.path
        program.environment = environment
        let output = Pipe()
        program.standardOutput = output
        program.standardError = output
        try program.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        program.waitUntilExit()
        return (program.terminationStatus, text)
    }

    /// The Python of the clients' virtual environment (`.build/clients-venv`, made by `.ci/run`
    /// and the README's set-up), which holds the MCP SDK.
    static var clientsInterpreter: String {
        get throws {
            let path = RapportProcess.packageRoot.appendingPathComponent(".build/clients-venv/bin/python").path
            guard FileManager.default.isExecutableFile(atPath: path) else {
                throw TestFailure(
                    "no \(path): make it with `python3 -m venv .build/clients-venv && .build/clients-venv/bin/pip install 'mcp>=2' ./clients/python` (README, Set-up)"
                )
            }
            return path
        }
    }
}
