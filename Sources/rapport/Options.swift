public import ArgumentParser
import Logging
import RapportRPC
import RapportStorage

/// The database file, shared by every command that opens one.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The SQLite database file; created on first use.", valueName: "path"))
    var db = "rapport.sqlite"
}

/// How much the server logs to standard error.
struct LoggingOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Log level on standard error: trace, debug, info, notice, warning, error, critical.", valueName: "level"))
    var logLevel: Logger.Level = .info

    /// Sends every log to standard error (standard output belongs to the protocol) and returns a logger.
    func bootstrap(label: String) -> Logger {
        let level = logLevel
        LoggingSystem.bootstrap { name in
            var handler = StreamLogHandler.standardError(label: name)
            handler.logLevel = level
            return handler
        }
        return Logger(label: label)
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
extension Durability: ExpressibleByArgument {}

/// The protocol limits, each a flag.
struct LimitOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Longest request line in bytes.", valueName: "bytes"))
    var maxLineBytes = ProtocolLimits.default.maxLineBytes
    @Option(help: ArgumentHelp("Most requests in one batch.", valueName: "count"))
    var maxBatchSize = ProtocolLimits.default.maxBatchSize
    @Option(help: ArgumentHelp("Deepest nesting of arrays and objects.", valueName: "depth"))
    var maxDepth = ProtocolLimits.default.maxDepth
    @Option(help: ArgumentHelp("Longest string or key in bytes.", valueName: "bytes"))
    var maxStringBytes = ProtocolLimits.default.maxStringBytes
    @Option(help: ArgumentHelp("Most socket connections at once.", valueName: "count"))
    var maxConnections = ProtocolLimits.default.maxConnections
    @Option(help: ArgumentHelp("Requests of one connection worked on at once before the server stops reading it.", valueName: "count"))
    var maxInFlightPerConnection = ProtocolLimits.default.maxInFlightPerConnection
    @Option(help: ArgumentHelp("Bytes of unread replies to one connection before the server stops reading it.", valueName: "bytes"))
    var maxUnwrittenBytesPerConnection = ProtocolLimits.default.maxUnwrittenBytesPerConnection
    @Option(help: ArgumentHelp("Socket connections of one client process at once.", valueName: "count"))
    var maxConnectionsPerPeer = ProtocolLimits.default.maxConnectionsPerPeer
    @Option(help: ArgumentHelp("Seconds a quiet socket connection stays open; 0: forever.", valueName: "seconds"))
    var idleTimeoutSeconds = ProtocolLimits.default.idleTimeoutSeconds

    var limits: ProtocolLimits {
        ProtocolLimits(
            maxLineBytes: maxLineBytes, maxBatchSize: maxBatchSize, maxDepth: maxDepth, maxStringBytes: maxStringBytes,
            maxConnections: maxConnections, maxInFlightPerConnection: maxInFlightPerConnection,
            maxUnwrittenBytesPerConnection: maxUnwrittenBytesPerConnection, maxConnectionsPerPeer: maxConnectionsPerPeer,
            idleTimeoutSeconds: idleTimeoutSeconds)
    }

    func validate() throws {
        for (name, value) in [
            ("--max-line-bytes", maxLineBytes), ("--max-batch-size", maxBatchSize), ("--max-depth", maxDepth),
            ("--max-string-bytes", maxStringBytes), ("--max-connections", maxConnections),
            ("--max-in-flight-per-connection", maxInFlightPerConnection),
            ("--max-unwritten-bytes-per-connection", maxUnwrittenBytesPerConnection), ("--max-connections-per-peer", maxConnectionsPerPeer),
        ] where value < 1 {
            throw ValidationError("\(name) must be at least 1")
        }
        guard idleTimeoutSeconds >= 0 else { throw ValidationError("--idle-timeout-seconds must be 0 or more") }
    }
}
