import GRDB
import RapportCore
import RapportStorage

/// Reading and writing `feedback_nps` rows.
enum NPSRow {
    static let columns = "id, customer_id, score, category, comment, channel, response_id, at"

    static func answer(_ row: Row) throws -> NPSAnswer {
        NPSAnswer(
            id: try row.decode(forColumn: "id"), customerId: try row.decode(forColumn: "customer_id"), score: try row.decode(forColumn: "score"),
            category: try row.rawValue(forColumn: "category"), comment: try row.decode(forColumn: "comment"),
            channel: try row.decode(forColumn: "channel"),
            responseId: try row.decode(forColumn: "response_id"), at: try row.timestamp(forColumn: "at"))
    }

    static func find(_ id: String, in db: Database) throws -> NPSAnswer? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT \(columns) FROM feedback_nps WHERE id = ?"), arguments: [id]).map(answer)
    }

    static func insert(_ answer: NPSAnswer, in db: Database) throws {
        try db.cachedStatement(sql: "INSERT INTO feedback_nps (\(columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?)").execute(arguments: [
            answer.id, answer.customerId, answer.score, answer.category.rawValue, answer.comment, answer.channel, answer.responseId,
            answer.at.millisecondsSince1970,
        ])
    }

    /// The answers counted by score over `[from, to)`.
    static func counts(from: Timestamp?, to: Timestamp?, in db: Database) throws -> [Int64: Int64] {
        let rows = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT score, count(*) AS n FROM feedback_nps WHERE at >= ? AND at < ? GROUP BY score"),
            arguments: [(from ?? .distantPast).millisecondsSince1970, (to ?? .distantFuture).millisecondsSince1970])
        var counts: [Int64: Int64] = [:]
        for row in rows { counts[try row.decode(Int64.self, forColumn: "score")] = try row.decode(Int64.self, forColumn: "n") }
        return counts
    }
}
