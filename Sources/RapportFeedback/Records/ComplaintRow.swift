import GRDB
import RapportCore
import RapportStorage

/// Reading and writing `feedback_complaint` rows, with their handling.
enum ComplaintRow {
    static let columns = "c.id, c.customer_id, c.category, c.text, c.channel, c.order_id, c.at"
    static let select = "SELECT \(columns), \(FollowUpRow.columns) FROM feedback_complaint c JOIN feedback_followup f ON f.item_id = c.id"

    static func complaint(_ row: Row, at now: Timestamp) throws -> Complaint {
        let followUp = try FollowUpRow.followUp(row)
        return Complaint(
            id: try row.decode(forColumn: "id"),
            customerId: try row.decode(forColumn: "customer_id"),
            category: try row.rawValue(forColumn: "category"),
            text: try row.decode(forColumn: "text"),
            channel: try row.decode(forColumn: "channel"),
            orderId: try row.decode(forColumn: "order_id"),
            at: try row.timestamp(forColumn: "at"),
            status: followUp.status, deadline: followUp.deadline, overdue: followUp.isOverdue(at: now),
            assignedTo: followUp.assignedTo, assignedAt: followUp.assignedAt, firstResponseAt: followUp.firstResponseAt,
            respondedAt: followUp.staffResponseAt, resolvedAt: followUp.resolvedAt, resolution: followUp.resolution,
            compensation: followUp.compensation)
    }

    static func find(_ id: String, at now: Timestamp, in db: Database) throws -> Complaint? {
        try Row.fetchOne(db.cachedStatement(sql: "\(select) WHERE c.id = ?"), arguments: [id]).map { try complaint($0, at: now) }
    }

    static func insert(_ complaint: Complaint, in db: Database) throws {
        try db.cachedStatement(
            sql: "INSERT INTO feedback_complaint (id, customer_id, category, text, channel, order_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)"
        ).execute(arguments: [
            complaint.id, complaint.customerId, complaint.category.rawValue, complaint.text, complaint.channel, complaint.orderId,
            complaint.at.millisecondsSince1970,
        ])
    }
}
