import GRDB
import RapportCore
import RapportCustomers
import RapportJSON
import RapportStorage

extension FeedbackService {
    func createSurvey(_ params: SurveysCreate.Params, in context: WriteContext) throws -> Survey {
        let at = params.at ?? context.now
        let survey = Survey(
            id: context.newID("srv", at: at), name: try TextInput.required(params.name, field: "name", max: 200),
            purpose: params.purpose ?? .manual, questions: try Survey.validated(params.questions), allowMultiple: params.allowMultiple ?? false,
            status: .open, responses: 0, createdAt: at, closedAt: nil)
        try SurveyRow.insert(survey, in: context.db)
        return survey
    }

    func survey(_ id: String, in db: Database, field: String = "surveyId") throws -> Survey {
        guard let survey = try SurveyRow.find(id, in: db) else { throw RapportError.notFound("survey", id, field: field) }
        return survey
    }

    func surveys(_ params: SurveysList.Params, in db: Database) throws -> Page<Survey> {
        let limit = try Pagination.limit(params.limit)
        let after = try Pagination.id(fromCursor: params.cursor)
        return Pagination.page(try SurveyRow.all(status: params.status, after: after, limit: limit, in: db), limit: limit, id: \.id)
    }

    func closeSurvey(_ params: SurveysClose.Params, in context: WriteContext) throws -> Survey {
        let survey = try survey(params.surveyId, in: context.db)
        guard survey.status == .open else { return survey }
        try SurveyRow.close(survey.id, at: params.at ?? context.now, in: context.db)
        return try self.survey(survey.id, in: context.db)
    }

    func respond(_ params: SurveysRespond.Params, in context: WriteContext) throws -> SurveyResponse {
        let db = context.db
        let at = params.at ?? context.now
        let survey = try survey(params.surveyId, in: db)
        guard survey.status == .open else { throw RapportError(.notAllowed, "survey \(survey.id) is closed", field: "surveyId") }
        let customerId = try checkedCustomer(params.customerId, in: db)
        let orderId = try checkedOrder(params.orderId, of: customerId, in: db)
        let answers = try survey.checkedAnswers(params.answers)
        let comment = try Self.optionalText(params.comment, field: "comment", max: 2000)
        if let customerId, !survey.allowMultiple, try SurveyRow.hasResponse(of: customerId, to: survey.id, in: db) {
            throw RapportError(.conflict, "\(customerId) already answered survey \(survey.id)", field: "customerId")
        }
        let response = SurveyResponse(
            id: context.newID("rsp", at: at), surveyId: survey.id, customerId: customerId, orderId: orderId, answers: answers,
            comment: comment, at: at)
        try SurveyRow.insert(response, of: survey, in: db)
        for question in survey.questions where question.kind == .nps {
            guard case .int(let score) = answers[question.id] else { continue }
            _ = try recordNPS(
                score: score, customerId: customerId, comment: nil, channel: "survey", responseId: response.id, at: at, in: context)
        }
        try context.raise(SurveyCompleted(response: response))
        if let customerId {
            try context.raise(CustomerActionPerformed(customerId: customerId, action: .surveyCompleted, reference: "survey:\(survey.id)", at: at))
        }
        return response
    }

    func results(_ params: SurveysResults.Params, in db: Database) throws -> SurveysResults.Result {
        let survey = try survey(params.surveyId, in: db)
        let textLimit = try Pagination.limit(params.textLimit, standard: 20)
        let minimum = try policy(in: db).minimumResponses
        let tallies = try SurveyRow.tallies(of: survey.id, from: params.from, to: params.to, in: db)
        func texts(_ question: String) throws -> Page<SurveyText> {
            SurveyRow.textPage(
                try SurveyRow.texts(of: survey.id, question: question, from: params.from, to: params.to, after: nil, limit: textLimit, in: db),
                limit: textLimit)
        }
        let questions = try survey.questions.map { question -> QuestionResult in
            let counted = tallies[question.id] ?? [:]
            var result = QuestionResult(
                id: question.id, kind: question.kind, text: question.text, answered: 0, counts: [], mean: nil, nps: nil, texts: nil)
            switch question.kind {
            case .nps, .rating:
                let scale = question.kind.scale ?? 0...0
                result.counts = scale.map { .init(value: .int($0), count: counted[String($0)] ?? 0) }
                result.answered = result.counts.reduce(0) { $0 + $1.count }
                let total = scale.reduce(Int64(0)) { $0 + $1 * (counted[String($1)] ?? 0) }
                result.mean = result.answered > 0 ? Double(total) / Double(result.answered) : nil
                if question.kind == .nps {
                    var byScore: [Int64: Int64] = [:]
                    for score in scale { byScore[score] = counted[String(score)] ?? 0 }
                    result.nps = NetPromoterScore(counts: byScore, minimumResponses: minimum)
                }
            case .single, .multiple:
                result.counts = (question.choices ?? []).map { .init(value: .string($0), count: counted[$0] ?? 0) }
                result.answered = question.kind == .single ? result.counts.reduce(0) { $0 + $1.count } : counted[""] ?? 0
            case .text:
                result.answered = counted[""] ?? 0
                result.texts = try texts(question.id)
            }
            return result
        }
        return SurveysResults.Result(
            surveyId: survey.id, responses: tallies[SurveyRow.commentQuestion]?[""] ?? 0, questions: questions,
            comments: try texts(SurveyRow.commentQuestion), from: params.from, to: params.to)
    }

    func texts(_ params: SurveysTexts.Params, in db: Database) throws -> Page<SurveyText> {
        let survey = try survey(params.surveyId, in: db)
        let question = params.questionId ?? SurveyRow.commentQuestion
        if let questionId = params.questionId, survey.questions.first(where: { $0.id == questionId })?.kind != .text {
            throw RapportError.invalid("questionId", "survey \(survey.id) has no text question \"\(questionId)\"")
        }
        let limit = try Pagination.limit(params.limit)
        let after = try params.cursor.map(SurveyRow.TextCursor.init(parsing:))
        return SurveyRow.textPage(
            try SurveyRow.texts(of: survey.id, question: question, from: params.from, to: params.to, after: after, limit: limit, in: db),
            limit: limit)
    }
}
