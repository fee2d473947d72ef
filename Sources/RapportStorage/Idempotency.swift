import GRDB
import RapportCore

/// Idempotency keys: the first result of a mutation, kept so that a retry returns it unchanged.
///
/// Keys live in the database, in the same transaction as the mutation they guard, so a key is
/// stored if and only if its mutation committed, and survives a restart.
enum Idempotency {
    struct Stored {
        var method: String
        var params: String
        var result: String
    }

    static func find(_ key: String, in db: Database) throws -> Stored? {
        let statement = try db.cachedStatement(sql: "SELECT method, params, result FROM rapport_idempotency_key WHERE key = ?")
        guard let row = try Row.fetchOne(statement, arguments: [key]) else { return nil }
        return Stored(method: row[0], params: row[1], result: row[2])
    }

    static func save(_ key: String, _ stored: Stored, at time: Timestamp, in db: Database) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO rapport_idempotency_key (key, method, params, result, created_at) VALUES (?, ?, ?, ?, ?)
                """)
        try statement.execute(arguments: [key, stored.method, stored.params, stored.result, time.millisecondsSince1970])
    }
}
