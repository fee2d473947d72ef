import GRDB
import GRDBSQLite
import Logging
import RapportCore

/// The one writer: commits the write requests that arrive together in one transaction.
///
/// Requests queue up while the previous batch commits; the writer thread then takes them all
/// (up to ``maximumBatchSize``), opens one `BEGIN IMMEDIATE` transaction, runs each in its own
/// savepoint, so that a failing request rolls back alone, and commits once: one fsync for the
/// whole batch. Only after `COMMIT` returns are the events published and the requests completed,
/// so an answer is never sent for a write that is not durable. If SQLite aborts the transaction
/// itself, or the commit fails, every request of the batch fails; none is half-applied. A step of
/// a long job taken in a batch commits after the batch's requests, in a transaction of its own.
final class GroupWriter: Sendable {
    struct Job: Sendable {
        let actor: String
        let method: String
        let isDryRun: Bool
        /// A step of a long job (``ModuleRegistrar/steppedWrite(_:start:_:)``): it commits in a
        /// transaction of its own, after the requests taken with it, so that a request never
        /// waits for a step queued beside it, only for the one already running.
        let isLongJobStep: Bool
        let run: @Sendable (WriteContext) throws -> any Sendable
        let complete: @Sendable (Result<Committed, any Error>) -> Void
    }

    /// A finished request: its value and the events it raised.
    struct Committed: Sendable {
        let value: any Sendable
        let events: [RaisedEvent]
    }

    /// The most requests committed together, bounding one batch's latency.
    static let maximumBatchSize = 1024

    /// A batch that holds the writer longer than this is logged at debug level.
    static let slowBatch = Duration.milliseconds(50)

    private let pool: DatabasePool
    private let events: EventRegistry
    private let stream: EventStream
    private let clock: any WallClock
    private let identifiers: IdentifierSource
    private let logger: Logger
    private let threads = WorkerThreads<Job>(name: "rapport.writer", maximumBatch: GroupWriter.maximumBatchSize)

    init(pool: DatabasePool, events: EventRegistry, stream: EventStream, clock: any WallClock, identifiers: IdentifierSource, logger: Logger) {
        self.identifiers = identifiers
        self.pool = pool
        self.events = events
        self.stream = stream
        self.clock = clock
        self.logger = logger
        threads.start { [self] batch in
            let steps = batch.filter(\.isLongJobStep)
            guard !steps.isEmpty else { return commit(batch[...]) }
            let requests = batch.filter { !$0.isLongJobStep }
            if !requests.isEmpty { commit(requests[...]) }
            for step in steps { commit([step]) }
        }
    }

    /// Queues a request; `job.complete` is called once, on the writer thread, after its batch ends.
    func submit(_ job: Job) {
        if !threads.submit(job) { job.complete(.failure(RapportError(.unavailable, "the store is closed"))) }
    }

    /// Finishes every queued request, then stops the writer thread. Later submissions fail as `unavailable`.
    func close() {
        threads.close()
    }

    private func commit(_ batch: ArraySlice<Job>) {
        var outcomes = [Result<Committed, any Error>?](repeating: nil, count: batch.count)
        var committed = false
        let started = ContinuousClock.now
        var ran = started
        var pagesWritten = 0
        do {
            try pool.writeWithoutTransaction { db in
                let pagesBefore = Self.pagesWritten(by: db)
                defer { pagesWritten = Self.pagesWritten(by: db) - pagesBefore }
                try db.cachedStatement(sql: "BEGIN IMMEDIATE").execute()
                do {
                    for (index, job) in batch.enumerated() {
                        outcomes[index] = try run(job, in: db)
                    }
                    ran = ContinuousClock.now
                    try db.cachedStatement(sql: "COMMIT").execute()
                } catch {
                    if db.isInsideTransaction { try? db.execute(sql: "ROLLBACK") }
                    throw error
                }
            }
            committed = true
            logIfSlow(batch, started: started, ran: ran, pagesWritten: pagesWritten)
        } catch {
            logger.error("write batch of \(batch.count) failed and was rolled back", metadata: ["error": "\(error)"])
            let failure = RapportError(.unavailable, "the write could not be committed and was rolled back; retry")
            for index in outcomes.indices {
                if case .failure? = outcomes[index] { continue }
                outcomes[index] = .failure(failure)
            }
        }
        if committed {
            var published: [RaisedEvent] = []
            for (job, outcome) in zip(batch, outcomes) where !job.isDryRun {
                if case .success(let done)? = outcome { published += done.events }
            }
            stream.publish(published)
        }
        for (job, outcome) in zip(batch, outcomes) {
            job.complete(outcome!)
        }
    }

    /// Logs (at debug level) a batch that held the writer for longer than ``slowBatch``: how long
    /// its requests ran and how long the commit took, and which methods it carried.
    private func logIfSlow(_ batch: ArraySlice<Job>, started: ContinuousClock.Instant, ran: ContinuousClock.Instant, pagesWritten: Int) {
        let committed = ContinuousClock.now
        guard committed - started > Self.slowBatch, logger.logLevel <= .debug else { return }
        let methods = Set(batch.map(\.method)).sorted().joined(separator: ",")
        logger.debug(
            "slow write batch",
            metadata: [
                "requests": "\(batch.count)", "methods": "\(methods)",
                "run_ms": "\((ran - started) / .milliseconds(1))", "commit_ms": "\((committed - ran) / .milliseconds(1))",
                "pages": "\(pagesWritten)",
            ])
    }

    /// The pages `db` has written to the log since it opened (SQLite's `SQLITE_DBSTATUS_CACHE_WRITE`).
    private static func pagesWritten(by db: Database) -> Int {
        var current: Int32 = 0
        var highest: Int32 = 0
        sqlite3_db_status(db.sqliteConnection, SQLITE_DBSTATUS_CACHE_WRITE, &current, &highest, 0)
        return Int(current)
    }

    /// Runs one request in its savepoint. Throws only when the whole transaction is lost.
    private func run(_ job: Job, in db: Database) throws -> Result<Committed, any Error> {
        let context = WriteContext(
            db: db, now: clock.now(), actor: job.actor, method: job.method, isDryRun: job.isDryRun, events: events,
            identifiers: identifiers)
        try db.cachedStatement(sql: "SAVEPOINT request").execute()
        do {
            let value = try job.run(context)
            if job.isDryRun { try db.cachedStatement(sql: "ROLLBACK TO request").execute() }
            try db.cachedStatement(sql: "RELEASE request").execute()
            return .success(Committed(value: value, events: context.raised))
        } catch {
            // SQLite may have rolled the whole transaction back (SQLITE_FULL, IOERR…):
            // then the requests before this one are gone too, and the batch must fail.
            guard db.isInsideTransaction else { throw error }
            try db.cachedStatement(sql: "ROLLBACK TO request").execute()
            try db.cachedStatement(sql: "RELEASE request").execute()
            return .failure(error)
        }
    }
}
