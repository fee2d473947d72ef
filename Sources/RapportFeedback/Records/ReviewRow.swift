import GRDB
import RapportCore
import RapportStorage

/// Reading and writing `feedback_review` rows, with their handling.
enum ReviewRow {
    static let columns = """
        r.id, r.source, r.external_id, r.rating, r.text, r.author, r.url, r.customer_id, r.topics, r.public, r.negative, r.at, \
        r.recorded_at, r.updated_at, r.edits
        """
    /// The reviews and their handling: `\(select) WHERE …`.
    static let select = "SELECT \(columns), \(FollowUpRow.columns) FROM feedback_review r JOIN feedback_followup f ON f.item_id = r.id"

    static func review(_ row: Row, at now: Timestamp) throws -> Review {
        let followUp = try FollowUpRow.followUp(row)
        return Review(
            id: try row.decode(forColumn: "id"),
            source: try row.rawValue(forColumn: "source"),
            externalId: try row.decode(forColumn: "external_id"),
            rating: try row.decode(forColumn: "rating"),
            text: try row.decode(forColumn: "text"),
            author: try row.decode(forColumn: "author"),
            url: try row.decode(forColumn: "url"),
            customerId: try row.decode(forColumn: "customer_id"),
            topics: try row.json([String].self, forColumn: "topics") ?? [],
            public: try row.decode(forColumn: "public"),
            negative: try row.decode(forColumn: "negative"),
            at: try row.timestamp(forColumn: "at"),
            recordedAt: try row.timestamp(forColumn: "recorded_at"),
            updatedAt: try row.timestamp(forColumn: "updated_at"),
            edits: try row.decode(forColumn: "edits"),
            status: .open, deadline: nil, overdue: false, firstResponseAt: nil, respondedAt: nil, resolvedAt: nil, resolution: nil,
            compensation: nil
        ).handled(by: followUp, at: now)
    }

    static func find(_ id: String, at now: Timestamp, in db: Database) throws -> Review? {
        try Row.fetchOne(db.cachedStatement(sql: "\(select) WHERE r.id = ?"), arguments: [id]).map { try review($0, at: now) }
    }

    static func id(source: Review.Source, externalId: String, in db: Database) throws -> String? {
        try String.fetchOne(
            db.cachedStatement(sql: "SELECT id FROM feedback_review WHERE source = ? AND external_id = ?"),
            arguments: [source.rawValue, externalId])
    }

    /// Inserts the review's row, or rewrites an existing one's content.
    static func save(_ review: Review, in db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO feedback_review (id, source, external_id, rating, text, author, url, customer_id, topics, public, negative, at,
                    recorded_at, updated_at, edits)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
                ON CONFLICT (id) DO UPDATE SET rating = ?4, text = ?5, author = ?6, url = ?7, customer_id = ?8, topics = ?9, public = ?10,
                    negative = ?11, at = ?12, updated_at = ?14, edits = ?15
                """
        ).execute(arguments: [
            review.id, review.source.rawValue, review.externalId, review.rating, review.text, review.author, review.url, review.customerId,
            try StoredJSON.encode(review.topics), review.public, review.negative, review.at.millisecondsSince1970,
            review.recordedAt.millisecondsSince1970, review.updatedAt.millisecondsSince1970, review.edits,
        ])
    }
}
