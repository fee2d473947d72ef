import Foundation
import GRDB
import RapportCore
import RapportJSON
import Synchronization
import TestSupport
import Testing

@testable import RapportStorage

@Suite struct StoreTests {
    @Test func opensDurableByDefault() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let store = try fixture.open()
        defer { store.close() }
        #expect(try store.synchronousLevel() == 2)
        #expect(store.appliedMigrations == ["storage.v1", "test.v1"])
    }

    @Test func normalDurabilityIsAnExplicitChoice() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let store = try fixture.open(options: StoreOptions(durability: .normal))
        defer { store.close() }
        #expect(try store.synchronousLevel() == 1)
    }

    @Test func concurrentWritesAllCommit() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let store = try fixture.open()
        defer { store.close() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<300 {
                group.addTask {
                    _ = try await store.write { try $0.db.execute(sql: "INSERT INTO note (text) VALUES (?)", arguments: ["n\(index)"]) }
                }
            }
            try await group.waitForAll()
        }
        #expect(try await count("note", in: store) == 300)
    }

    @Test func aLongJobStepCommitsAloneAfterTheRequestsQueuedWithIt() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let store = try fixture.open()
        defer { store.close() }
        let holding = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        // Holds the writer, so that the step and the request behind it are taken in one batch.
        store.write(
            actor: "test", method: "hold",
            { _ in
                holding.signal()
                release.wait()
            }
        ) { _ in }
        holding.wait()
        let requestCommitted = Shared(false)
        let stepSawTheRequestCommitted = Shared(false)
        let done = DispatchSemaphore(value: 0)
        store.write(
            actor: "test", method: "step", isLongJobStep: true,
            { _ in
                stepSawTheRequestCommitted.withLock { $0 = requestCommitted.value }
            }
        ) { _ in done.signal() }
        store.write(
            actor: "test", method: "request",
            { context in
                try context.db.execute(sql: "INSERT INTO note (text) VALUES ('request')")
            }
        ) { result in
            if case .success = result { requestCommitted.withLock { $0 = true } }
            done.signal()
        }
        release.signal()
        done.wait()
        done.wait()
        #expect(stepSawTheRequestCommitted.value)
    }

    @Test func aFailingRequestRollsBackAlone() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let store = try fixture.open()
        defer { store.close() }
        let failures = Shared(0)
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<100 {
                group.addTask {
                    do {
                        _ = try await store.write { context in
                            try context.db.execute(sql: "INSERT INTO note (text) VALUES (?)", arguments: ["n\(index)"])
                            if index % 10 == 3 { throw RapportError(.conflict, "refused after writing") }
                        }
                    } catch {
                        failures.withLock { $0 += 1 }
                    }
                }
            }
        }
        #expect(failures.value == 10)
        #expect(try await count("note", in: store) == 90)
        let survivors = try await store.read { try String.fetchAll($0.db, sql: "SELECT text FROM note") }
        #expect(!survivors.contains("n3") && survivors.contains("n4"))
    }

    @Test func aConstraintViolationFailsOnlyItsRequest() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let store = try fixture.open()
        defer { store.close() }
        _ = try await store.write { try $0.db.execute(sql: "INSERT INTO note (text) VALUES ('same')") }
        await #expect(throws: DatabaseError.self) {
            _ = try await store.write { try $0.db.execute(sql: "INSERT INTO note (text) VALUES ('same')") }
        }
        _ = try await store.write { try $0.db.execute(sql: "INSERT INTO note (text) VALUES ('other')") }
        #expect(try await count("note", in: store) == 2)
    }

    @Test func dryRunReturnsTheValueAndChangesNothing() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        var events = EventRegistry()
        events.declare(NoteAdded.self)
        let store = try fixture.open(events: events)
        defer { store.close() }
        let published = Shared<[String]>([])
        let subscription = store.events.subscribe(topics: ["*"]) { event in published.withLock { $0.append(event.topic) } }
        defer { subscription.cancel() }
        let outcome = try await store.write(dryRun: true) { context in
            try context.db.execute(sql: "INSERT INTO note (text) VALUES ('maybe')")
            try context.raise(NoteAdded(text: "maybe"))
            return try Int.fetchOne(context.db, sql: "SELECT count(*) FROM note")!
        }
        #expect(outcome.value == 1)
        #expect(outcome.events.map(\.topic) == ["note.added"])
        #expect(try await count("note", in: store) == 0)
        #expect(published.withLock { $0 }.isEmpty)
    }

    @Test func eventHandlersRunInTheSameTransaction() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        var events = EventRegistry()
        events.declare(NoteAdded.self)
        events.on(NoteAdded.self) { event, context in
            guard event.text != "poison" else { throw RapportError(.notAllowed, "poisoned note") }
            try context.db.execute(sql: "INSERT INTO note (text) VALUES (?)", arguments: ["echo of \(event.text)"])
        }
        let store = try fixture.open(events: events)
        defer { store.close() }
        let published = Shared<[PublishedEvent]>([])
        let subscription = store.events.subscribe(topics: ["note.*"]) { event in published.withLock { $0.append(event) } }
        defer { subscription.cancel() }

        _ = try await store.write { context in
            try context.db.execute(sql: "INSERT INTO note (text) VALUES ('hello')")
            try context.raise(NoteAdded(text: "hello"))
        }
        await #expect(throws: RapportError.self) {
            _ = try await store.write { context in
                try context.db.execute(sql: "INSERT INTO note (text) VALUES ('poison')")
                try context.raise(NoteAdded(text: "poison"))
            }
        }
        let notes = try await store.read { try String.fetchAll($0.db, sql: "SELECT text FROM note ORDER BY id") }
        #expect(notes == ["hello", "echo of hello"])
        let delivered = published.withLock { $0 }
        #expect(delivered.map(\.topic) == ["note.added"])
        #expect(delivered.first?.data == ["text": "hello"])
    }

    @Test func readsSeeAcknowledgedWrites() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let store = try fixture.open()
        defer { store.close() }
        for index in 1...50 {
            _ = try await store.write { try $0.db.execute(sql: "INSERT INTO note (text) VALUES (?)", arguments: ["n\(index)"]) }
            #expect(try await count("note", in: store) == index)
        }
    }

    @Test func concurrentSpendingNeverOverdraws() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let store = try fixture.open()
        defer { store.close() }
        _ = try await store.write { try $0.db.execute(sql: "INSERT INTO account (id, balance) VALUES ('a', 70)") }
        let successes = Shared(0)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<50 {
                group.addTask {
                    do {
                        _ = try await store.write { context in
                            let balance = try Int.fetchOne(context.db, sql: "SELECT balance FROM account WHERE id = 'a'")!
                            guard balance >= 10 else { throw RapportError(.insufficientPoints, "balance \(balance)") }
                            try context.db.execute(sql: "UPDATE account SET balance = balance - 10 WHERE id = 'a'")
                        }
                        successes.withLock { $0 += 1 }
                    } catch {}
                }
            }
        }
        #expect(successes.value == 7)
        #expect(try await store.read { try Int.fetchOne($0.db, sql: "SELECT balance FROM account")! } == 0)
    }

    @Test func readOnlyStoreRefusesWrites() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        try fixture.open().close()
        let store = try fixture.open(options: StoreOptions(readOnly: true))
        defer { store.close() }
        await #expect(throws: RapportError(.readOnly, "this server is read-only; write changes data")) {
            _ = try await store.write { try $0.db.execute(sql: "INSERT INTO note (text) VALUES ('x')") }
        }
        #expect(try await count("note", in: store) == 0)
    }

    @Test func readOnlyStoreNeedsAnExistingDatabase() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        #expect(throws: RapportError.self) { try fixture.open(options: StoreOptions(readOnly: true)) }
        #expect(!FileManager.default.fileExists(atPath: fixture.path))
    }

    @Test func closedStoreAnswersUnavailable() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let store = try fixture.open()
        store.close()
        await #expect(throws: RapportError.self) { _ = try await store.write { _ in 1 } }
        await #expect(throws: RapportError.self) { _ = try await store.read { _ in 1 } }
    }

    @Test func backupIsACompleteDatabase() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let store = try fixture.open()
        _ = try await store.write { try $0.db.execute(sql: "INSERT INTO note (text) VALUES ('kept')") }
        let copy = fixture.directory.appendingPathComponent("copy.sqlite").path
        try store.backup(to: copy)
        store.close()
        let restored = try Store(path: copy, migrations: StoreFixture.plan, events: EventRegistry(), clock: fixture.clock)
        defer { restored.close() }
        #expect(try await restored.read { try String.fetchAll($0.db, sql: "SELECT text FROM note") } == ["kept"])
    }
}
