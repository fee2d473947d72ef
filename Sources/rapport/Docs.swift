import ArgumentParser
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
            try GeneratedDocument.write(to: output) { $0.protocolDocument() }
        }
    }
}
