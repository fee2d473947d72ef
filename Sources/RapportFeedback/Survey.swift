public import RapportCore
public import RapportJSON
public import RapportStorage

/// A short questionnaire: 1 to 5 questions asked after an order, a support contact or by hand.
public struct Survey: Codable, Sendable, Hashable, JSONSchemaDocumented {
    /// The survey's id, `srv_…`.
    public var id: String
    /// The survey's name (1–200 characters).
    public var name: String
    /// When it is asked: after an order, after a support contact, or by hand.
    public var purpose: Purpose
    /// Its questions, 1 to 5, in order.
    public var questions: [Question]
    /// Whether one customer may answer more than once.
    public var allowMultiple: Bool
    /// `open` (taking responses) or `closed`.
    public var status: Status
    /// Responses received.
    public var responses: Int64
    /// When it was created.
    public var createdAt: Timestamp
    /// When `surveys.close` closed it; null while open.
    public var closedAt: Timestamp?

    /// When a survey is asked.
    public enum Purpose: String, Codable, Sendable, Hashable, CaseIterable, JSONSchemaEnum {
        /// After an order, `after_order`.
        case afterOrder = "after_order"
        /// After a support contact, `after_support`.
        case afterSupport = "after_support"
        /// By hand; the default.
        case manual
    }

    /// Whether a survey takes responses.
    public enum Status: String, Codable, Sendable, Hashable, CaseIterable, JSONSchemaEnum {
        /// `open` takes responses; `closed` refuses them.
        case open, closed
    }

    /// The field descriptions for protocol.md.
    public static let fieldDescriptions = [
        "id": "The survey's id (`srv_…`).",
        "purpose": "When it is asked: after_order, after_support or manual.",
        "allowMultiple": "Whether one customer may answer it more than once.",
        "status": "open (taking responses) or closed.",
        "responses": "Responses received so far.",
    ]

    /// One question of a survey.
    public struct Question: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// The question's id within the survey: 1–32 ASCII letters, digits, `_` or `-`, unique; the key of its answer.
        public var id: String
        /// What answers it takes.
        public var kind: Kind
        /// The question as asked (1–500 characters).
        public var text: String
        /// The choices of a `single` or `multiple` question, 2 to 10; null otherwise.
        public var choices: [String]?
        /// Whether a response must answer it; default false.
        public var required: Bool?

        /// The kind of a question, which sets the answers it takes.
        public enum Kind: String, Codable, Sendable, Hashable, CaseIterable, JSONSchemaEnum {
            /// 0–10, "How likely are you to recommend us?"
            case nps
            /// 1–5 stars.
            case rating
            /// Free text.
            case text
            /// One of the choices.
            case single
            /// Any non-empty set of the choices.
            case multiple

            /// The integer answers a scale question takes.
            var scale: ClosedRange<Int64>? {
                switch self {
                case .nps: 0...10
                case .rating: 1...5
                case .text, .single, .multiple: nil
                }
            }
        }

        /// A question; `surveys.create` checks it.
        public init(id: String, kind: Kind, text: String, choices: [String]? = nil, required: Bool? = nil) {
            self.id = id
            self.kind = kind
            self.text = text
            self.choices = choices
            self.required = required
        }

        /// The field descriptions for protocol.md.
        public static let fieldDescriptions = [
            "id": "The question's id within the survey: 1–32 letters, digits, `_` or `-`.",
            "kind": "nps (0–10), rating (1–5), text, single (one choice) or multiple (any choices).",
            "text": "The question as asked (1–500 characters).",
            "choices": "For single and multiple: 2 to 10 distinct choices (1–100 characters each).",
            "required": "Whether every response must answer it; default false.",
        ]

        var isRequired: Bool { required ?? false }
    }

    /// The questions checked, each failure naming the field: 1–5 questions, unique ids, choices
    /// exactly where they belong.
    static func validated(_ questions: [Question]) throws(RapportError) -> [Question] {
        guard (1...5).contains(questions.count) else { throw RapportError.invalid("questions", "a survey has 1 to 5 questions") }
        var seen = Set<String>()
        var checked: [Question] = []
        for (index, question) in questions.enumerated() {
            let field = "questions[\(index)]"
            var question = question
            guard (1...32).contains(question.id.utf8.count),
                question.id.utf8.allSatisfy({
                    $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") || ($0 | 0x20) >= 97 && ($0 | 0x20) <= 122 || (48...57).contains($0)
                })
            else { throw RapportError.invalid("\(field).id", "\(field).id must be 1–32 letters, digits, _ or -") }
            guard seen.insert(question.id).inserted else { throw RapportError.invalid("\(field).id", "question id \"\(question.id)\" is used twice") }
            question.text = try TextInput.required(question.text, field: "\(field).text", max: 500)
            switch question.kind {
            case .single, .multiple:
                guard let choices = question.choices, (2...10).contains(choices.count) else {
                    throw RapportError.invalid("\(field).choices", "a \(question.kind.rawValue) question has 2 to 10 choices")
                }
                var trimmed: [String] = []
                for (position, choice) in choices.enumerated() {
                    let choice = try TextInput.required(choice, field: "\(field).choices[\(position)]", max: 100)
                    guard !trimmed.contains(choice) else {
                        throw RapportError.invalid("\(field).choices[\(position)]", "choice \"\(choice)\" is listed twice")
                    }
                    trimmed.append(choice)
                }
                question.choices = trimmed
            case .nps, .rating, .text:
                guard question.choices == nil else {
                    throw RapportError.invalid("\(field).choices", "only single and multiple questions have choices")
                }
            }
            checked.append(question)
        }
        return checked
    }

    /// The answers checked against the questions: every key a question, every value of its
    /// question's kind, every required question answered, at least one answer. `null` is a
    /// skipped question and is dropped.
    func checkedAnswers(_ answers: JSONObject) throws(RapportError) -> JSONObject {
        var checked = JSONObject()
        for (key, value) in answers {
            let field = "answers.\(key)"
            guard let question = questions.first(where: { $0.id == key }) else {
                throw RapportError.invalid(field, "the survey has no question \"\(key)\"")
            }
            guard checked[key] == nil else { throw RapportError.invalid(field, "question \"\(key)\" is answered twice") }
            let answer = value == .null ? .null : try Self.checked(value, of: question, field: field)
            if answer != .null { checked.append(key: key, value: answer) }
        }
        for question in questions where question.isRequired && checked[question.id] == nil {
            throw RapportError.invalid("answers.\(question.id)", "question \"\(question.id)\" is required")
        }
        guard !checked.isEmpty else { throw RapportError.invalid("answers", "a response answers at least one question") }
        return checked
    }

    private static func checked(_ value: JSONValue, of question: Question, field: String) throws(RapportError) -> JSONValue {
        switch question.kind {
        case .nps, .rating:
            let scale = question.kind.scale ?? 0...0
            guard case .int(let score) = value, scale.contains(score) else {
                throw RapportError.invalid(field, "\(field) must be an integer \(scale.lowerBound) to \(scale.upperBound)")
            }
            return value
        case .text:
            guard case .string(let text) = value else { throw RapportError.invalid(field, "\(field) must be text") }
            let trimmed = try TextInput.text(text, field: field, max: 2000)
            return trimmed.isEmpty ? .null : .string(trimmed)
        case .single:
            guard case .string(let choice) = value, question.choices?.contains(choice) == true else {
                throw RapportError.invalid(field, "\(field) must be one of the question's choices")
            }
            return value
        case .multiple:
            guard case .array(let items) = value, !items.isEmpty else {
                throw RapportError.invalid(field, "\(field) must be a non-empty array of the question's choices")
            }
            var chosen: [String] = []
            for item in items {
                guard case .string(let choice) = item, question.choices?.contains(choice) == true else {
                    throw RapportError.invalid(field, "\(field) must hold only the question's choices")
                }
                guard !chosen.contains(choice) else { throw RapportError.invalid(field, "\(field) names \"\(choice)\" twice") }
                chosen.append(choice)
            }
            return .array(chosen.map(JSONValue.string))
        }
    }
}

/// One response to a survey.
public struct SurveyResponse: Codable, Sendable, Hashable {
    /// The response's id, `rsp_…`.
    public var id: String
    /// The survey answered, `srv_…`.
    public var surveyId: String
    /// The customer who answered, `cus_…`; null when anonymous.
    public var customerId: String?
    /// The order it is about, `ord_…`, the customer's own; null when not given.
    public var orderId: String?
    /// Question id → answer; skipped questions are absent.
    public var answers: JSONObject
    /// The free comment (up to 2000 characters); null when not given or empty.
    public var comment: String?
    /// When it was given.
    public var at: Timestamp
}

/// A text answer or comment, as `surveys.results` and `surveys.texts` page them.
public struct SurveyText: Codable, Sendable, Hashable {
    /// The response it belongs to, `rsp_…`.
    public var responseId: String
    /// The customer who wrote it, `cus_…`; null when anonymous.
    public var customerId: String?
    /// The text as written, trimmed (up to 2000 characters).
    public var text: String
    /// When the response was given.
    public var at: Timestamp
}

/// What one question's answers add up to.
public struct QuestionResult: Codable, Sendable, Hashable, JSONSchemaDocumented {
    /// The question's id within the survey.
    public var id: String
    /// The question's kind.
    public var kind: Survey.Question.Kind
    /// The question as asked.
    public var text: String
    /// Responses that answered it.
    public var answered: Int64
    /// Each value (nps, rating: the whole scale) or choice, with how often it was given; empty for text.
    public var counts: [ValueCount]
    /// The mean of an nps or rating question; null otherwise or with no answers.
    public var mean: Double?
    /// The NPS of an nps question; null otherwise.
    public var nps: NetPromoterScore?
    /// The first page of a text question's answers, oldest first; null otherwise.
    public var texts: Page<SurveyText>?

    /// One value of a question and how often it was given.
    public struct ValueCount: Codable, Sendable, Hashable {
        /// The value: an integer of a scale or a choice.
        public var value: JSONValue
        /// How many responses gave it.
        public var count: Int64
    }

    /// The field descriptions for protocol.md.
    public static let fieldDescriptions = [
        "answered": "Responses that answered the question (a skipped question is not counted).",
        "counts": "Each value of the scale (nps 0–10, rating 1–5) or each choice, in order, with its count; empty for text.",
        "mean": "The mean answer of an nps or rating question, full precision; null otherwise.",
        "nps": "The NPS of an nps question; null otherwise.",
        "texts": "A text question's answers, first page, oldest first; the next pages come from surveys.texts.",
    ]
}
