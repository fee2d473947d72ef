import CSQLiteTuning
import Foundation
import GRDB
public import Logging
public import RapportCore

/// How hard a commit works to survive a power loss.
public enum Durability: String, Sendable, CaseIterable {
    /// `synchronous = FULL`: an acknowledged write survives a crash or a power loss. The default.
    case full
    /// `synchronous = NORMAL`: survives a crash of the process, but the last commits may be lost
    /// on power loss. Faster; for stores that can be rebuilt.
    case normal
}

/// How to open a store.
public struct StoreOptions: Sendable {
    /// Durability of commits.
    public var durability: Durability
    /// Open without writing: no migrations, every write refused with `read_only`.
    public var readOnly: Bool
    /// Threads that run batched reads.
    public var readerThreads: Int
    /// Where new identifiers' random part comes from (seeded for reproducible demo stores).
    public var identifiers: IdentifierSource

    /// Creates options; the defaults are durable, writable and two reader threads.
    public init(durability: Durability = .full, readOnly: Bool = false, readerThreads: Int = 2, identifiers: IdentifierSource = IdentifierSource()) {
        self.identifiers = identifiers
        self.durability = durability
        self.readOnly = readOnly
        self.readerThreads = readerThreads
    }
}

/// The SQLite file behind an engine: a GRDB `DatabasePool` in WAL mode with one group-committing
/// writer and batching readers.
///
/// Reads run concurrently on the pool's readers, gathered into shared read transactions; writes
/// go through the single ``GroupWriter``. Both run on their own threads, never on Swift's
/// cooperative pool, and answer through completions (or `async` wrappers).
///
/// ```swift
/// let store = try Store(path: "rapport.sqlite", migrations: plan, events: events, clock: SystemWallClock())
/// let count = try await store.read { try Int.fetchOne($0.db, sql: "SELECT count(*) FROM customer")! }
/// ```
public final class Store: Sendable {
    /// Where the database file is.
    public let path: String
    /// The options it was opened with.
    public let options: StoreOptions
    /// The engine clock.
    public let clock: any WallClock
    /// Committed events, for subscribers.
    public let events: EventStream

    private let pool: DatabasePool
    private let migrations: MigrationPlan
    private let writer: GroupWriter?
    private let checkpointer: Checkpointer?
    private let readers: ReadBatcher

    /// SQLite's process-wide configuration, set before the first connection opens: no memory
    /// statistics, whose global mutex every allocation takes (the readers and the writer queued
    /// on it). If the embedding program opened SQLite first, the call is refused and the default
    /// stays: slower, not wrong.
    private static let configureSQLiteOnce: Void = {
        _ = rapport_sqlite_disable_memory_statistics()
        _ = rapport_sqlite_enable_uri_filenames()
    }()

    /// Opens (creating if needed) the database at `path` and applies every pending migration.
    ///
    /// - Throws: `unavailable` when a read-only store is missing or not migrated; GRDB's
    ///   `DatabaseError` when SQLite cannot open the file.
    public init(
        path: String,
        options: StoreOptions = StoreOptions(),
        migrations: MigrationPlan,
        events: EventRegistry,
        clock: any WallClock,
        logger: Logger = Logger(label: "rapport.store")
    ) throws {
        self.path = path
        self.options = options
        self.clock = clock
        self.migrations = migrations
        self.events = EventStream()

        Self.configureSQLiteOnce
        if options.readOnly, !FileManager.default.fileExists(atPath: path) {
            throw RapportError(.unavailable, "no database at \(path); a read-only server cannot create one")
        }
        if !options.readOnly { try PrivateFile.createIfMissing(path) }
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.readonly = options.readOnly
        configuration.busyMode = .timeout(10)
        configuration.maximumReaderCount = max(2, options.readerThreads + 2)
        configuration.prepareDatabase { db in
            // Temporary b-trees in memory; reads through a memory map instead of one pread(2)
            // per page, and 256 MiB of page cache per connection instead of 2 MiB for the pages
            // past the map's 2 GiB (the most this SQLite allows): on a store of millions of rows
            // each request touches pages all over the file. (loyalty.balance on a 7.9 GB store:
            // 33-34 us of CPU per request with 64 MiB, 28-30 us with 256 MiB.)
            try db.execute(sql: "PRAGMA temp_store = MEMORY; PRAGMA cache_size = -262144; PRAGMA mmap_size = 2147483648")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch let error as DatabaseError where options.readOnly && Self.isUnwritableDisk(error) {
            // A WAL database needs its shared-memory file, which a full or read-only disk may not
            // let SQLite create. Nobody has the file open then (the file would exist), so a
            // read-only server reads it as it is, without locks.
            logger.warning(
                "the disk cannot take the database's shared-memory file; serving it as an unchanging file",
                metadata: ["database": "\(path)", "error": "\(error.resultCode)"])
            pool = try DatabasePool(path: Self.immutableURI(path), configuration: configuration)
        }

        let migrator = migrations.migrator
        // A store written by a newer Rapport, or by an engine serving a module this one leaves
        // out, would go on without that module's upkeep (its aggregates, its reactions to events).
        let unknown = try pool.read { try migrator.appliedIdentifiers($0) }.subtracting(migrations.identifiers)
        guard unknown.isEmpty else {
            throw RapportError(
                .unavailable,
                "the database at \(path) was written by modules this engine does not serve (\(unknown.sorted().joined(separator: ", "))): "
                    + "open it with every module it was written by")
        }
        if options.readOnly {
            guard try pool.read({ try migrator.hasCompletedMigrations($0) }) else {
                throw RapportError(.unavailable, "the database at \(path) needs migrations; open it once without --read-only")
            }
            writer = nil
            checkpointer = nil
        } else {
            try pool.writeWithoutTransaction { db in
                // GRDB sets NORMAL when it opens a pool in WAL mode; durability is ours to choose.
                try db.execute(sql: "PRAGMA synchronous = \(options.durability == .full ? "FULL" : "NORMAL")")
                let level = try Int.fetchOne(db, sql: "PRAGMA synchronous")
                guard level == (options.durability == .full ? 2 : 1) else {
                    throw RapportError(.internal, "PRAGMA synchronous is \(level ?? -1) after setting it")
                }
                // Checkpoints run on their own connection and thread (Checkpointer), not in a
                // commit; the writer checkpoints itself once the log holds 100,000 frames
                // (400 MB), which is also when the log starts over from its beginning. Raising it
                // to 1,000,000 left the log growing to 3.2 GB through a catch-up on a
                // 120,000-customer store, every write into new blocks, and no write beside the job
                // waited less for it. Long jobs keep the uncopied part small (waitForCheckpoints),
                // so the writer's own checkpoint finds little to copy. The log
                // file keeps its size (up to 1 GiB) when it starts over: cutting it back made
                // every commit grow it again, and each write to new blocks of the file cost ext4
                // an allocation and zeroing of the page that SQLite's 4,120-byte frames half
                // fill (orders.record on a 7.9 GB store: 330 us of CPU per order cut back to
                // 64 MB, 245-260 us kept).
                try db.execute(sql: "PRAGMA wal_autocheckpoint = 100000; PRAGMA journal_size_limit = 1073741824")
            }
            try migrator.migrate(pool)
            writer = GroupWriter(pool: pool, events: events, stream: self.events, clock: clock, identifiers: options.identifiers, logger: logger)
            checkpointer = try Checkpointer(path: path, logger: logger)
        }
        let applied = try pool.read { try migrator.appliedIdentifiers($0) }
        appliedMigrations = migrations.identifiers.filter(applied.contains)
        readers = ReadBatcher(pool: pool, clock: clock, threads: max(1, options.readerThreads))
    }

    /// Whether opening failed because the disk takes no new file or byte.
    private static func isUnwritableDisk(_ error: DatabaseError) -> Bool {
        [.SQLITE_IOERR, .SQLITE_CANTOPEN, .SQLITE_FULL, .SQLITE_READONLY].contains(error.resultCode.primaryResultCode)
    }

    /// `path` as an SQLite URI that opens it read-only without locks or a shared-memory file.
    private static func immutableURI(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var escaped = ""
        for character in absolute.unicodeScalars {
            switch character {
            case "%", "?", "#": escaped += "%" + String(character.value, radix: 16, uppercase: true)
            default: escaped.unicodeScalars.append(character)
            }
        }
        return "file:" + escaped + "?immutable=1"
    }

    /// The identifiers of the migrations applied to the file when it opened, in order.
    public let appliedMigrations: [String]

    /// The SQLite `PRAGMA synchronous` level of the writer: 2 is FULL, 1 NORMAL.
    public func synchronousLevel() throws -> Int {
        try pool.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA synchronous") ?? -1 }
    }

    // MARK: - Reads

    /// Runs `body` in a read transaction shared with the reads queued beside it; `completion`
    /// gets its value on a reader thread.
    public func read<T: Sendable>(
        _ body: @escaping @Sendable (ReadContext) throws -> T,
        completion: @escaping @Sendable (Result<T, any Error>) -> Void
    ) {
        readers.submit(
            ReadBatcher.Job(
                run: { context in
                    let result = Result { try body(context) }.mapError(StorageFailure.clientFacing)
                    return { completion(result) }
                },
                fail: { completion(.failure(StorageFailure.clientFacing($0))) }
            ))
    }

    /// Runs `body` in a shared read transaction.
    public func read<T: Sendable>(_ body: @escaping @Sendable (ReadContext) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            read(body) { continuation.resume(with: $0) }
        }
    }

    // MARK: - Writes

    /// What a write produced.
    public struct WriteOutcome<Value: Sendable>: Sendable {
        /// The body's value.
        public var value: Value
        /// The events it raised (published unless it was a dry run).
        public var events: [RaisedEvent]
    }

    /// Runs `body` in its own savepoint of the next group-committed transaction; `completion` is
    /// called on the writer thread after the commit is durable (or the savepoint rolled back).
    ///
    /// - Parameters:
    ///   - actor: Who asked, for the context and the audit log.
    ///   - method: What was asked.
    ///   - dryRun: Roll the savepoint back after the body and report what would have happened.
    ///   - isLongJobStep: The body is one step of a long job: it commits alone, after the
    ///     requests queued with it.
    public func write<T: Sendable>(
        actor: String,
        method: String,
        dryRun: Bool = false,
        isLongJobStep: Bool = false,
        _ body: @escaping @Sendable (WriteContext) throws -> T,
        completion: @escaping @Sendable (Result<WriteOutcome<T>, any Error>) -> Void
    ) {
        guard let writer else {
            completion(.failure(RapportError(.readOnly, "this server is read-only; \(method) changes data")))
            return
        }
        writer.submit(
            GroupWriter.Job(
                actor: actor, method: method, isDryRun: dryRun, isLongJobStep: isLongJobStep,
                run: { try body($0) },
                complete: { result in
                    completion(result.map { WriteOutcome(value: $0.value as! T, events: $0.events) }.mapError(StorageFailure.clientFacing))
                }
            ))
    }

    /// Runs `body` in the next group-committed transaction and returns once it is durable.
    public func write<T: Sendable>(
        actor: String = "embedded", method: String = "write", dryRun: Bool = false,
        _ body: @escaping @Sendable (WriteContext) throws -> T
    ) async throws -> WriteOutcome<T> {
        try await withCheckedThrowingContinuation { continuation in
            write(actor: actor, method: method, dryRun: dryRun, body) { continuation.resume(with: $0) }
        }
    }

    // MARK: - Maintenance

    /// Copies the database to a new file with SQLite's online backup, from a consistent snapshot,
    /// without stopping writers.
    ///
    /// The new file is private to the server's user (mode 0600).
    public func backup(to destination: String) throws {
        try PrivateFile.createIfMissing(destination)
        let target = try DatabaseQueue(path: destination)
        try pool.backup(to: target)
    }

    /// The log frames (4 KiB pages) the checkpointer may be behind before long jobs wait: 80 MB.
    static let checkpointBacklogLimit = 20_000

    /// Runs `next` once the checkpointer has caught up with the log (below
    /// ``checkpointBacklogLimit``), at once when it is, and after 10 seconds at the latest;
    /// long jobs call it between steps so that their writes never pile up uncopied.
    public func waitForCheckpoints(then next: @escaping @Sendable () -> Void) {
        waitForCheckpoints(deadline: .now() + 10, then: next)
    }

    private func waitForCheckpoints(deadline: DispatchTime, then next: @escaping @Sendable () -> Void) {
        guard let checkpointer, checkpointer.backlog > Self.checkpointBacklogLimit, DispatchTime.now() < deadline else {
            next()
            return
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(20)) { [self] in
            waitForCheckpoints(deadline: deadline, then: next)
        }
    }

    /// Finishes queued work and stops the writer and reader threads.
    public func close() {
        writer?.close()
        checkpointer?.close()
        readers.close()
    }
}
