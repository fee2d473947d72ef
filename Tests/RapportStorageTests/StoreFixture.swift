import Foundation
import GRDB
import RapportCore

@testable import RapportStorage

/// A fresh database in its own temporary directory, with one `note` table for tests to write to.
struct StoreFixture {
    let directory: URL
    var path: String { directory.appendingPathComponent("test.sqlite").path }
    let clock = ManualWallClock(Timestamp(millisecondsSince1970: 1_772_359_200_000))

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-storage-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    static var plan: MigrationPlan {
        var plan = MigrationPlan()
        plan.register("test.v1") { db in
            try db.execute(sql: "CREATE TABLE note (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE)")
            try db.execute(sql: "CREATE TABLE account (id TEXT PRIMARY KEY, balance INTEGER NOT NULL CHECK (balance >= 0))")
        }
        return plan
    }

    func open(options: StoreOptions = StoreOptions(), events: EventRegistry = EventRegistry()) throws -> Store {
        try Store(path: path, options: options, migrations: Self.plan, events: events, clock: clock)
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}

/// An event tests raise.
struct NoteAdded: DomainEvent, Equatable {
    static let topic = "note.added"
    static let summary = "A note was added."
    var text: String
}

/// Counts rows of a table.
func count(_ table: String, in store: Store) async throws -> Int {
    try await store.read { try Int.fetchOne($0.db, sql: "SELECT count(*) FROM \(table)")! }
}
