public import RapportCore
public import RapportJSON
public import RapportRPC
public import RapportStorage

/// `surveys.create`: a new survey.
public enum SurveysCreate: RPCMethod {
    public static let name = "surveys.create"
    public static let summary = "Creates a survey of 1 to 5 questions (nps 0–10, rating 1–5, text, single or multiple choice)."
    public static let discussion = """
        Question ids are unique within the survey; single and multiple questions have 2 to 10 \
        distinct choices, the others none. A bad question is refused with -32602 naming it \
        (`questions[2].choices`).
        """
    public static let isMutating = true
    public typealias Result = Survey

    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        public var name: String
        public var purpose: Survey.Purpose?
        public var questions: [Survey.Question]
        public var allowMultiple: Bool?
        public var at: Timestamp?

        public init(name: String, purpose: Survey.Purpose? = nil, questions: [Survey.Question], allowMultiple: Bool? = nil, at: Timestamp? = nil) {
            self.name = name
            self.purpose = purpose
            self.questions = questions
            self.allowMultiple = allowMultiple
            self.at = at
        }

        public static let fieldDescriptions = [
            "name": "What people call it (1–200 characters).",
            "purpose": "after_order, after_support or manual (default).",
            "questions": "1 to 5 questions.",
            "allowMultiple": "Whether one customer may answer more than once; default false.",
            "at": "When it was created; default now.",
        ]
    }

    public static let examples: [MethodExample<Self>] = [
        MethodExample(
            "An after-order survey",
            params: Params(
                name: "After your order", purpose: .afterOrder,
                questions: [
                    .init(id: "recommend", kind: .nps, text: "How likely are you to recommend us to a friend?", required: true),
                    .init(id: "taste", kind: .rating, text: "How did you like the coffee?"),
                    .init(id: "better", kind: .text, text: "What could we do better?"),
                ]),
            result: Survey(
                id: "srv_01JQ3S4W2N5Z8K7B9C6D1E2F3G", name: "After your order", purpose: .afterOrder,
                questions: [
                    .init(id: "recommend", kind: .nps, text: "How likely are you to recommend us to a friend?", required: true),
                    .init(id: "taste", kind: .rating, text: "How did you like the coffee?"),
                    .init(id: "better", kind: .text, text: "What could we do better?"),
                ], allowMultiple: false, status: .open, responses: 0,
                createdAt: Timestamp(millisecondsSince1970: 1_772_359_200_000), closedAt: nil))
    ]

    public static func auditTarget(params: Params, result: Survey) -> String? { result.id }
}

/// `surveys.list`: the surveys.
public enum SurveysList: RPCMethod {
    public static let name = "surveys.list"
    public static let summary = "Surveys in the order they were created, optionally only open or closed ones; paginated."

    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        public var status: Survey.Status?
        public var limit: Int?
        public var cursor: String?

        public init(status: Survey.Status? = nil, limit: Int? = nil, cursor: String? = nil) {
            self.status = status
            self.limit = limit
            self.cursor = cursor
        }

        public static let fieldDescriptions = [
            "status": "open or closed; default both.",
            "limit": "Surveys per page, 1–1000, default 50.",
            "cursor": "nextCursor of the previous page.",
        ]
    }

    public typealias Result = Page<Survey>
}

/// `surveys.get`: one survey.
public enum SurveysGet: RPCMethod {
    public static let name = "surveys.get"
    public static let summary = "One survey with its questions and how many responses it has."
    public static let errors: [RapportError.Reason] = [.notFound]
    public typealias Params = SurveyReference
    public typealias Result = Survey
}

/// `surveys.close`: stop taking responses.
public enum SurveysClose: RPCMethod {
    public static let name = "surveys.close"
    public static let summary = "Closes a survey: later responses are refused with not_allowed; its results stay."
    public static let isMutating = true
    public static let errors: [RapportError.Reason] = [.notFound]

    public struct Params: Codable, Sendable, Hashable {
        public var surveyId: String
        public var at: Timestamp?

        public init(surveyId: String, at: Timestamp? = nil) {
            self.surveyId = surveyId
            self.at = at
        }
    }

    public typealias Result = Survey
    public static func auditTarget(params: Params, result: Survey) -> String? { result.id }
}

/// The params naming one survey.
public struct SurveyReference: Codable, Sendable, Hashable {
    public var surveyId: String

    public init(surveyId: String) { self.surveyId = surveyId }
}

/// `surveys.respond`: record a response.
public enum SurveysRespond: RPCMethod {
    public static let name = "surveys.respond"
    public static let summary = "Records a response: every answer checked against its question, every required question answered."
    public static let discussion = """
        `answers` maps question ids to answers: an integer for nps (0–10) and rating (1–5), a \
        string for text and single, an array of strings for multiple; `null` or an absent id is a \
        skipped question. A bad answer is refused with -32602 naming it (`answers.taste`). One \
        response per customer and survey unless the survey allows more (`conflict`); a closed \
        survey answers `not_allowed`. A customer's response raises `customer.action` \
        `survey_completed` (reference: the survey), so loyalty's reward rules apply once per \
        survey; an nps answer counts towards NPS, and a customer's detractor answer opens an inbox item.
        """
    public static let isMutating = true
    public static let errors: [RapportError.Reason] = [.notFound, .conflict, .notAllowed]

    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        public var surveyId: String
        public var customerId: String?
        public var orderId: String?
        public var answers: JSONObject
        public var comment: String?
        public var at: Timestamp?

        public init(
            surveyId: String, customerId: String? = nil, orderId: String? = nil, answers: JSONObject, comment: String? = nil,
            at: Timestamp? = nil
        ) {
            self.surveyId = surveyId
            self.customerId = customerId
            self.orderId = orderId
            self.answers = answers
            self.comment = comment
            self.at = at
        }

        public static let fieldDescriptions = [
            "customerId": "Who answered; null for an anonymous response.",
            "orderId": "The order it is about; must be the customer's.",
            "answers": "Question id → answer (integer, string or array of strings by kind); null skips a question.",
            "comment": "Anything else the customer wrote (up to 2000 characters).",
            "at": "When it was answered; default now.",
        ]
    }

    public typealias Result = SurveyResponse
    public static func auditTarget(params: Params, result: SurveyResponse) -> String? { result.id }
}

/// `surveys.results`: what the answers add up to.
public enum SurveysResults: RPCMethod {
    public static let name = "surveys.results"
    public static let summary =
        "Per question: the count of each value or choice, the mean of ratings, the NPS of an nps question, the first page of text answers."
    public static let discussion = """
        Counts are kept as answers arrive (per UTC day), so results read a few rows per day \
        rather than every response; `from` and `to` may cut a day anywhere. The NPS of an nps \
        question follows `nps.submit`'s definition (answered responses only). Further pages of \
        text answers and of comments come from `surveys.texts`.
        """
    public static let errors: [RapportError.Reason] = [.notFound]

    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        public var surveyId: String
        public var from: Timestamp?
        public var to: Timestamp?
        public var textLimit: Int?

        public init(surveyId: String, from: Timestamp? = nil, to: Timestamp? = nil, textLimit: Int? = nil) {
            self.surveyId = surveyId
            self.from = from
            self.to = to
            self.textLimit = textLimit
        }

        public static let fieldDescriptions = [
            "from": "Responses at or after this time; default all.",
            "to": "Responses before this time; default all.",
            "textLimit": "Text answers and comments in each first page, 1–1000, default 20.",
        ]
    }

    public struct Result: Codable, Sendable, Hashable, JSONSchemaDocumented {
        public var surveyId: String
        /// Responses in the window.
        public var responses: Int64
        public var questions: [QuestionResult]
        /// The first page of comments, oldest first.
        public var comments: Page<SurveyText>
        public var from: Timestamp?
        public var to: Timestamp?

        public static let fieldDescriptions = [
            "responses": "Responses in the window.",
            "comments": "The responses' comments, first page; next pages from surveys.texts without questionId.",
        ]
    }
}

/// `surveys.texts`: pages of a text question's answers or of the comments.
public enum SurveysTexts: RPCMethod {
    public static let name = "surveys.texts"
    public static let summary = "A page of one text question's answers (or, without questionId, of the comments), oldest first."
    public static let errors: [RapportError.Reason] = [.notFound]

    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        public var surveyId: String
        public var questionId: String?
        public var from: Timestamp?
        public var to: Timestamp?
        public var limit: Int?
        public var cursor: String?

        public init(
            surveyId: String, questionId: String? = nil, from: Timestamp? = nil, to: Timestamp? = nil, limit: Int? = nil, cursor: String? = nil
        ) {
            self.surveyId = surveyId
            self.questionId = questionId
            self.from = from
            self.to = to
            self.limit = limit
            self.cursor = cursor
        }

        public static let fieldDescriptions = [
            "questionId": "A text question's id; absent: the comments.",
            "limit": "Texts per page, 1–1000, default 50.",
            "cursor": "nextCursor of surveys.results or of the previous page.",
        ]
    }

    public typealias Result = Page<SurveyText>
}
