import GRDB
import RapportCore
import RapportJSON
import RapportStorage

/// Reading and writing `feedback_survey`, `feedback_survey_response`, `feedback_survey_text` and
/// `feedback_survey_tally` rows.
enum SurveyRow {
    static let columns = "id, name, purpose, questions, allow_multiple, status, responses, created_at, closed_at"
    /// The question id under which a response's comment is kept with the text answers.
    static let commentQuestion = ""
    /// The spans responses are tallied by: UTC days, then hours for the ends of a window.
    static let spans: [Int64] = [86_400_000, 3_600_000]

    static func survey(_ row: Row) throws -> Survey {
        Survey(
            id: try row.decode(forColumn: "id"), name: try row.decode(forColumn: "name"), purpose: try row.rawValue(forColumn: "purpose"),
            questions: try row.json([Survey.Question].self, forColumn: "questions") ?? [],
            allowMultiple: try row.decode(forColumn: "allow_multiple"), status: try row.rawValue(forColumn: "status"),
            responses: try row.decode(forColumn: "responses"), createdAt: try row.timestamp(forColumn: "created_at"),
            closedAt: try row.optionalTimestamp(forColumn: "closed_at"))
    }

    static func find(_ id: String, in db: Database) throws -> Survey? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT \(columns) FROM feedback_survey WHERE id = ?"), arguments: [id]).map(survey)
    }

    static func all(status: Survey.Status?, after cursor: String?, limit: Int, in db: Database) throws -> [Survey] {
        var filter = SQLFilter()
        if let status { filter.add("status = ?", status.rawValue) }
        if let cursor { filter.add("id > ?", cursor) }
        var arguments = filter.arguments
        _ = arguments.append(contentsOf: [limit + 1])
        return try Row.fetchAll(db, sql: "SELECT \(columns) FROM feedback_survey WHERE \(filter.condition) ORDER BY id LIMIT ?", arguments: arguments)
            .map(survey)
    }

    static func insert(_ survey: Survey, in db: Database) throws {
        try db.execute(
            sql: "INSERT INTO feedback_survey (\(columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            arguments: [
                survey.id, survey.name, survey.purpose.rawValue, try StoredJSON.encode(survey.questions), survey.allowMultiple,
                survey.status.rawValue, survey.responses, survey.createdAt.millisecondsSince1970, survey.closedAt?.millisecondsSince1970,
            ])
    }

    static func close(_ id: String, at: Timestamp, in db: Database) throws {
        try db.execute(sql: "UPDATE feedback_survey SET status = 'closed', closed_at = ? WHERE id = ?", arguments: [at.millisecondsSince1970, id])
    }

    static func hasResponse(of customerId: String, to surveyId: String, in db: Database) throws -> Bool {
        try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM feedback_survey_response WHERE customer_id = ? AND survey_id = ?)"),
            arguments: [customerId, surveyId]) ?? false
    }

    /// Stores a response: its answers (without texts), its texts, the survey's count and the day's tallies.
    static func insert(_ response: SurveyResponse, of survey: Survey, in db: Database) throws {
        var kept = JSONObject()
        var texts: [(question: String, text: String)] = []
        for (questionId, answer) in response.answers {
            if case .string(let text) = answer, survey.questions.first(where: { $0.id == questionId })?.kind == .text {
                texts.append((questionId, text))
                kept.append(key: questionId, value: .bool(true))
            } else {
                kept.append(key: questionId, value: answer)
            }
        }
        if let comment = response.comment { texts.append((commentQuestion, comment)) }
        let at = response.at.millisecondsSince1970
        try db.cachedStatement(
            sql: "INSERT INTO feedback_survey_response (id, survey_id, customer_id, order_id, answers, at) VALUES (?, ?, ?, ?, ?, ?)"
        )
        .execute(arguments: [response.id, survey.id, response.customerId, response.orderId, JSONValue.object(kept).jsonString, at])
        let text = try db.cachedStatement(
            sql: "INSERT INTO feedback_survey_text (response_id, question_id, survey_id, customer_id, text, at) VALUES (?, ?, ?, ?, ?, ?)")
        for (question, value) in texts {
            try text.execute(arguments: [response.id, question, survey.id, response.customerId, value, at])
        }
        try db.cachedStatement(sql: "UPDATE feedback_survey SET responses = responses + 1 WHERE id = ?").execute(arguments: [survey.id])
        let tally = try db.cachedStatement(
            sql: """
                INSERT INTO feedback_survey_tally (survey_id, span, bucket, question_id, value, count) VALUES (?, ?, ?, ?, ?, 1)
                ON CONFLICT DO UPDATE SET count = count + 1
                """)
        let keys = tallyKeys(of: kept)
        for span in spans {
            let bucket = floorDiv(at, span)
            for (question, value) in keys {
                try tally.execute(arguments: [survey.id, span, bucket, question, value])
            }
        }
    }

    /// The (question, value) pairs a response adds to the tallies: one per scale value or choice,
    /// `""` for an answered text or multiple-choice question, and (`""`, `""`) for the response itself.
    static func tallyKeys(of answers: JSONObject) -> [(question: String, value: String)] {
        var keys: [(String, String)] = [(commentQuestion, "")]
        for (questionId, answer) in answers {
            switch answer {
            case .int(let score): keys.append((questionId, String(score)))
            case .string(let choice): keys.append((questionId, choice))
            case .array(let choices): keys += [(questionId, "")] + choices.compactMap { $0.stringValue.map { (questionId, $0) } }
            case .bool: keys.append((questionId, ""))
            default: break
            }
        }
        return keys
    }

    /// The tallies of a survey over `[from, to)`: whole UTC days, then whole hours at either end
    /// from the tally table, and the responses of the partial hours left.
    static func tallies(of surveyId: String, from: Timestamp?, to: Timestamp?, in db: Database) throws -> [String: [String: Int64]] {
        var tallies: [String: [String: Int64]] = [:]
        let sum = try db.cachedStatement(
            sql: """
                SELECT question_id, value, sum(count) AS n FROM feedback_survey_tally
                WHERE survey_id = ? AND span = ? AND bucket >= ? AND bucket < ? GROUP BY question_id, value
                """)
        let scan = try db.cachedStatement(sql: "SELECT answers FROM feedback_survey_response WHERE survey_id = ? AND at >= ? AND at < ?")
        /// Adds `[lower, upper)` (nil: unbounded), in spans from `level` on.
        func add(_ lower: Int64?, _ upper: Int64?, level: Int) throws {
            if let lower, let upper, lower >= upper { return }
            guard level < spans.count else {
                let answers = try String.fetchCursor(scan, arguments: [surveyId, lower ?? .min, upper ?? .max])
                while let text = try answers.next() {
                    for (question, value) in tallyKeys(of: try StoredJSON.parse(text).objectValue ?? JSONObject()) {
                        tallies[question, default: [:]][value, default: 0] += 1
                    }
                }
                return
            }
            let span = spans[level]
            let first = lower.map { -floorDiv(-$0, span) }
            let end = upper.map { floorDiv($0, span) }
            if let first, let end, first >= end { return try add(lower, upper, level: level + 1) }
            let rows = try Row.fetchCursor(sum, arguments: [surveyId, span, first ?? .min, end ?? .max])
            while let row = try rows.next() {
                let question: String = try row.decode(forColumn: "question_id")
                tallies[question, default: [:]][try row.decode(String.self, forColumn: "value"), default: 0] += try row.decode(
                    Int64.self, forColumn: "n")
            }
            if let lower, let first { try add(lower, first * span, level: level + 1) }
            if let upper, let end { try add(end * span, upper, level: level + 1) }
        }
        try add(from?.millisecondsSince1970, to?.millisecondsSince1970, level: 0)
        return tallies
    }

    /// A page of one question's texts (or the comments) over `[from, to)`, oldest response first.
    static func texts(
        of surveyId: String, question: String, from: Timestamp?, to: Timestamp?, after cursor: TextCursor?, limit: Int, in db: Database
    ) throws -> [SurveyText] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT response_id, customer_id, text, at FROM feedback_survey_text
                    WHERE survey_id = ? AND question_id = ? AND at >= ? AND at < ? AND (at, response_id) > (?, ?)
                    ORDER BY at, response_id LIMIT ?
                    """),
            arguments: [
                surveyId, question, (from ?? .distantPast).millisecondsSince1970, (to ?? .distantFuture).millisecondsSince1970,
                cursor?.at ?? Int64.min, cursor?.responseId ?? "", limit + 1,
            ]
        ).map { row in
            SurveyText(
                responseId: try row.decode(forColumn: "response_id"), customerId: try row.decode(forColumn: "customer_id"),
                text: try row.decode(forColumn: "text"), at: try row.timestamp(forColumn: "at"))
        }
    }

    /// Where a page of texts ends: the last text's time and response.
    struct TextCursor {
        var at: Int64
        var responseId: String

        init(_ text: SurveyText) {
            at = text.at.millisecondsSince1970
            responseId = text.responseId
        }

        init(parsing cursor: String) throws {
            let parts = cursor.split(separator: ":", maxSplits: 2)
            guard parts.count == 3, parts[0] == "s", let at = Int64(parts[1]) else {
                throw RapportError.invalid("cursor", "not a cursor this list gave out")
            }
            self.at = at
            responseId = String(parts[2])
        }

        var text: String { "s:\(at):\(responseId)" }
    }

    /// A page of texts fetched with one more than `limit`.
    static func textPage(_ fetched: [SurveyText], limit: Int) -> Page<SurveyText> {
        guard fetched.count > limit else { return Page(items: fetched, nextCursor: nil) }
        let items = Array(fetched.prefix(limit))
        return Page(items: items, nextCursor: items.last.map { TextCursor($0).text })
    }

    /// A customer's responses, with their texts, oldest first (for export).
    static func responses(of customerId: String, in db: Database) throws -> [SurveyResponse] {
        let texts = try db.cachedStatement(sql: "SELECT question_id, text FROM feedback_survey_text WHERE response_id = ?")
        return try Row.fetchAll(
            db.cachedStatement(
                sql: "SELECT id, survey_id, customer_id, order_id, answers, at FROM feedback_survey_response WHERE customer_id = ? ORDER BY at, id"),
            arguments: [customerId]
        ).map { row in
            let id: String = try row.decode(forColumn: "id")
            var answers = try row.json(JSONObject.self, forColumn: "answers") ?? JSONObject()
            var comment: String?
            for text in try Row.fetchAll(texts, arguments: [id]) {
                let question: String = try text.decode(forColumn: "question_id")
                let value: String = try text.decode(forColumn: "text")
                if question == commentQuestion { comment = value } else { answers.set(key: question, value: .string(value)) }
            }
            return SurveyResponse(
                id: id, surveyId: try row.decode(forColumn: "survey_id"), customerId: try row.decode(forColumn: "customer_id"),
                orderId: try row.decode(forColumn: "order_id"), answers: answers, comment: comment, at: try row.timestamp(forColumn: "at"))
        }
    }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }
}
