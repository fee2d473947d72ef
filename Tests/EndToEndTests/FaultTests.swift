import Foundation
import Testing

/// The fault-injection scripts of `Tests/Faults` against the real binary: `kill -9` under a mixed
/// write load (three trials here; the release note runs a hundred), a full and a read-only disk
/// on a small tmpfs (skipped where the machine cannot mount one), and backups taken under load.
@Suite(.serialized) struct FaultTests {
    @Test(arguments: [
        ["kill9.py", "--trials", "3"],
        ["full_disk.py"],
        ["backup_under_load.py"],
    ])
    func faultScript(_ command: [String]) throws {
        let (status, output) = try PythonScript.run(command[0], in: "Faults", ["--rapport", try RapportProcess.binary.path] + command.dropFirst())
        #expect(status == 0, "\(output.suffix(6000))")
        #expect(output.contains(" failed"), "\(output.suffix(2000))")
    }
}
