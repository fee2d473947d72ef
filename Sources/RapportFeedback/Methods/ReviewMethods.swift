public import RapportCore
public import RapportJSON
public import RapportRPC
public import RapportStorage

/// `nps.submit`: the one NPS question's answer.
public enum NPSSubmit: RPCMethod {
    public static let name = "nps.submit"
    public static let summary = "Records an answer to \"How likely are you to recommend us to a friend?\" (0–10) with its category."
    public static let discussion = """
        The category is stored: promoter (9–10), passive (7–8), detractor (0–6). A detractor \
        with a customer opens an inbox item (answered through `feedback.respond` and \
        `feedback.resolve`) with the private response deadline.
        """
    public static let isMutating = true
    public static let errors: [RapportError.Reason] = [.notFound]

    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        public static let fieldRanges: [String: ClosedRange<Int64>] = ["score": 0...10]
        public var customerId: String?
        public var score: Int64
        public var comment: String?
        public var channel: String?
        public var at: Timestamp?

        public init(customerId: String? = nil, score: Int64, comment: String? = nil, channel: String? = nil, at: Timestamp? = nil) {
            self.customerId = customerId
            self.score = score
            self.comment = comment
            self.channel = channel
            self.at = at
        }

        public static let fieldDescriptions = [
            "customerId": "Who answered; null for an anonymous answer.",
            "score": "0 to 10.",
            "comment": "Why (up to 2000 characters).",
            "channel": "Where it was asked: a short word such as bot, email, store.",
            "at": "When; default now.",
        ]
    }

    public typealias Result = NPSAnswer

    public static let examples: [MethodExample<Self>] = [
        MethodExample(
            "A detractor from the bot",
            params: Params(customerId: "cus_01JQ3S4W2N5Z8K7B9C6D1E2F3G", score: 4, comment: "Cold coffee twice", channel: "bot"),
            result: NPSAnswer(
                id: "nps_01JQ3S5A7M2X4V6B8N0C2D4F6H", customerId: "cus_01JQ3S4W2N5Z8K7B9C6D1E2F3G", score: 4, category: .detractor,
                comment: "Cold coffee twice", channel: "bot", responseId: nil, at: Timestamp(millisecondsSince1970: 1_772_359_200_000)))
    ]

    public static func auditTarget(params: Params, result: NPSAnswer) -> String? { result.id }
}

/// One review as `reviews.record` and `reviews.import` take it.
public struct ReviewInput: Codable, Sendable, Hashable, JSONSchemaDocumented {
    public static let fieldRanges: [String: ClosedRange<Int64>] = ["rating": 1...5]
    public var source: Review.Source
    public var externalId: String?
    public var rating: Int64
    public var text: String?
    public var author: String?
    public var url: String?
    public var customerId: String?
    public var topics: [String]?
    public var `public`: Bool?
    public var at: Timestamp?

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
    public static let name = "reviews.record"
    public static let summary = "Records a review from inside or an outside platform; a re-import of the same review changes nothing."
    public static let discussion = """
        Idempotent on (source, externalId): the same review again answers `outcome: unchanged`, \
        one with other content updates it (`outcome: updated`, `edits` counts them). A review \
        rated at or below the negative threshold (default 3) is negative: it gets a `deadline` \
        (`at` plus 3 hours when public, 24 when private, or `feedback.configure`'s hours, \
        optionally counted in business hours) and waits in `feedback.inbox`. A review with a \
        customer raises `customer.action` `review_submitted` once per review.
        """
    public static let isMutating = true
    public static let errors: [RapportError.Reason] = [.notFound]
    public typealias Params = ReviewInput

    public struct Result: Codable, Sendable, Hashable {
        public var review: Review
        public var outcome: ReviewOutcome
    }

    public static func auditTarget(params: Params, result: Result) -> String? { result.review.id }
}

/// `reviews.import`: many reviews, each answered.
public enum ReviewsImport: RPCMethod {
    public static let name = "reviews.import"
    public static let summary = "Records up to 1000 reviews at once, as reviews.record would one by one, each row answered."
    public static let discussion = """
        For platforms without an API: a script exports what it reads and sends it here as often \
        as it likes. A row that fails is answered with its error and does not stop the others; \
        `items[i]` answers `reviews[i]`.
        """
    public static let isMutating = true

    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        public var reviews: [ReviewInput]

        public init(reviews: [ReviewInput]) { self.reviews = reviews }

        public static let fieldDescriptions = ["reviews": "1 to 1000 reviews, each as reviews.record takes it."]
    }

    public struct Result: Codable, Sendable, Hashable, JSONSchemaDocumented {
        public var created: Int64
        public var updated: Int64
        public var unchanged: Int64
        public var failed: Int64
        public var items: [Item]

        /// One row's answer: the review and what happened, or the error.
        public struct Item: Codable, Sendable, Hashable {
            public var index: Int64
            public var reviewId: String?
            public var outcome: ReviewOutcome?
            public var error: RowError?
        }

        /// Why a row was refused.
        public struct RowError: Codable, Sendable, Hashable {
            public var reason: String
            public var message: String
            public var field: String?
        }

        public static let fieldDescriptions = ["items": "One per review sent, in order: reviewId and outcome, or error."]
    }
}

/// `reviews.get`: one review.
public enum ReviewsGet: RPCMethod {
    public static let name = "reviews.get"
    public static let summary = "One review with its handling (deadline, responses, resolution)."
    public static let errors: [RapportError.Reason] = [.notFound]
    public typealias Params = ItemReference

    public struct Result: Codable, Sendable, Hashable {
        public var review: Review
        public var replies: [FollowUpReply]
    }
}

/// `reviews.link`: say who wrote an outside review.
public enum ReviewsLink: RPCMethod {
    public static let name = "reviews.link"
    public static let summary = "Matches a review to a customer; raises customer.action review_submitted once per review."
    public static let isMutating = true
    public static let errors: [RapportError.Reason] = [.notFound, .conflict]

    public struct Params: Codable, Sendable, Hashable {
        public var id: String
        public var customerId: String

        public init(id: String, customerId: String) {
            self.id = id
            self.customerId = customerId
        }
    }

    public typealias Result = Review
    public static func auditTarget(params: Params, result: Review) -> String? { result.id }
}

/// `reviews.list`: reviews, newest first.
public enum ReviewsList: RPCMethod {
    public static let name = "reviews.list"
    public static let summary = "Reviews newest first, by status, negativity, source, topic and time; paginated."
    public static let errors: [RapportError.Reason] = []

    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        public var status: FollowUpStatus?
        public var negative: Bool?
        public var source: Review.Source?
        public var topic: String?
        public var customerId: String?
        public var from: Timestamp?
        public var to: Timestamp?
        public var limit: Int?
        public var cursor: String?

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

    public typealias Result = Page<Review>
}

/// The params naming one review, complaint or answer.
public struct ItemReference: Codable, Sendable, Hashable {
    public var id: String

    public init(id: String) { self.id = id }
}
