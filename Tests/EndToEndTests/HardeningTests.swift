import Foundation
import Testing

/// Greedy, idle, foreign and pipelining clients against the real server, from Python
/// (`Python/hardening_check.py` says what each check proves).
@Suite struct HardeningTests {
    @Test func noClientCanHurtTheOthers() throws {
        let (status, output) = try PythonScript.run("hardening_check.py", [try RapportProcess.binary.path, "--pings", "500000"])
        #expect(status == 0, "\(output)")
        #expect(output.contains(" passed, 0 failed"), "\(output)")
    }
}

/// Every method driven from its schema with boundary values, wrong types, duplicate members
/// and hostile envelopes (`Python/schema_fuzz.py`): no reply is -32603, none is missing, none
/// is out of order, and the server never crashes — over both transports.
@Suite struct SchemaFuzzTests {
    @Test(arguments: [("stdio", 1), ("socket", 2)])
    func everyMethodSurvivesBoundaryValues(transport: String, seed: Int) throws {
        let (status, output) = try PythonScript.run(
            "schema_fuzz.py",
            [
                try RapportProcess.binary.path, "--cases", "3000", "--seed", "\(seed)", "--transport", transport,
            ])
        #expect(status == 0, "\(output.suffix(6000))")
        #expect(output.contains(" passed, 0 failed"), "\(output.suffix(2000))")
    }
}
