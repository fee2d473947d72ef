import GRDB
import RapportCore

/// Runs the reads that arrive together inside one read transaction.
///
/// Each `DatabasePool.read` call costs tens of microseconds on its own, more than a primary-key
/// lookup; so reader threads take every queued read at once and run them in one transaction,
/// one after the other. A read queued after a write was acknowledged starts in a later
/// transaction than that commit, so it sees the write.
///
/// Answers are delivered once the batch's transaction has ended, all together: the deliveries
/// then reach each event loop in one burst, which wakes it once rather than once per read.
final class ReadBatcher: Sendable {
    struct Job: Sendable {
        /// Reads, and returns what delivers the answer after the transaction.
        let run: @Sendable (ReadContext) -> Delivery
        let fail: @Sendable (any Error) -> Void
    }

    typealias Delivery = @Sendable () -> Void

    /// The most reads run in one transaction.
    static let maximumBatchSize = 256

    private let pool: DatabasePool
    private let clock: any WallClock
    private let threads: WorkerThreads<Job>

    init(pool: DatabasePool, clock: any WallClock, threads: Int) {
        self.pool = pool
        self.clock = clock
        self.threads = WorkerThreads(name: "rapport.reader", count: threads, maximumBatch: Self.maximumBatchSize)
        self.threads.start { [self] batch in run(batch) }
    }

    /// Queues a read; it runs on a reader thread.
    func submit(_ job: Job) {
        if !threads.submit(job) { job.fail(RapportError(.unavailable, "the store is closed")) }
    }

    /// Runs the queued reads, then stops every reader thread.
    func close() {
        threads.close()
    }

    /// Runs the batch in one read transaction, then delivers every answer.
    private func run(_ batch: [Job]) {
        var deliveries: [Delivery] = []
        deliveries.reserveCapacity(batch.count)
        do {
            try pool.read { db in
                let context = ReadContext(db: db, now: clock.now())
                while deliveries.count < batch.count {
                    deliveries.append(batch[deliveries.count].run(context))
                }
            }
        } catch {
            for job in batch[deliveries.count...] { job.fail(error) }
        }
        for deliver in deliveries { deliver() }
    }
}
