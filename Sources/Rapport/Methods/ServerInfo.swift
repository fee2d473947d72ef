public import RapportCore
public import RapportJSON
public import RapportRPC

/// `server.info`: what is running, on which database, since when, and how busy it has been.
public enum ServerInfo: RPCMethod {
    /// The method's wire name.
    public static let name = "server.info"
    /// The method's one-line summary for protocol.md and `rpc.discover`.
    public static let summary = "Version, schema version, database path, uptime and request counters."
    /// Takes no params.
    public typealias Params = NoParams

    /// What `server.info` answers: version, database, uptime and counters since start.
    public struct Result: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// Rapport's version.
        public var version: String
        /// How many schema migrations the database has.
        public var schemaVersion: Int
        /// The last migration applied.
        public var lastMigration: String
        /// The database file.
        public var database: String
        /// Whether mutations are refused.
        public var readOnly: Bool
        /// `full` or `normal`.
        public var durability: String
        /// When this server started.
        public var startedAt: Timestamp
        /// Seconds since then.
        public var uptimeSeconds: Int64
        /// Request objects received (each batch member counts).
        public var requests: Int
        /// Error responses sent.
        public var errors: Int
        /// Live event subscriptions.
        public var subscriptions: Int

        /// The result's fields, described for protocol.md and `rpc.discover`.
        public static let fieldDescriptions = [
            "version": "Rapport's version.",
            "schemaVersion": "How many schema migrations the database has applied.",
            "lastMigration": "The identifier of the last migration applied.",
            "database": "The path of the database file.",
            "readOnly": "Whether mutating methods are refused.",
            "durability": "`full` (every acknowledged write survives power loss) or `normal`.",
            "startedAt": "When this server process started.",
            "uptimeSeconds": "Seconds since it started.",
            "requests": "Request objects received since start; each member of a batch counts.",
            "errors": "Error responses sent since start.",
            "subscriptions": "Live `events.subscribe` subscriptions.",
        ]
    }

    /// A server up for an hour, for protocol.md.
    public static var examples: [MethodExample<Self>] {
        [
            MethodExample(
                "A server that has been up for an hour", params: NoParams(),
                result: Result(
                    version: Engine.version, schemaVersion: 2, lastMigration: "engine.v1", database: "/srv/shop/rapport.sqlite",
                    readOnly: false, durability: "full", startedAt: Timestamp(millisecondsSince1970: 1_772_359_200_000),
                    uptimeSeconds: 3600, requests: 18_204, errors: 3, subscriptions: 1))
        ]
    }
}
