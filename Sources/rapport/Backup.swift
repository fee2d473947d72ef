import ArgumentParser
import Foundation
import Rapport
import RapportStorage

extension RapportCommand {
    struct Backup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy a database to a new file with SQLite's online backup.",
            discussion: "Safe while a server is running on the same database: the copy is a consistent snapshot."
        )

        @OptionGroup var database: DatabaseOptions

        @Option(help: ArgumentHelp("The backup file to create; must not exist.", valueName: "path"))
        var to: String

        func run() async throws {
            let engine = try Engine(
                configuration: EngineConfiguration(
                    databasePath: database.db, storeOptions: StoreOptions(readOnly: true)))
            defer { engine.close() }
            let result = try await engine.backup(to: to)
            print("backed up \(database.db) to \(result.path): \(result.bytes) bytes in \(result.milliseconds) ms")
        }
    }
}
