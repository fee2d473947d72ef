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
