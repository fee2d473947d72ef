import GRDB
import Logging
import Synchronization

/// Copies the write-ahead log back into the database file on its own connection and thread.
///
/// With SQLite's automatic checkpoint, the commit that crosses the threshold also copies the log
/// into the file (random writes plus an fsync) while every request of its batch waits: that was
/// the p99 of durable writes. Here the writer's connection never checkpoints; this thread runs a
/// PASSIVE checkpoint, which blocks neither readers nor the writer, ten times a second: smaller
/// checkpoints make shorter fsyncs of the database file for the log's fsyncs to wait behind.
///
/// After each checkpoint it keeps the ``backlog``: the log frames not yet copied back. Long jobs
/// wait between their steps while it is large (``Store/waitForCheckpoints(then:)``), so that
/// they never outrun this thread and leave the writer much to copy when it checkpoints itself.
final class Checkpointer: Sendable {
    private let connection: DatabaseQueue
    private let logger: Logger
    /// One thread with nothing ever queued: it checkpoints each time it has idled for the interval.
    private let thread: WorkerThreads<Never>
    private let uncopiedFrames = Atomic<Int>(0)

    /// Log frames written but not yet copied into the database file, as of the last checkpoint.
    var backlog: Int { uncopiedFrames.load(ordering: .relaxed) }

    init(path: String, intervalMicroseconds: UInt32 = 100_000, logger: Logger) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(1)
        configuration.label = "rapport.checkpoint"
        connection = try DatabaseQueue(path: path, configuration: configuration)
        self.logger = logger
        thread = WorkerThreads(name: "rapport.checkpoint", maximumBatch: 1, idleInterval: .microseconds(Int(intervalMicroseconds)))
        thread.start { [self] _ in checkpoint() }
    }

    private func checkpoint() {
        do {
            let started = ContinuousClock.now
            let (logged, copied) = try connection.writeWithoutTransaction { try $0.checkpoint(.passive) }
            uncopiedFrames.store(max(0, logged - copied), ordering: .relaxed)
            let took = ContinuousClock.now - started
            if took > .milliseconds(50) {
                logger.debug("slow checkpoint", metadata: ["ms": "\(took / .milliseconds(1))", "logged": "\(logged)", "copied": "\(copied)"])
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
            logger.debug("checkpoint skipped: another checkpoint is running")
        } catch {
            logger.warning("checkpoint failed; the next one will retry", metadata: ["error": "\(error)"])
        }
    }

    /// Runs a last checkpoint and stops the thread.
    func close() {
        thread.close()
        checkpoint()
    }
}
