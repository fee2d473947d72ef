import Dispatch
import Foundation
import Synchronization

/// Named threads that take the jobs queued for them in batches: the loop behind the group
/// writer, the reader threads and the checkpointer.
///
/// A job queued while every thread is busy waits for the next batch, and a thread takes all that
/// is queued (up to `maximumBatch`) at once: that is what lets the writer commit many requests
/// with one fsync and a reader answer many in one transaction. With an `idleInterval`, a thread
/// that finds nothing to do for that long runs the work with an empty batch (the checkpointer's
/// timer). The threads are plain `Thread`s, not Swift concurrency tasks: SQLite calls block.
final class WorkerThreads<Job: Sendable>: Sendable {
    private struct State {
        var jobs: [Job] = []
        /// Threads waiting for work that no submission has woken yet.
        var idle = 0
        var isStarted = false
        var isClosing = false
        /// Set once the queue was found empty while closing: later submissions are refused.
        var isClosed = false
    }

    private let name: String
    private let count: Int
    private let maximumBatch: Int
    private let idleInterval: DispatchTimeInterval?
    private let state = Mutex(State())
    private let wakeUp = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    /// Threads named `name` (`name.0`, `name.1`, … when there are several) that take up to
    /// `maximumBatch` jobs at a time, once ``start(_:)`` gives them their work.
    init(name: String, count: Int = 1, maximumBatch: Int, idleInterval: Duration? = nil) {
        precondition(count > 0 && maximumBatch > 0, "at least one thread taking at least one job")
        self.name = name
        self.count = count
        self.maximumBatch = maximumBatch
        self.idleInterval = idleInterval.map { .nanoseconds(Int($0 / .nanoseconds(1))) }
    }

    /// Starts the threads; each runs `work` with every batch it takes. The threads alone hold
    /// `work`, so an owner that it captures is released once ``close()`` returns.
    func start(_ work: @escaping @Sendable ([Job]) -> Void) {
        let first = state.withLock { state in
            defer { state.isStarted = true }
            return !state.isStarted
        }
        precondition(first, "the threads are started once")
        for index in 0..<count {
            let thread = Thread { [self] in
                run(work)
                finished.signal()
            }
            thread.name = count == 1 ? name : "\(name).\(index)"
            thread.start()
        }
    }

    /// Queues a job for the next batch; false, with nothing queued, once the threads have stopped.
    func submit(_ job: Job) -> Bool {
        let shouldWake: Bool? = state.withLock { state in
            guard !state.isClosed else { return nil }
            state.jobs.append(job)
            guard state.idle > 0 else { return false }
            state.idle -= 1
            return true
        }
        if shouldWake == true { wakeUp.signal() }
        return shouldWake != nil
    }

    /// Runs every job queued (including those queued meanwhile), then stops the threads and
    /// returns. Calling it again does nothing.
    func close() {
        let (idle, isFirst) = state.withLock { state in
            defer {
                state.isClosing = true
                state.idle = 0
            }
            return (state.idle, !state.isClosing && state.isStarted)
        }
        guard isFirst else { return }
        for _ in 0..<idle { wakeUp.signal() }
        for _ in 0..<count { finished.wait() }
    }

    private func run(_ work: @Sendable ([Job]) -> Void) {
        while true {
            let batch: [Job]? = state.withLock { state in
                if !state.jobs.isEmpty {
                    let taken = min(state.jobs.count, maximumBatch)
                    defer { state.jobs.removeFirst(taken) }
                    return Array(state.jobs.prefix(taken))
                }
                if state.isClosing {
                    state.isClosed = true
                    return nil
                }
                state.idle += 1
                return []
            }
            guard let batch else { return }
            if !batch.isEmpty {
                work(batch)
            } else if let idleInterval {
                guard wakeUp.wait(timeout: .now() + idleInterval) == .timedOut else { continue }
                // Timed out; but a submission (or close) may have counted this thread as woken
                // and signalled just now: then that signal is this thread's to take.
                let wasClaimed = state.withLock { state in
                    guard state.idle > 0 else { return true }
                    state.idle -= 1
                    return false
                }
                if wasClaimed { wakeUp.wait() } else { work([]) }
            } else {
                wakeUp.wait()
            }
        }
    }
}
