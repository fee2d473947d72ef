public import RapportCore
public import RapportJSON
public import RapportRPC
public import RapportStorage

/// `feedback.configure`
public enum FeedbackConfigure: RPCMethod {
    public static let name = "feedback.configure"
    public static let summary = "Sets what counts as negative, the response hours (optionally business hours) and the NPS sample minimum."
    public static let discussion = """
        Absent fields keep their value; `businessHours: null` returns to round-the-clock hours. \
        New deadlines follow the new rules; items already open keep theirs. With business hours, \
        Friday 16:30 plus one hour of Mon–Fri 09:00–17:00 is Monday 09:30.
        """
    public static let isMutating = true

    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        public static let fieldRanges = FeedbackPolicy.fieldRanges
        public var negativeThreshold: Int64?
        public var responseHours: Int64?
        public var publicResponseHours: Int64?
        public var businessHours: Patch<BusinessHours> = .keep
        public var minimumResponses: Int64?

        public init(
            negativeThreshold: Int64? = nil, responseHours: Int64? = nil, publicResponseHours: Int64? = nil,
            businessHours: Patch<BusinessHours> = .keep, minimumResponses: Int64? = nil
        ) {
            self.negativeThreshold = negativeThreshold
            self.responseHours = responseHours
            self.publicResponseHours = publicResponseHours
            self.businessHours = businessHours
            self.minimumResponses = minimumResponses
        }

        enum CodingKeys: String, CodingKey {
            case negativeThreshold, responseHours, publicResponseHours, businessHours, minimumResponses
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            negativeThreshold = try container.decodeIfPresent(Int64.self, forKey: .negativeThreshold)
            responseHours = try container.decodeIfPresent(Int64.self, forKey: .responseHours)
            publicResponseHours = try container.decodeIfPresent(Int64.self, forKey: .publicResponseHours)
            businessHours = try container.decodePatch(BusinessHours.self, forKey: .businessHours)
            minimumResponses = try container.decodeIfPresent(Int64.self, forKey: .minimumResponses)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeIfPresent(negativeThreshold, forKey: .negativeThreshold)
            try container.encodeIfPresent(responseHours, forKey: .responseHours)
            try container.encodeIfPresent(publicResponseHours, forKey: .publicResponseHours)
            try container.encodePatch(businessHours, forKey: .businessHours)
            try container.encodeIfPresent(minimumResponses, forKey: .minimumResponses)
        }

        public static let fieldDescriptions = FeedbackPolicy.fieldDescriptions
    }

    public typealias Result = FeedbackPolicy
}

/// `feedback.settings`
public enum FeedbackSettings: RPCMethod {
    public static let name = "feedback.settings"
    public static let summary = "The feedback rules in force (feedback.configure's defaults until configured)."
    public typealias Params = NoParams
    public typealias Result = FeedbackPolicy
}

/// `feedback.inbox`
public enum FeedbackInbox: RPCMethod {
    public static let name = "feedback.inbox"
    public static let summary = "Everything that needs a person now: negative reviews, detractors' answers, open complaints, oldest deadline first."
    public static let discussion = """
        Items waiting for a staff response come first, oldest deadline first; then items \
        already answered but not resolved. Each carries its deadline, `secondsLeft` or \
        `overdue`, and the customer's context (name, tier, points, total spent, last orders, \
        earlier feedback). Resolving an item takes it out.
        """

    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        public var limit: Int?
        public var cursor: String?
        public var at: Timestamp?

        public init(limit: Int? = nil, cursor: String? = nil, at: Timestamp? = nil) {
            self.limit = limit
            self.cursor = cursor
            self.at = at
        }

        public static let fieldDescriptions = [
            "limit": "Items per page, 1–100, default 20.",
            "cursor": "nextCursor of the previous page.",
            "at": "The time to judge deadlines at; default now.",
        ]
    }

    public typealias Result = Page<InboxItem>
}

/// `feedback.overdue`
public enum FeedbackOverdue: RPCMethod {
    public static let name = "feedback.overdue"
    public static let summary = "The inbox items past their deadline that no person has answered, oldest deadline first."
    public typealias Params = FeedbackInbox.Params
    public typealias Result = Page<InboxItem>
}

/// `feedback.stats`
public enum FeedbackStats: RPCMethod {
    public static let name = "feedback.stats"
    public static let summary =
        "Counts by source and rating, the NPS, complaints, response times (median, p90) and the share answered within deadline."
    public static let discussion = """
        Over items written in `[from, to)`. Response time is from when an item came in to its \
        first staff response, in seconds; the median and p90 are nearest-rank. The share within \
        deadline counts items with a deadline that a person handled by it, over those handled \
        or already past it.
        """

    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        public var from: Timestamp?
        public var to: Timestamp?
        public var at: Timestamp?

        public init(from: Timestamp? = nil, to: Timestamp? = nil, at: Timestamp? = nil) {
            self.from = from
            self.to = to
            self.at = at
        }

        public static let fieldDescriptions = [
            "from": "Items at or after; default all.", "to": "Items before; default all.",
            "at": "The time to judge open deadlines at; default now.",
        ]
    }

    public struct Result: Codable, Sendable, Hashable, JSONSchemaDocumented {
        public var reviews: Int64
        public var negativeReviews: Int64
        public var bySource: [SourceCount]
        public var byRating: [RatingCount]
        public var nps: NetPromoterScore
        public var surveyResponses: Int64
        public var complaints: Int64
        public var openComplaints: Int64
        public var byCategory: [CategoryCount]
        public var responseTimes: ResponseTimes

        public struct SourceCount: Codable, Sendable, Hashable {
            public var source: Review.Source
            public var reviews: Int64
            public var negative: Int64
            /// The mean rating, full precision.
            public var averageRating: Double
        }

        public struct RatingCount: Codable, Sendable, Hashable {
            public var rating: Int64
            public var reviews: Int64
        }

        public struct CategoryCount: Codable, Sendable, Hashable {
            public var category: Complaint.Category
            public var complaints: Int64
        }

        public struct ResponseTimes: Codable, Sendable, Hashable {
            /// Items needing a person (negative reviews, detractors, complaints) in the window.
            public var items: Int64
            /// Of them, answered by staff.
            public var responded: Int64
            public var medianSeconds: Int64?
            public var p90Seconds: Int64?
            /// Handled (responded or resolved) by the deadline.
            public var withinDeadline: Int64
            /// Handled late, or past the deadline and still unhandled.
            public var missedDeadline: Int64
            /// withinDeadline ÷ (withinDeadline + missedDeadline); null when both are 0.
            public var shareWithinDeadline: Double?
        }

        public static let fieldDescriptions = [
            "bySource": "Per platform with reviews: count, negatives and mean rating.",
            "byRating": "Reviews per star, 1 to 5.",
            "nps": "The NPS of every answer in the window (nps.submit and surveys' nps questions).",
            "responseTimes": "Response times of the items needing a person, in seconds.",
        ]
    }
}
