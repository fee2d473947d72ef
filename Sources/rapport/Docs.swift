import ArgumentParser
import Foundation
import Rapport

extension RapportCommand {
    struct Docs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print protocol.md: framing, errors, limits, events and every method.",
            discussion: "Generated from the method registry; the repository's protocol.md is this output."
        )

        @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "path"))
        var output: String?

        func run() async throws {
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("rapport-docs-\(ProcessInfo.processInfo.processIdentifier)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let engine = try Engine(
                configuration: EngineConfiguration(
                    databasePath: directory.appendingPathComponent("docs.sqlite").path))
            let markdown = engine.protocolDocument()
            engine.close()
            if let output {
                try Data(markdown.utf8).write(to: URL(fileURLWithPath: output))
            } else {
                FileHandle.standardOutput.write(Data(markdown.utf8))
            }
        }
    }
}
