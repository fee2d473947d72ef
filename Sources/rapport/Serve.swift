import ArgumentParser
import Foundation
import Logging
import Rapport
import RapportCore
import RapportServer
import RapportStorage
import ServiceLifecycle
import UnixSignals

#if canImport(Glibc)
    import Glibc
#endif

extension RapportCommand {
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve JSON-RPC on standard input/output, or on a Unix socket with --socket.",
            discussion: """
                Without --socket, requests are read from standard input, one per line, and each is answered \
                with one line on standard output; logs go to standard error. The server exits when input ends, \
                after answering everything it read:
                  printf '%s\\n' '{"jsonrpc":"2.0","id":1,"method":"server.ping"}' | rapport serve

                With --socket, many clients connect at once; the socket is private to this user (mode 0600) \
                unless --allow-uid names other users who may connect. SIGINT or SIGTERM stop accepting, finish \
                in-flight requests and remove the socket. The database and its backups are created private \
                to this user (mode 0600).
                """
        )

        @OptionGroup var database: DatabaseOptions

        @Option(help: ArgumentHelp("Serve on this Unix socket instead of standard input/output.", valueName: "path"))
        var socket: String?

        @Flag(help: "Refuse every mutating method (read_only); the database is opened read-only.")
        var readOnly = false

        @Option(
            name: .customLong("allow-uid"),
            help: ArgumentHelp(
                "Let this user id connect to the socket too (checked with SO_PEERCRED); repeat for more.", valueName: "uid"))
        var allowedUIDs: [UInt32] = []

        @Option(help: ArgumentHelp("The only directory server.backup writes to (default: backups/ beside the database).", valueName: "path"))
        var backupDir: String?

        @Option(
            help: ArgumentHelp(
                "full: an acknowledged write survives power loss. normal: faster, may lose the last writes on power loss.", valueName: "mode"))
        var durability: Durability = .full

        @Option(
            help: ArgumentHelp(
                "Serve only these domain modules, comma-separated (default: customers,loyalty,feedback,metrics). A store can gain modules later, never lose them.",
                valueName: "names"))
        var modules: String?

        @OptionGroup(title: "Limits") var limitOptions: LimitOptions

        @OptionGroup var logging: LoggingOptions

        func validate() throws {
            do {
                _ = try servedModules()
            } catch let error as RapportError {
                throw ValidationError("--modules: \(error.message)")
            }
        }

        private func servedModules() throws -> [any ModuleFactory] {
            guard let modules else { return Engine.standardModules }
            return try Engine.standardModules(named: modules.split(separator: ",").map(String.init))
        }

        func run() async throws {
            signal(SIGPIPE, SIG_IGN)
            let logger = logging.bootstrap(label: "rapport")
            let engine = try Engine(
                configuration: EngineConfiguration(
                    databasePath: database.db,
                    storeOptions: StoreOptions(durability: durability, readOnly: readOnly),
                    limits: limitOptions.limits,
                    logger: logger,
                    modules: try servedModules(),
                    backupDirectory: backupDir
                ))
            defer { engine.close() }

            let service: any Service
            let terminationBehavior: ServiceGroupConfiguration.ServiceConfiguration.TerminationBehavior
            if let socket {
                service = SocketServer(engine: engine, path: socket, allowedUIDs: Set(allowedUIDs), logger: logger)
                terminationBehavior = .cancelGroup
            } else {
                if isatty(STDIN_FILENO) == 1 {
                    FileHandle.standardError.write(
                        Data(
                            "rapport \(Engine.version) on \(engine.store.path): type one JSON-RPC request per line; Ctrl-D quits.\n".utf8))
                }
                service = StdioServer(engine: engine, logger: logger)
                // Standard input ending is a normal end: shut down gracefully, never cancel mid-request.
                terminationBehavior = .gracefullyShutdownGroup
            }
            let group = ServiceGroup(
                configuration: ServiceGroupConfiguration(
                    services: [.init(service: service, successTerminationBehavior: terminationBehavior)],
                    gracefulShutdownSignals: [.sigterm, .sigint],
                    logger: logger
                ))
            try await group.run()
        }
    }
}
