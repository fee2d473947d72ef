public import GRDB
public import RapportCore
import RapportJSON
import Synchronization

/// One named part of a module's configuration (loyalty's `program`, `tiers`…), kept as one JSON
/// document.
public protocol ModuleSetting: Codable, Sendable, Hashable {
    /// The row's name.
    static var settingName: String { get }
    /// What a store that was never configured uses.
    static var standard: Self { get }
}

/// A module's configuration: each ``ModuleSetting`` one JSON document in the module's own
/// settings table, created by ``createTableSQL(_:)`` in the module's migration. Every module's
/// `*.configure` method reads and writes through one of these.
///
/// What it decoded last is kept per setting, so a hot path (every order reads the loyalty
/// program) reads one short row and compares text instead of decoding JSON. The cache is keyed by
/// the stored text, never trusted on its own: a rolled-back configure leaves the row as it was,
/// and the next read sees that.
///
/// ```swift
/// let settings = ModuleSettings(table: "loyalty_config")
/// let program = try settings.current(LoyaltyProgram.self, in: db)
/// try settings.save(program, at: context.now, in: context.db)
/// ```
public final class ModuleSettings: Sendable {
    /// The module's settings table.
    public let table: String
    private let decoded = Mutex<[String: (text: String, value: any Sendable)]>([:])
    private let select: String
    private let upsert: String

    /// The settings kept in `table`, which ``createTableSQL(_:)`` made.
    public init(table: String) {
        self.table = table
        select = "SELECT value FROM \(table) WHERE name = ?"
        upsert = """
            INSERT INTO \(table) (name, value, updated_at) VALUES (?, ?, ?)
            ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
            """
    }

    /// The statement that creates a settings table named `table`.
    public static func createTableSQL(_ table: String) -> String {
        "CREATE TABLE \(table) (name TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL, updated_at INTEGER NOT NULL) WITHOUT ROWID"
    }

    /// The setting in force, or its standard value when never configured.
    public func current<S: ModuleSetting>(_ type: S.Type, in db: Database) throws -> S {
        guard let text = try String.fetchOne(db.cachedStatement(sql: select), arguments: [S.settingName]) else { return S.standard }
        if let hit = decoded.withLock({ $0[S.settingName] }), hit.text == text, let value = hit.value as? S {
            return value
        }
        let value = try JSONValueDecoder(enforcesRanges: false).decode(S.self, from: JSONParser.parse(Array(text.utf8)))
        decoded.withLock { $0[S.settingName] = (text, value) }
        return value
    }

    /// Stores a new value of the setting.
    public func save<S: ModuleSetting>(_ value: S, at time: Timestamp, in db: Database) throws {
        let text = try JSONValueEncoder().encode(value).jsonString
        try db.cachedStatement(sql: upsert).execute(arguments: [S.settingName, text, time.millisecondsSince1970])
    }
}
