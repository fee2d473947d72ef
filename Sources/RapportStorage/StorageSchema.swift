import GRDB

/// The tables the storage layer itself keeps: idempotency keys and the audit log.
enum StorageSchema {
    static func register(in plan: inout MigrationPlan) {
        plan.register("storage.v1") { db in
            try db.create(table: "rapport_idempotency_key", options: .withoutRowID) { t in
                t.primaryKey("key", .text)
                t.column("method", .text).notNull()
                t.column("params", .text).notNull()
                t.column("result", .text).notNull()
                t.column("created_at", .integer).notNull()
            }
            try db.create(table: "rapport_audit") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("at", .integer).notNull()
                t.column("actor", .text).notNull()
                t.column("method", .text).notNull()
                t.column("target", .text)
                t.column("idempotency_key", .text)
            }
            try db.create(index: "rapport_audit_on_target", on: "rapport_audit", columns: ["target"])
        }
    }
}
