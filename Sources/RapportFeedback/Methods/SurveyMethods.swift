public import RapportCore
public import RapportJSON
public import RapportRPC
public import RapportStorage

/// `surveys.create`: a new survey.
public enum SurveysCreate: RPCMethod {
    /// The method's wire name.
    public static let name = "surveys.create"
    /// The method's line for protocol.md.
    public static let summary = "Creates a survey of 1 to 5 questions (nps 0–10, rating 1–5, text, single or multiple choice)."
    /// The method's further paragraphs for protocol.md: how questions are checked.
    public static let discussion = """
        Question ids are unique within the survey; single and multiple questions have 2 to 10 \
        distinct choices, the others none. A bad question is refused with -32602 naming it \
        (`questions[2].choices`).
        """
    /// Mutating: it stores a new survey.
    public static let isMutating = true
    /// The survey as created, open and without responses.
    public typealias Result = Survey

    /// A surveys.create params value; `name` and `questions` are required.
    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// What people call it (1–200 characters).
        public var name: String
        /// When it is asked; default `manual`.
        public var purpose: Survey.Purpose?
        /// 1 to 5 questions, with unique ids.
        public var questions: [Survey.Question]
        /// Whether one customer may answer more than once; default false.
        public var allowMultiple: Bool?
        /// When it was created; default now.
        public var at: Timestamp?

        /// Params of a survey named `name` with `questions`; the rest default to `manual`, one answer per customer, now.
        public init(name: String, purpose: Survey.Purpose? = nil, questions: [Survey.Question], allowMultiple: Bool? = nil, at: Timestamp? = nil) {
            self.name = name
            self.purpose = purpose
            self.questions = questions
            self.allowMultiple = allowMultiple
            self.at = at
        }

        /// The field descriptions for protocol.md.
        public static let fieldDescriptions = [
            "name": "What people call it (1–200 characters).",
            "purpose": "after_order, after_support or manual (default).",
            "questions": "1 to 5 questions.",
            "allowMultiple": "Whether one customer may answer more than once; default false.",
            "at": "When it was created; default now.",
        ]
    }

    /// The method's examples for protocol.md.
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

    /// The audit target: the new survey's id.
    public static func auditTarget(params: Params, result: Survey) -> String? { result.id }
}

/// `surveys.list`: the surveys.
public enum SurveysList: RPCMethod {
    /// The method's wire name.
    public static let name = "surveys.list"
    /// The method's line for protocol.md.
    public static let summary = "Surveys in the order they were created, optionally only open or closed ones; paginated."

    /// A surveys.list params value; every field optional.
    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// Only `open` or only `closed` surveys; default both.
        public var status: Survey.Status?
        /// Surveys per page, 1–1000, default 50.
        public var limit: Int?
        /// `nextCursor` of the previous page.
        public var cursor: String?

        /// Params for a page of surveys; by default the first 50 of every status.
        public init(status: Survey.Status? = nil, limit: Int? = nil, cursor: String? = nil) {
            self.status = status
            self.limit = limit
            self.cursor = cursor
        }

        /// The field descriptions for protocol.md.
        public static let fieldDescriptions = [
            "status": "open or closed; default both.",
            "limit": "Surveys per page, 1–1000, default 50.",
            "cursor": "nextCursor of the previous page.",
        ]
    }

    /// A page of surveys, in the order they were created.
    public typealias Result = Page<Survey>
}

/// `surveys.get`: one survey.
public enum SurveysGet: RPCMethod {
    /// The method's wire name.
    public static let name = "surveys.get"
    /// The method's line for protocol.md.
    public static let summary = "One survey with its questions and how many responses it has."
    /// `not_found` for an unknown survey.
    public static let errors: [RapportError.Reason] = [.notFound]
    /// The survey's id, `srv_…`.
    public typealias Params = SurveyReference
    /// The survey with its questions and response count.
    public typealias Result = Survey
}

/// `surveys.close`: stop taking responses.
public enum SurveysClose: RPCMethod {
    /// The method's wire name.
    public static let name = "surveys.close"
    /// The method's line for protocol.md.
    public static let summary = "Closes a survey: later responses are refused with not_allowed; its results stay."
    /// Mutating: it closes the survey (a closed one is answered as it is).
    public static let isMutating = true
    /// `not_found` for an unknown survey.
    public static let errors: [RapportError.Reason] = [.notFound]

    /// A surveys.close params value.
    public struct Params: Codable, Sendable, Hashable {
        /// The survey's id, `srv_…`.
        public var surveyId: String
        /// When it closed; default now.
        public var at: Timestamp?

        /// Params closing survey `surveyId`; `at` defaults to now.
        public init(surveyId: String, at: Timestamp? = nil) {
            self.surveyId = surveyId
            self.at = at
        }
    }

    /// The survey, closed.
    public typealias Result = Survey
    /// The audit target: the survey's id.
    public static func auditTarget(params: Params, result: Survey) -> String? { result.id }
}

/// The params naming one survey.
public struct SurveyReference: Codable, Sendable, Hashable {
    /// The survey's id, `srv_…`.
    public var surveyId: String

    /// A reference to survey `surveyId`.
    public init(surveyId: String) { self.surveyId = surveyId }
}

/// `surveys.respond`: record a response.
public enum SurveysRespond: RPCMethod {
    /// The method's wire name.
    public static let name = "surveys.respond"
    /// The method's line for protocol.md.
    public static let summary = "Records a response: every answer checked against its question, every required question answered."
    /// The method's further paragraphs for protocol.md: the shape of answers, refusals and what a response raises.
    public static let discussion = """
        `answers` maps question ids to answers: an integer for nps (0–10) and rating (1–5), a \
        string for text and single, an array of strings for multiple; `null` or an absent id is a \
        skipped question. A bad answer is refused with -32602 naming it (`answers.taste`). One \
        response per customer and survey unless the survey allows more (`conflict`); a closed \
        survey answers `not_allowed`. A customer's response raises `customer.action` \
        `survey_completed` (reference: the survey), so loyalty's reward rules apply once per \
        survey; an nps answer counts towards NPS, and a customer's detractor answer opens an inbox item.
        """
    /// Mutating: it stores the response, its NPS answers and its counts.
    public static let isMutating = true
    /// `not_found` for an unknown survey, customer or order; `conflict` for a second response; `not_allowed` when closed or for another's order.
    public static let errors: [RapportError.Reason] = [.notFound, .conflict, .notAllowed]

    /// A surveys.respond params value; `surveyId` and `answers` are required.
    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// The survey answered, `srv_…`.
        public var surveyId: String
        /// Who answered, `cus_…`; null for an anonymous response.
        public var customerId: String?
        /// The order it is about, `ord_…`; must be the customer's.
        public var orderId: String?
        /// Question id → answer: an integer for nps and rating, a string for text and single, an array for multiple; `null` skips.
        public var answers: JSONObject
        /// Anything else the customer wrote (up to 2000 characters); empty is absent.
        public var comment: String?
        /// When it was answered; default now.
        public var at: Timestamp?

        /// Params answering survey `surveyId` with `answers`; the rest default to absent and `at` to now.
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

        /// The field descriptions for protocol.md.
        public static let fieldDescriptions = [
            "customerId": "Who answered; null for an anonymous response.",
            "orderId": "The order it is about; must be the customer's.",
            "answers": "Question id → answer (integer, string or array of strings by kind); null skips a question.",
            "comment": "Anything else the customer wrote (up to 2000 characters).",
            "at": "When it was answered; default now.",
        ]
    }

    /// The response as stored, without skipped questions.
    public typealias Result = SurveyResponse
    /// The audit target: the new response's id.
    public static func auditTarget(params: Params, result: SurveyResponse) -> String? { result.id }
}

/// `surveys.results`: what the answers add up to.
public enum SurveysResults: RPCMethod {
    /// The method's wire name.
    public static let name = "surveys.results"
    /// The method's line for protocol.md.
    public static let summary =
        "Per question: the count of each value or choice, the mean of ratings, the NPS of an nps question, the first page of text answers."
    /// The method's further paragraphs for protocol.md: how counts are kept and where further texts come from.
    public static let discussion = """
        Counts are kept as answers arrive (per UTC day), so results read a few rows per day \
        rather than every response; `from` and `to` may cut a day anywhere. The NPS of an nps \
        question follows `nps.submit`'s definition (answered responses only). Further pages of \
        text answers and of comments come from `surveys.texts`.
        """
    /// `not_found` for an unknown survey.
    public static let errors: [RapportError.Reason] = [.notFound]

    /// A surveys.results params value; only `surveyId` is required.
    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// The survey's id, `srv_…`.
        public var surveyId: String
        /// Count responses at or after this time; default all.
        public var from: Timestamp?
        /// Count responses before this time; default all.
        public var to: Timestamp?
        /// Texts in each first page (text answers, comments), 1–1000, default 20.
        public var textLimit: Int?

        /// Params for the results of survey `surveyId` over `[from, to)`; by default every response, 20 texts a page.
        public init(surveyId: String, from: Timestamp? = nil, to: Timestamp? = nil, textLimit: Int? = nil) {
            self.surveyId = surveyId
            self.from = from
            self.to = to
            self.textLimit = textLimit
        }

        /// The field descriptions for protocol.md.
        public static let fieldDescriptions = [
            "from": "Responses at or after this time; default all.",
            "to": "Responses before this time; default all.",
            "textLimit": "Text answers and comments in each first page, 1–1000, default 20.",
        ]
    }

    /// What a survey's answers add up to over the window.
    public struct Result: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// The survey's id, `srv_…`.
        public var surveyId: String
        /// Responses in the window.
        public var responses: Int64
        /// Each question's result, in the survey's order.
        public var questions: [QuestionResult]
        /// The first page of comments, oldest first.
        public var comments: Page<SurveyText>
        /// The window's start as asked; null when not given.
        public var from: Timestamp?
        /// The window's end as asked; null when not given.
        public var to: Timestamp?

        /// The field descriptions for protocol.md.
        public static let fieldDescriptions = [
            "responses": "Responses in the window.",
            "comments": "The responses' comments, first page; next pages from surveys.texts without questionId.",
        ]
    }
}

/// `surveys.texts`: pages of a text question's answers or of the comments.
public enum SurveysTexts: RPCMethod {
    /// The method's wire name.
    public static let name = "surveys.texts"
    /// The method's line for protocol.md.
    public static let summary = "A page of one text question's answers (or, without questionId, of the comments), oldest first."
    /// `not_found` for an unknown survey.
    public static let errors: [RapportError.Reason] = [.notFound]

    /// A surveys.texts params value; only `surveyId` is required.
    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// The survey's id, `srv_…`.
        public var surveyId: String
        /// A text question's id; absent for the comments.
        public var questionId: String?
        /// Only texts of responses at or after this time; default all.
        public var from: Timestamp?
        /// Only texts of responses before this time; default all.
        public var to: Timestamp?
        /// Texts per page, 1–1000, default 50.
        public var limit: Int?
        /// `nextCursor` of `surveys.results` or of the previous page.
        public var cursor: String?

        /// Params for the first page of survey `surveyId`'s comments unless `questionId` or `cursor` is given.
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

        /// The field descriptions for protocol.md.
        public static let fieldDescriptions = [
            "questionId": "A text question's id; absent: the comments.",
            "limit": "Texts per page, 1–1000, default 50.",
            "cursor": "nextCursor of surveys.results or of the previous page.",
        ]
    }

    /// A page of texts, oldest first.
    public typealias Result = Page<SurveyText>
}
