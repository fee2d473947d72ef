import Foundation
import Rapport

/// What `rapport docs` and `rapport schema` print: a document made from the method registry of
/// an engine opened on a throwaway database, written to a file or to standard output.
enum GeneratedDocument {
    static func write(to output: String?, _ make: (Engine) -> String) throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("rapport-registry-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let engine = try Engine(configuration: EngineConfiguration(databasePath: directory.appendingPathComponent("registry.sqlite").path))
        let text = make(engine)
        engine.close()
        if let output {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output))
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}
