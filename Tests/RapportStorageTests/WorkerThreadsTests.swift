import Dispatch
import Glibc
import Synchronization
import Testing

@testable import RapportStorage

@Suite struct WorkerThreadsTests {
    @Test func jobsQueuedWhileTheThreadIsBusyAreTakenTogetherInOrder() {
        let threads = WorkerThreads<Int>(name: "test.batches", maximumBatch: 100)
        let batches = Mutex<[[Int]]>([])
        let firstStarted = DispatchSemaphore(value: 0)
        let releaseFirst = DispatchSemaphore(value: 0)
        threads.start { batch in
            batches.withLock { $0.append(batch) }
            if batch == [0] {
                firstStarted.signal()
                releaseFirst.wait()
            }
        }
        #expect(threads.submit(0))
        firstStarted.wait()
        for job in 1...250 { #expect(threads.submit(job)) }
        releaseFirst.signal()
        threads.close()
        let seen = batches.withLock { $0 }
        #expect(seen.first == [0])
        #expect(seen.dropFirst().map(\.count) == [100, 100, 50])
        #expect(seen.flatMap { $0 } == Array(0...250))
    }

    @Test func closeRunsEveryQueuedJobThenRefusesNewOnes() {
        let threads = WorkerThreads<Int>(name: "test.close", count: 3, maximumBatch: 7)
        let done = Atomic<Int>(0)
        threads.start { batch in done.add(batch.count, ordering: .relaxed) }
        for job in 0..<10_000 { #expect(threads.submit(job)) }
        threads.close()
        #expect(done.load(ordering: .relaxed) == 10_000)
        #expect(!threads.submit(1))
        threads.close()  // a second close returns at once
    }

    @Test func manyThreadsShareTheQueueAndEachJobRunsOnce() {
        let threads = WorkerThreads<Int>(name: "test.many", count: 4, maximumBatch: 16)
        let seen = Mutex<[Int]>([])
        threads.start { batch in seen.withLock { $0 += batch } }
        DispatchQueue.concurrentPerform(iterations: 8) { producer in
            for index in 0..<1_000 { _ = threads.submit(producer * 1_000 + index) }
        }
        threads.close()
        #expect(seen.withLock { $0 }.sorted() == Array(0..<8_000))
    }

    @Test func anIdleThreadRunsTheWorkWithAnEmptyBatchEachInterval() {
        let threads = WorkerThreads<Never>(name: "test.idle", maximumBatch: 1, idleInterval: .milliseconds(5))
        let ticks = Atomic<Int>(0)
        let enough = DispatchSemaphore(value: 0)
        threads.start { batch in
            #expect(batch.isEmpty)
            if ticks.add(1, ordering: .relaxed).newValue == 3 { enough.signal() }
        }
        #expect(enough.wait(timeout: .now() + 10) == .success)
        threads.close()
        let after = ticks.load(ordering: .relaxed)
        usleep(30_000)
        #expect(ticks.load(ordering: .relaxed) == after, "no tick after close")
    }

    @Test func anIdleIntervalDoesNotDelayOrLoseSubmittedJobs() {
        let threads = WorkerThreads<Int>(name: "test.idle-jobs", maximumBatch: 8, idleInterval: .microseconds(200))
        let seen = Mutex<[Int]>([])
        threads.start { batch in seen.withLock { $0 += batch } }
        for job in 0..<2_000 {
            #expect(threads.submit(job))
            if job % 100 == 0 { usleep(300) }  // let some intervals pass between submissions
        }
        threads.close()
        #expect(seen.withLock { $0 } == Array(0..<2_000))
    }
}
