import Foundation
import Testing

/// The clients of the clients issue against the real executable: the MCP server under the
/// official MCP Python SDK in both protocol eras, the request-line schema an editor validates
/// with, and the LibreOffice Calc sheet of the KPI dashboard.
@Suite struct ClientTests {
    /// A demo store of a few hundred customers, the way a user would try the clients.
    private static func demoStore(_ directory: TemporaryDirectory) throws -> String {
        let path = directory.path("demo.sqlite")
        let demo = try RapportProcess(
            ["demo", "--db", path, "--customers", "300", "--until", "2026-12-01T00:00:00Z"], directory: directory.url)
        #expect(demo.waitForExit(seconds: 300) == 0, "\(demo.standardError)")
        return path
    }

    @Test func theMCPServerServesBothErasUnderTheOfficialSDK() throws {
        let directory = try TemporaryDirectory()
        let store = try Self.demoStore(directory)
        let (status, text) = try PythonScript.run(
            "mcp_check.py", interpreter: try PythonScript.clientsInterpreter, [try RapportProcess.binary.path, store])
        #expect(status == 0, "\(text)")
        #expect(text.contains("ok"))
    }

    @Test func theRequestLineSchemaValidatesScriptsAsAnEditorWould() throws {
        let (status, text) = try PythonScript.run(
            "schema_check.py", interpreter: try PythonScript.clientsInterpreter, [try RapportProcess.binary.path])
        #expect(status == 0, "\(text)")
        #expect(text.contains("ok"))
    }

    @Test func theCalcSheetHoldsWhatTheProtocolAnswers() throws {
        let script = RapportProcess.packageRoot.appendingPathComponent("Tests/EndToEndTests/Python/calc_check.sh")
        let (status, text) = try PythonScript.runProgram(["bash", script.path, try RapportProcess.binary.path])
        #expect(status == 0, "\(text)")
        #expect(text.contains("ok"))
    }
}
