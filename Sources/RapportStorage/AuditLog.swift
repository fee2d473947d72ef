public import GRDB
public import RapportCore

/// One committed mutation as the audit log keeps it.
public struct AuditEntry: Codable, Sendable, Hashable {
    /// The entry's number; later entries have larger ones.
    public var id: Int64
    /// When the mutation ran: the time of its request.
    public var at: Timestamp
    /// Who asked: `stdio`, `uid:501 pid:8812` for a socket client, or an embedding program's name.
    public var actor: String
    /// The method.
    public var method: String
    /// The id of the record it changed, when it names one.
    public var targetId: String?
    /// The idempotency key it was sent with, if any.
    public var idempotencyKey: String?

    /// Creates an entry.
    public init(id: Int64, at: Timestamp, actor: String, method: String, targetId: String?, idempotencyKey: String?) {
        self.id = id
        self.at = at
        self.actor = actor
        self.method = method
        self.targetId = targetId
        self.idempotencyKey = idempotencyKey
    }
}

/// The append-only audit log: one row per committed mutation.
public enum AuditLog {
    static func record(
        at time: Timestamp, actor: String, method: String, target: String?, idempotencyKey: String?, in db: Database
    ) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO rapport_audit (at, actor, method, target, idempotency_key) VALUES (?, ?, ?, ?, ?)
                """)
        try statement.execute(arguments: [time.millisecondsSince1970, actor, method, target, idempotencyKey])
    }

    /// What to list: every filter is optional; `from` is inclusive, `to` exclusive.
    public struct Filter: Sendable {
        /// Only entries at or after this time (inclusive); nil for no lower bound.
        public var from: Timestamp?
        /// Only entries before this time (exclusive); nil for no upper bound.
        public var to: Timestamp?
        /// Only entries by this actor, matched exactly (`stdio`, `uid:501 pid:8812`); nil for any.
        public var actor: String?
        /// Only entries of this method's wire name (`customers.create`); nil for any.
        public var method: String?
        /// Only entries that changed this record id; nil for any.
        public var targetId: String?

        /// Creates a filter.
        public init(from: Timestamp? = nil, to: Timestamp? = nil, actor: String? = nil, method: String? = nil, targetId: String? = nil) {
            self.from = from
            self.to = to
            self.actor = actor
            self.method = method
            self.targetId = targetId
        }
    }

    /// The entries `filter` picks, newest first, a page of `limit` after `cursor`.
    public static func list(_ filter: Filter, limit: Int, cursor: String?, in db: Database) throws -> Page<AuditEntry> {
        var conditions = SQLFilter()
        if let after = try Pagination.id(fromCursor: cursor) {
            guard let id = Int64(after) else { throw RapportError.invalid("cursor", "not a cursor this list gave out") }
            conditions.add("id < ?", id)
        }
        if let from = filter.from { conditions.add("at >= ?", from.millisecondsSince1970) }
        if let to = filter.to { conditions.add("at < ?", to.millisecondsSince1970) }
        if let actor = filter.actor { conditions.add("actor = ?", actor) }
        if let method = filter.method { conditions.add("method = ?", method) }
        if let targetId = filter.targetId { conditions.add("target = ?", targetId) }
        var arguments = conditions.arguments
        _ = arguments.append(contentsOf: [limit + 1])
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT id, at, actor, method, target, idempotency_key FROM rapport_audit
                WHERE \(conditions.condition) ORDER BY id DESC LIMIT ?
                """, arguments: arguments)
        let entries = try rows.map { row in
            AuditEntry(
                id: try row.int64(0), at: Timestamp(millisecondsSince1970: try row.int64(1)), actor: try row.text(2),
                method: try row.text(3), targetId: try row.optionalText(4), idempotencyKey: try row.optionalText(5))
        }
        return Pagination.page(entries, limit: limit) { String($0.id) }
    }
}
