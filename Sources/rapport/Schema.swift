import ArgumentParser
import Foundation
import Rapport
import RapportRPC

extension RapportCommand {
    struct Schema: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a JSON Schema of a request line, for editors that validate .ndjson scripts.",
            discussion: """
                Every method with its params (draft 2020-12), generated from the method registry:
                  rapport schema --output rapport-request.schema.json
                """
        )

        @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "path"))
        var output: String?

        func run() async throws {
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("rapport-schema-\(ProcessInfo.processInfo.processIdentifier)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let engine = try Engine(configuration: EngineConfiguration(databasePath: directory.appendingPathComponent("schema.sqlite").path))
            let schema = engine.requestLineSchema().prettyPrinted() + "\n"
            engine.close()
            if let output {
                try Data(schema.utf8).write(to: URL(fileURLWithPath: output))
            } else {
                FileHandle.standardOutput.write(Data(schema.utf8))
            }
        }
    }
}
