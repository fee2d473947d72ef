import Dispatch
import Foundation
import GRDB
import RapportCore
import Synchronization

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

    private struct State {
        var jobs: [Job] = []
        var idleThreads = 0
        var isClosing = false
        var runningThreads: Int
    }

    private let pool: DatabasePool
    private let clock: any WallClock
    private let state: Mutex<State>
    private let wakeUp = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    init(pool: DatabasePool, clock: any WallClock, threads: Int) {
        self.pool = pool
        self.clock = clock
        self.state = Mutex(State(runningThreads: threads))
        for index in 0..<threads {
            let thread = Thread { [self] in runLoop() }
            thread.name = "rapport.reader.\(index)"
            thread.start()
        }
    }

    /// Queues a read; it runs on a reader thread.
    func submit(_ job: Job) {
        let shouldWake: Bool? = state.withLock { state in
            guard !state.isClosing else { return nil }
            state.jobs.append(job)
            guard state.idleThreads > 0 else { return false }
            state.idleThreads -= 1
            return true
        }
        switch shouldWake {
        case nil: job.fail(RapportError(.unavailable, "the store is closed"))
        case true?: wakeUp.signal()
        case false?: break
        }
    }

    /// Runs the queued reads, then stops every reader thread.
    func close() {
        let (idle, running) = state.withLock { state in
            state.isClosing = true
            defer { state.idleThreads = 0 }
            return (state.idleThreads, state.runningThreads)
        }
        for _ in 0..<idle { wakeUp.signal() }
        for _ in 0..<running { finished.wait() }
    }

    private func runLoop() {
        while true {
            let batch: [Job]? = state.withLock { state in
                if state.jobs.isEmpty {
                    if state.isClosing { return nil }
                    state.idleThreads += 1
                    return []
                }
                let count = min(state.jobs.count, Self.maximumBatchSize)
                let batch = Array(state.jobs.prefix(count))
                state.jobs.removeFirst(count)
                return batch
            }
            guard let batch else { break }
            if batch.isEmpty {
                wakeUp.wait()
                continue
            }
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
        finished.signal()
    }
}
