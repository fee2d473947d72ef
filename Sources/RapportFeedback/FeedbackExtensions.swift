import GRDB
import RapportCore
import RapportCustomers
import RapportJSON
import RapportStorage

/// What feedback adds to the customers room: segment fields, timeline entries and an export section.
enum FeedbackExtensions {
    static func extend(_ extensions: inout CustomersExtensions) {
        addSegmentFields(to: &extensions.segmentFields)
        extensions.timelineSources += timelineSources
        extensions.exportSources.append(ExportSource(module: "feedback") { customerId, now, db in try export(customerId, at: now, in: db) })
    }

    private static func addSegmentFields(to fields: inout SegmentFieldRegistry) {
        func add(_ name: String, _ kind: SegmentField.Kind, _ summary: String, _ sql: String) {
            fields.register(SegmentField(name: name, kind: kind, summary: summary) { _ in SegmentField.SQLFragment(sql: sql, arguments: []) })
        }
        add(
            "lastNps", .integer, "The latest NPS answer (0–10, nps.submit or a survey); null without one.",
            "(SELECT n.score FROM feedback_nps n WHERE n.customer_id = c.id ORDER BY n.at DESC, n.id DESC LIMIT 1)")
        add(
            "npsCategory", .text, "The latest NPS answer's category: promoter, passive or detractor; null without one.",
            "(SELECT n.category FROM feedback_nps n WHERE n.customer_id = c.id ORDER BY n.at DESC, n.id DESC LIMIT 1)")
        add(
            "openComplaints", .integer, "Complaints not resolved yet.",
            "(SELECT count(*) FROM feedback_followup f WHERE f.customer_id = c.id AND f.kind = 'complaint' AND f.resolved_at IS NULL)")
        add(
            "lastReviewRating", .integer, "The stars of the customer's latest review; null without one.",
            "(SELECT r.rating FROM feedback_review r WHERE r.customer_id = c.id ORDER BY r.at DESC, r.id DESC LIMIT 1)")
        fields.register(
            SegmentField(
                name: "daysSinceLastFeedback", kind: .integer,
                summary: "Whole days (of 24 hours) since the latest review, NPS answer, survey response or complaint; null without any."
            ) { now in
                SegmentField.SQLFragment(
                    sql: """
                        (SELECT (? - max(t.at)) / 86400000 FROM (
                            SELECT max(at) AS at FROM feedback_nps WHERE customer_id = c.id
                            UNION ALL SELECT max(at) FROM feedback_review WHERE customer_id = c.id
                            UNION ALL SELECT max(at) FROM feedback_complaint WHERE customer_id = c.id
                            UNION ALL SELECT max(at) FROM feedback_survey_response WHERE customer_id = c.id) t)
                        """, arguments: [.integer(now.millisecondsSince1970)])
            })
    }

    private static let timelineSources: [TimelineSource] = [
        TimelineSource(kind: "review") { customerId, cursor, limit, db in
            try TimelineSource.newestRows(
                "id, source, rating, text, public, negative, at", from: "feedback_review", of: customerId, before: cursor, limit: limit, in: db
            ).map { row in
                let rating: Int64 = try row.decode(forColumn: "rating")
                let source: String = try row.decode(forColumn: "source")
                var data = JSONObject()
                data.append(key: "source", value: .string(source))
                data.append(key: "rating", value: .int(rating))
                data.append(key: "text", value: try row.decode(String?.self, forColumn: "text").map(JSONValue.string) ?? .null)
                data.append(key: "public", value: .bool(try row.decode(forColumn: "public")))
                data.append(key: "negative", value: .bool(try row.decode(forColumn: "negative")))
                return TimelineEntry(
                    at: try row.timestamp(forColumn: "at"), kind: "review", id: try row.decode(forColumn: "id"),
                    summary: "Review \(rating)★ on \(source)", data: .object(data))
            }
        },
        TimelineSource(kind: "nps") { customerId, cursor, limit, db in
            try TimelineSource.newestRows(NPSRow.columns, from: "feedback_nps", of: customerId, before: cursor, limit: limit, in: db)
                .map { row in
                    let answer = try NPSRow.answer(row)
                    return TimelineEntry(
                        at: answer.at, kind: "nps", id: answer.id, summary: "NPS \(answer.score) (\(answer.category.rawValue))",
                        data: try JSONValueEncoder().encode(answer))
                }
        },
        TimelineSource(kind: "complaint") { customerId, cursor, limit, db in
            try TimelineSource.newestRows(
                "id, category, text, channel, order_id, at", from: "feedback_complaint", of: customerId, before: cursor, limit: limit, in: db
            ).map { row in
                let category: String = try row.decode(forColumn: "category")
                var data = JSONObject()
                data.append(key: "category", value: .string(category))
                data.append(key: "text", value: try row.decode(String?.self, forColumn: "text").map(JSONValue.string) ?? .null)
                data.append(key: "orderId", value: try row.decode(String?.self, forColumn: "order_id").map(JSONValue.string) ?? .null)
                return TimelineEntry(
                    at: try row.timestamp(forColumn: "at"), kind: "complaint", id: try row.decode(forColumn: "id"),
                    summary: "Complaint about \(category)", data: .object(data))
            }
        },
        TimelineSource(kind: "survey") { customerId, cursor, limit, db in
            try TimelineSource.newestRows(
                "id, survey_id, order_id, at", from: "feedback_survey_response", of: customerId, before: cursor, limit: limit, in: db
            ).map { row in
                let surveyId: String = try row.decode(forColumn: "survey_id")
                return TimelineEntry(
                    at: try row.timestamp(forColumn: "at"), kind: "survey", id: try row.decode(forColumn: "id"),
                    summary: "Answered survey \(surveyId)", data: ["surveyId": .string(surveyId)])
            }
        },
    ]

    /// Everything feedback holds on a customer.
    static func export(_ customerId: String, at now: Timestamp, in db: Database) throws -> JSONValue {
        let encoder = JSONValueEncoder()
        var section = JSONObject()
        section.append(
            key: "npsAnswers",
            value: try encoder.encode(
                Row.fetchAll(db, sql: "SELECT \(NPSRow.columns) FROM feedback_nps WHERE customer_id = ? ORDER BY at, id", arguments: [customerId])
                    .map(NPSRow.answer)))
        section.append(key: "surveyResponses", value: try encoder.encode(SurveyRow.responses(of: customerId, in: db)))
        let reviews = try Row.fetchAll(db, sql: "\(ReviewRow.select) WHERE r.customer_id = ? ORDER BY r.at, r.id", arguments: [customerId])
            .map { try ReviewRow.review($0, at: now) }
        section.append(key: "reviews", value: try encoder.encode(reviews))
        let complaints = try Row.fetchAll(db, sql: "\(ComplaintRow.select) WHERE c.customer_id = ? ORDER BY c.at, c.id", arguments: [customerId])
            .map { try ComplaintRow.complaint($0, at: now) }
        section.append(key: "complaints", value: try encoder.encode(complaints))
        let items = try String.fetchAll(
            db, sql: "SELECT item_id FROM feedback_followup WHERE customer_id = ? ORDER BY item_id", arguments: [customerId])
        section.append(key: "replies", value: try encoder.encode(items.flatMap { try FollowUpRow.replies(of: $0, in: db) }))
        return .object(section)
    }
}
