public import GRDB

/// The ordered list of named schema migrations that every module contributes to.
///
/// A plan starts with the storage layer's own tables (idempotency keys, audit log); each module
/// then registers its migrations under identifiers prefixed with its name (`customers.v1`,
/// `loyalty.v1`). A migration is frozen once released: a change to the schema is a new
/// migration, never an edit of an old one. The plan runs through GRDB's `DatabaseMigrator`,
/// which records what it applied in `grdb_migrations`.
///
/// ```swift
/// plan.register("customers.v1") { db in
///     try db.create(table: "customer") { t in … }
/// }
/// ```
public struct MigrationPlan: Sendable {
    private var migrations: [(identifier: String, migrate: @Sendable (Database) throws -> Void)] = []

    /// A plan holding the storage layer's own migrations.
    public init() {
        StorageSchema.register(in: &self)
    }

    /// The identifiers in the order they run.
    public var identifiers: [String] { migrations.map(\.identifier) }

    /// Appends a migration. Registering an identifier twice is a programming error.
    public mutating func register(_ identifier: String, _ migrate: @escaping @Sendable (Database) throws -> Void) {
        precondition(!identifiers.contains(identifier), "migration \(identifier) registered twice")
        migrations.append((identifier, migrate))
    }

    /// Applies every pending migration to `writer`; the store does this when it opens, tests
    /// use it on in-memory databases.
    public func migrate(_ writer: some DatabaseWriter) throws {
        try migrator.migrate(writer)
    }

    var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in migrations {
            migrator.registerMigration(migration.identifier, migrate: migration.migrate)
        }
        return migrator
    }
}
