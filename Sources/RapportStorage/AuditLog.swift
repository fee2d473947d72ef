import GRDB
import RapportCore

/// The append-only audit log: one row per committed mutation.
enum AuditLog {
    static func record(
        at time: Timestamp, actor: String, method: String, target: String?, idempotencyKey: String?, in db: Database
    ) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO rapport_audit (at, actor, method, target, idempotency_key) VALUES (?, ?, ?, ?, ?)
            """)
        try statement.execute(arguments: [time.millisecondsSince1970, actor, method, target, idempotencyKey])
    }
}
