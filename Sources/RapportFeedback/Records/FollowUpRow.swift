import GRDB
import RapportCore
import RapportStorage

/// Reading and writing `feedback_followup` and `feedback_reply` rows.
enum FollowUpRow {
    /// The handling columns of alias `f`; joined after an item's own columns.
    static let columns = """
        f.item_id, f.kind, f.customer_id, f.public, f.needs_attention, f.opened_at, f.deadline, f.assigned_to, f.assigned_at, \
        f.first_response_at, f.staff_response_at, f.resolved_at, f.resolution, f.compensation
        """
    static let replyColumns = "id, item_id, text, by, by_kind, at"

    /// The SQL over alias `f` that picks items of `status` (the same rule as ``FollowUp/status``).
    static func condition(_ status: FollowUpStatus) -> String {
        switch status {
        case .open: "f.staff_response_at IS NULL AND f.resolved_at IS NULL"
        case .responded: "f.staff_response_at IS NOT NULL AND f.resolved_at IS NULL"
        case .resolved: "f.resolved_at IS NOT NULL"
        }
    }

    static func followUp(_ row: Row) throws -> FollowUp {
        FollowUp(
            itemId: try row.decode(forColumn: "item_id"),
            kind: try row.rawValue(forColumn: "kind"),
            customerId: try row.decode(forColumn: "customer_id"),
            isPublic: try row.decode(forColumn: "public"),
            needsAttention: try row.decode(forColumn: "needs_attention"),
            openedAt: try row.timestamp(forColumn: "opened_at"),
            deadline: try row.optionalTimestamp(forColumn: "deadline"),
            assignedTo: try row.decode(forColumn: "assigned_to"),
            assignedAt: try row.optionalTimestamp(forColumn: "assigned_at"),
            firstResponseAt: try row.optionalTimestamp(forColumn: "first_response_at"),
            staffResponseAt: try row.optionalTimestamp(forColumn: "staff_response_at"),
            resolvedAt: try row.optionalTimestamp(forColumn: "resolved_at"),
            resolution: try row.decode(forColumn: "resolution"),
            compensation: try row.json(CompensationGiven.self, forColumn: "compensation"))
    }

    static func find(_ itemId: String, in db: Database) throws -> FollowUp? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT \(columns) FROM feedback_followup f WHERE f.item_id = ?"), arguments: [itemId])
            .map(followUp)
    }

    static func insert(_ followUp: FollowUp, in db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO feedback_followup (item_id, kind, customer_id, public, needs_attention, opened_at, deadline)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            followUp.itemId, followUp.kind.rawValue, followUp.customerId, followUp.isPublic, followUp.needsAttention,
            followUp.openedAt.millisecondsSince1970, followUp.deadline?.millisecondsSince1970,
        ])
    }

    /// Writes what can change after an item opened: its deadline, assignment, responses and resolution.
    static func update(_ followUp: FollowUp, in db: Database) throws {
        try db.cachedStatement(
            sql: """
                UPDATE feedback_followup SET customer_id = ?, public = ?, needs_attention = ?, deadline = ?, assigned_to = ?,
                    assigned_at = ?, first_response_at = ?, staff_response_at = ?, answered = ?, resolved_at = ?, resolution = ?,
                    compensation = ?
                WHERE item_id = ?
                """
        ).execute(arguments: [
            followUp.customerId, followUp.isPublic, followUp.needsAttention, followUp.deadline?.millisecondsSince1970,
            followUp.assignedTo, followUp.assignedAt?.millisecondsSince1970, followUp.firstResponseAt?.millisecondsSince1970,
            followUp.staffResponseAt?.millisecondsSince1970, followUp.handledAt != nil, followUp.resolvedAt?.millisecondsSince1970,
            followUp.resolution, try followUp.compensation.map(StoredJSON.encode), followUp.itemId,
        ])
    }

    static func insert(_ reply: FollowUpReply, in db: Database) throws {
        try db.cachedStatement(sql: "INSERT INTO feedback_reply (\(replyColumns)) VALUES (?, ?, ?, ?, ?, ?)").execute(arguments: [
            reply.id, reply.itemId, reply.text, reply.by, reply.byKind.rawValue, reply.at.millisecondsSince1970,
        ])
    }

    static func replies(of itemId: String, in db: Database) throws -> [FollowUpReply] {
        try Row.fetchAll(
            db.cachedStatement(sql: "SELECT \(replyColumns) FROM feedback_reply WHERE item_id = ? ORDER BY at, id"), arguments: [itemId]
        ).map { row in
            FollowUpReply(
                id: try row.decode(forColumn: "id"), itemId: try row.decode(forColumn: "item_id"), text: try row.decode(forColumn: "text"),
                by: try row.decode(forColumn: "by"), byKind: try row.rawValue(forColumn: "by_kind"), at: try row.timestamp(forColumn: "at"))
        }
    }
}
