import ArgumentParser
import Rapport
import RapportJSON
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
            try GeneratedDocument.write(to: output) { $0.requestLineSchema().prettyPrinted() + "\n" }
        }
    }
}
