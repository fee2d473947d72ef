public import RapportCore
public import RapportJSON
public import RapportRPC
public import RapportStorage

/// `nps.submit`: the one NPS question's answer.
public enum NPSSubmit: RPCMethod {
    /// The method's wire name.
    public static let name = "nps.submit"
    /// The method's line for protocol.md.
    public static let summary = "Records an answer to \"How likely are you to recommend us to a friend?\" (0–10) with its category."
    /// The method's further paragraphs for protocol.md: categories and the detractor's inbox item.
    public static let discussion = """
        The category is stored: promoter (9–10), passive (7–8), detractor (0–6). A detractor \
        with a customer opens an inbox item (answered through `feedback.respond` and \
        `feedback.resolve`) with the private response deadline.
        """
    /// Mutating: it stores the answer and, for a customer's detractor, an inbox item.
    public static let isMutating = true
    /// `not_found` for an unknown customer, `not_allowed` for a merged or erased one.
    public static let errors: [RapportError.Reason] = [.notFound, .notAllowed]

    /// An nps.submit params value; only `score` is required.
    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// The range of `score`, 0 to 10.
        public static let fieldRanges: [String: ClosedRange<Int64>] = ["score": 0...10]
        /// Who answered, `cus_…`; null for an anonymous answer.
        public var customerId: String?
        /// The answer, 0 to 10.
        public var score: Int64
        /// Why (up to 2000 characters); empty is absent.
        public var comment: String?
        /// Where it was asked, a lowercase word (1–32 letters, digits, `_` or `-`).
        public var channel: String?
        /// When it was given; default now.
        public var at: Timestamp?

        /// An answer of `score`; the other fields default to absent and `at` to now.
        public init(customerId: String? = nil, score: Int64, comment: String? = nil, channel: String? = nil, at: Timestamp? = nil) {
            self.customerId = customerId
            self.score = score
            self.comment = comment
            self.channel = channel
            self.at = at
        }

        /// The field descriptions for protocol.md.
        public static let fieldDescriptions = [
            "customerId": "Who answered; null for an anonymous answer.",
            "score": "0 to 10.",
            "comment": "Why (up to 2000 characters).",
            "channel": "Where it was asked: a short word such as bot, email, store.",
            "at": "When; default now.",
        ]
    }

    /// The answer as stored, with its category.
    public typealias Result = NPSAnswer

    /// The method's examples for protocol.md.
    public static let examples: [MethodExample<Self>] = [
        MethodExample(
            "A detractor from the bot",
            params: Params(customerId: "cus_01JQ3S4W2N5Z8K7B9C6D1E2F3G", score: 4, comment: "Cold coffee twice", channel: "bot"),
            result: NPSAnswer(
                id: "nps_01JQ3S5A7M2X4V6B8N0C2D4F6H", customerId: "cus_01JQ3S4W2N5Z8K7B9C6D1E2F3G", score: 4, category: .detractor,
                comment: "Cold coffee twice", channel: "bot", responseId: nil, at: Timestamp(millisecondsSince1970: 1_772_359_200_000)))
    ]

    /// The audit target: the new answer's id.
    public static func auditTarget(params: Params, result: NPSAnswer) -> String? { result.id }
}

/// One review as `reviews.record` and `reviews.import` take it.
public struct ReviewInput: Codable, Sendable, Hashable, JSONSchemaDocumented {
    /// The range of `rating`, 1 to 5.
    public static let fieldRanges: [String: ClosedRange<Int64>] = ["rating": 1...5]
    /// The platform it was written on, or `internal`.
    public var source: Review.Source
    /// The platform's id of the review (1–128 bytes); with `source` it makes a re-import idempotent.
    public var externalId: String?
    /// 1 to 5 stars.
    public var rating: Int64
    /// What was written (up to 10000 characters); empty is absent.
    public var text: String?
    /// The name shown on the platform (up to 200 characters); empty is absent.
    public var author: String?
    /// Where to read and answer it (up to 2000 characters); empty is absent.
    public var url: String?
    /// The customer who wrote it, `cus_…`, when known; `reviews.link` can set it later.
    public var customerId: String?
    /// What it is about: tags of 1–64 characters, at most 50; default none.
    public var topics: [String]?
    /// Whether others can read it; default true except for `internal` reviews.
    public var `public`: Bool?
    /// When it was written; default now (a re-import without it keeps the known time).
    public var at: Timestamp?

    /// A review of `rating` stars from `source`; the other fields default to absent.
    public init(
        source: Review.Source, externalId: String? = nil, rating: Int64, text: String? = nil, author: String? = nil, url: String? = nil,
        customerId: String? = nil, topics: [String]? = nil, public: Bool? = nil, at: Timestamp? = nil
    ) {
        self.source = source
        self.externalId = externalId
        self.rating = rating
        self.text = text
        self.author = author
        self.url = url
        self.customerId = customerId
        self.topics = topics
        self.public = `public`
        self.at = at
    }

    /// The field descriptions for protocol.md.
    public static let fieldDescriptions = [
        "source": "internal, yandex_maps, google, otzovik, 2gis, app_store or other.",
        "externalId": "The platform's id; with source it makes a re-import idempotent.",
        "rating": "1 to 5 stars.",
        "text": "What was written (up to 10000 characters).",
        "author": "The name shown on the platform (up to 200 characters).",
        "url": "Where to read and answer it (up to 2000 characters).",
        "customerId": "The customer who wrote it, when known; reviews.link sets it later.",
        "topics": "What it is about (staff, delivery, …): words of 1–64 characters, at most 50.",
        "public": "Whether others can read it; default true except for internal reviews.",
        "at": "When it was written; default now.",
    ]
}

/// `reviews.record`: one review, idempotent on (source, externalId).
public enum ReviewsRecord: RPCMethod {
    /// The method's wire name.
    public static let name = "reviews.record"
    /// The method's line for protocol.md.
    public static let summary = "Records a review from inside or an outside platform; a re-import of the same review changes nothing."
    /// The method's further paragraphs for protocol.md: idempotency, negativity and deadlines, `customer.action`.
    public static let discussion = """
        Idempotent on (source, externalId): the same review again answers `outcome: unchanged`, \
        one with other content updates it (`outcome: updated`, `edits` counts them). A review \
        rated at or below the negative threshold (default 3) is negative: it gets a `deadline` \
        (`at` plus 3 hours when public, 24 when private, or `feedback.configure`'s hours, \
        optionally counted in business hours) and waits in `feedback.inbox`. A review with a \
        customer raises `customer.action` `review_submitted` once per review.
        """
    /// Mutating: it stores or updates a review and its follow-up.
    public static let isMutating = true
    /// `not_found` for an unknown customer, `not_allowed` for a merged or erased one, `conflict` when a known review is linked to another customer.
    public static let errors: [RapportError.Reason] = [.notFound, .notAllowed, .conflict]
    /// One review, as ``ReviewInput``.
    public typealias Params = ReviewInput

    /// The review recorded and what recording it did.
    public struct Result: Codable, Sendable, Hashable {
        /// The review as stored, with its handling fields.
        public var review: Review
        /// `created`, `unchanged` or `updated`.
        public var outcome: ReviewOutcome
    }

    /// The audit target: the review's id.
    public static func auditTarget(params: Params, result: Result) -> String? { result.review.id }
}

/// `reviews.import`: many reviews, each answered.
public enum ReviewsImport: RPCMethod {
    /// The method's wire name.
    public static let name = "reviews.import"
    /// The method's line for protocol.md.
    public static let summary = "Records up to 1000 reviews at once, as reviews.record would one by one, each row answered."
    /// The method's further paragraphs for protocol.md: what it is for and how failed rows are answered.
    public static let discussion = """
        For platforms without an API: a script exports what it reads and sends it here as often \
        as it likes. A row that fails is answered with its error and does not stop the others; \
        `items[i]` answers `reviews[i]`.
        """
    /// Mutating: it stores or updates each review that passes.
    public static let isMutating = true

    /// A reviews.import params value: the reviews to record.
    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// 1 to 1000 reviews, each as `reviews.record` takes it.
        public var reviews: [ReviewInput]

        /// Params of these reviews.
        public init(reviews: [ReviewInput]) { self.reviews = reviews }

        /// The field descriptions for protocol.md.
        public static let fieldDescriptions = ["reviews": "1 to 1000 reviews, each as reviews.record takes it."]
    }

    /// What the import did, in totals and row by row.
    public struct Result: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// Rows that recorded a new review.
        public var created: Int64
        /// Rows that changed a known review.
        public var updated: Int64
        /// Rows that matched a known review exactly.
        public var unchanged: Int64
        /// Rows refused with an error.
        public var failed: Int64
        /// One per review sent, in order.
        public var items: [Item]

        /// One row's answer: the review and what happened, or the error.
        public struct Item: Codable, Sendable, Hashable {
            /// The row's position in `reviews`, from 0.
            public var index: Int64
            /// The review's id, `rev_…`; null when the row failed.
            public var reviewId: String?
            /// What recording it did; null when the row failed.
            public var outcome: ReviewOutcome?
            /// Why the row failed; null when it did not.
            public var error: RowError?
        }

        /// Why a row was refused.
        public struct RowError: Codable, Sendable, Hashable {
            /// The error's reason, as the wire names it (`not_found`, `invalid_params`…).
            public var reason: String
            /// What was wrong, in a sentence.
            public var message: String
            /// The field at fault, such as `reviews[3].customerId`; null when the error names none.
            public var field: String?
        }

        /// The field descriptions for protocol.md.
        public static let fieldDescriptions = ["items": "One per review sent, in order: reviewId and outcome, or error."]
    }
}

/// `reviews.get`: one review.
public enum ReviewsGet: RPCMethod {
    /// The method's wire name.
    public static let name = "reviews.get"
    /// The method's line for protocol.md.
    public static let summary = "One review with its handling (deadline, responses, resolution)."
    /// `not_found` for an unknown review.
    public static let errors: [RapportError.Reason] = [.notFound]
    /// The review's id, `rev_…`.
    public typealias Params = ItemReference

    /// A review with its responses.
    public struct Result: Codable, Sendable, Hashable {
        /// The review with its handling: status, deadline, response times, resolution.
        public var review: Review
        /// Its responses, oldest first.
        public var replies: [FollowUpReply]
    }
}

/// `reviews.link`: say who wrote an outside review.
public enum ReviewsLink: RPCMethod {
    /// The method's wire name.
    public static let name = "reviews.link"
    /// The method's line for protocol.md.
    public static let summary = "Matches a review to a customer; raises customer.action review_submitted once per review."
    /// Mutating: it sets the review's customer.
    public static let isMutating = true
    /// `not_found` for an unknown review or customer, `not_allowed` for a merged or erased customer, `conflict` when the review is another customer's.
    public static let errors: [RapportError.Reason] = [.notFound, .notAllowed, .conflict]

    /// A reviews.link params value.
    public struct Params: Codable, Sendable, Hashable {
        /// The review's id, `rev_…`.
        public var id: String
        /// The customer who wrote it, `cus_…`.
        public var customerId: String

        /// Params linking review `id` to `customerId`.
        public init(id: String, customerId: String) {
            self.id = id
            self.customerId = customerId
        }
    }

    /// The review with its customer.
    public typealias Result = Review
    /// The audit target: the review's id.
    public static func auditTarget(params: Params, result: Review) -> String? { result.id }
}

/// `reviews.list`: reviews, newest first.
public enum ReviewsList: RPCMethod {
    /// The method's wire name.
    public static let name = "reviews.list"
    /// The method's line for protocol.md.
    public static let summary = "Reviews newest first, by status, negativity, source, topic and time; paginated."
    /// None beyond bad params.
    public static let errors: [RapportError.Reason] = []

    /// A reviews.list params value: every filter optional.
    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// Only reviews of this status: `open` (no staff response), `responded` or `resolved`.
        public var status: FollowUpStatus?
        /// Only negative (true) or only other (false) reviews.
        public var negative: Bool?
        /// Only reviews from this platform.
        public var source: Review.Source?
        /// Only reviews about this topic.
        public var topic: String?
        /// Only this customer's reviews, `cus_…`.
        public var customerId: String?
        /// Only reviews written at or after this time.
        public var from: Timestamp?
        /// Only reviews written before this time.
        public var to: Timestamp?
        /// Reviews per page, 1–1000, default 50.
        public var limit: Int?
        /// `nextCursor` of the previous page.
        public var cursor: String?

        /// Params with the filters given; all default to absent (every review, first page, 50 per page).
        public init(
            status: FollowUpStatus? = nil, negative: Bool? = nil, source: Review.Source? = nil, topic: String? = nil,
            customerId: String? = nil, from: Timestamp? = nil, to: Timestamp? = nil, limit: Int? = nil, cursor: String? = nil
        ) {
            self.status = status
            self.negative = negative
            self.source = source
            self.topic = topic
            self.customerId = customerId
            self.from = from
            self.to = to
            self.limit = limit
            self.cursor = cursor
        }

        /// The field descriptions for protocol.md.
        public static let fieldDescriptions = [
            "status": "open (no staff response), responded or resolved.",
            "negative": "Only negative (true) or only other (false) reviews.",
            "topic": "Only reviews about this topic.",
            "from": "Written at or after; default all.",
            "to": "Written before; default all.",
            "limit": "Reviews per page, 1–1000, default 50.",
            "cursor": "nextCursor of the previous page.",
        ]
    }

    /// A page of reviews, newest first.
    public typealias Result = Page<Review>
}

/// The params naming one review, complaint or answer.
public struct ItemReference: Codable, Sendable, Hashable {
    /// The item's id: a review (`rev_…`), a complaint (`cmp_…`) or an NPS answer (`nps_…`).
    public var id: String

    /// A reference to item `id`.
    public init(id: String) { self.id = id }
}
