import Foundation
public import RapportCore
public import RapportJSON
public import RapportRPC

/// `server.backup`: a consistent copy of the live database, taken without stopping writers.
public enum ServerBackup: RPCMethod {
    /// The method's wire name.
    public static let name = "server.backup"
    /// The method's one-line summary for protocol.md and `rpc.discover`.
    public static let summary = "Copies the database to a new file in the server's backup directory with SQLite's online backup."
    /// How the copy is taken and where it goes, for protocol.md.
    public static let discussion = """
        The copy is a consistent snapshot taken while the server keeps serving. `to` is a plain file \
        name (no `/`, not starting with `.`) of a file that does not exist yet; it is created, private to \
        the server's user (mode 0600), in the backup directory the server was started with \
        (`rapport serve --backup-dir`, by default `backups/` beside the database), and nowhere else. \
        A read-only server takes no backups (`rapport backup` copies a database from the shell). \
        The copy is a complete Rapport database: `rapport serve --db` opens it.
        """
    /// `invalid_params` for a bad name, `conflict` if the file exists, `read_only`, and `unavailable` if the directory or copy fails.
    public static let errors: [RapportError.Reason] = [.invalidParams, .conflict, .readOnly, .unavailable]

    /// The params of `server.backup`: the name of the file to create.
    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// The new file's name inside the backup directory.
        public var to: String
        /// Creates params.
        public init(to: String) { self.to = to }
        /// The params' fields, described for protocol.md and `rpc.discover`.
        public static let fieldDescriptions = ["to": "File name of the backup to create in the backup directory; must not exist."]
    }

    /// The path of the backup file named `name` in `directory`, which is created (mode 0700) if
    /// missing; refuses any name that could lead elsewhere.
    static func path(of name: String, in directory: String) throws -> String {
        guard (1...255).contains(name.utf8.count), !name.hasPrefix("."), !name.contains("/"), !name.utf8.contains(0) else {
            throw RapportError.invalid("to", "to is a file name of 1 to 255 bytes without \"/\", not starting with \".\"")
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw RapportError(.unavailable, "the backup directory \(directory) cannot be created")
        }
        return (directory as NSString).appendingPathComponent(name)
    }

    /// What `server.backup` answers: the file written, its size and how long the copy took.
    public struct Result: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// The backup's path.
        public var path: String
        /// Its size in bytes.
        public var bytes: Int64
        /// How long the copy took, in milliseconds.
        public var milliseconds: Int64
        /// The result's fields, described for protocol.md and `rpc.discover`.
        public static let fieldDescriptions = [
            "path": "The backup file written.",
            "bytes": "Its size in bytes.",
            "milliseconds": "How long the copy took.",
        ]
    }

    /// A nightly copy, for protocol.md.
    public static var examples: [MethodExample<Self>] {
        [
            MethodExample(
                "Nightly copy", params: Params(to: "rapport-2026-03-01.sqlite"),
                result: Result(path: "/var/lib/rapport/backups/rapport-2026-03-01.sqlite", bytes: 1_187_840, milliseconds: 41))
        ]
    }
}
