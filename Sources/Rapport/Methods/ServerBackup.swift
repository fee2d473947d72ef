public import RapportCore
public import RapportRPC

/// `server.backup`: a consistent copy of the live database, taken without stopping writers.
public enum ServerBackup: RPCMethod {
    public static let name = "server.backup"
    public static let summary = "Copies the database to a new file with SQLite's online backup."
    public static let discussion = """
        The copy is a consistent snapshot taken while the server keeps serving. `to` must name a \
        file that does not exist yet, in a directory that does; the path is resolved by the server \
        process. The copy is a complete Rapport database: `rapport serve --db` opens it.
        """
    public static let errors: [RapportError.Reason] = [.conflict, .unavailable]

    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// The new file's path.
        public var to: String
        /// Creates params.
        public init(to: String) { self.to = to }
        public static let fieldDescriptions = ["to": "Path of the backup file to create; must not exist."]
    }

    public struct Result: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// The backup's path.
        public var path: String
        /// Its size in bytes.
        public var bytes: Int64
        /// How long the copy took, in milliseconds.
        public var milliseconds: Int64
        public static let fieldDescriptions = [
            "path": "The backup file written.",
            "bytes": "Its size in bytes.",
            "milliseconds": "How long the copy took.",
        ]
    }

    public static var examples: [MethodExample<Self>] {
        [MethodExample("Nightly copy", params: Params(to: "/backups/rapport-2026-03-01.sqlite"),
                       result: Result(path: "/backups/rapport-2026-03-01.sqlite", bytes: 1_187_840, milliseconds: 41))]
    }
}
