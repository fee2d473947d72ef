public import RapportCore
public import RapportJSON
public import RapportRPC
public import RapportStorage

/// `feedback.configure`
public enum FeedbackConfigure: RPCMethod {
    /// The method's wire name.
    public static let name = "feedback.configure"
    /// The method's line for protocol.md.
    public static let summary = "Sets what counts as negative, the response hours (optionally business hours) and the NPS sample minimum."
    /// The method's further paragraphs for protocol.md: absent fields, `null` business hours, open items' deadlines.
    public static let discussion = """
        Absent fields keep their value; `businessHours: null` returns to round-the-clock hours. \
        New deadlines follow the new rules; items already open keep theirs. With business hours, \
        Friday 16:30 plus one hour of Mon–Fri 09:00–17:00 is Monday 09:30.
        """
    /// Mutating: it saves the feedback policy.
    public static let isMutating = true

    /// A feedback.configure params value: every field optional, an absent one keeps its value.
    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// The ranges of the integer fields, the same as ``FeedbackPolicy/fieldRanges``.
        public static let fieldRanges = FeedbackPolicy.fieldRanges
        /// A review rated this or lower (1–4) is negative; absent keeps the value.
        public var negativeThreshold: Int64?
        /// Hours to answer a private item (1–720); absent keeps the value.
        public var responseHours: Int64?
        /// Hours to answer a public negative review (1–720); absent keeps the value.
        public var publicResponseHours: Int64?
        /// Absent keeps the business hours, `null` returns to round-the-clock hours, a value replaces them.
        public var businessHours: Patch<BusinessHours> = .keep
        /// Below this many answers an NPS is flagged `tooFewResponses` (1–1000000); absent keeps the value.
        public var minimumResponses: Int64?

        /// Params that change only the fields given; every field defaults to keeping its value.
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

        /// Decodes the params, telling an absent `businessHours` (keep) from `null` (clear).
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            negativeThreshold = try container.decodeIfPresent(Int64.self, forKey: .negativeThreshold)
            responseHours = try container.decodeIfPresent(Int64.self, forKey: .responseHours)
            publicResponseHours = try container.decodeIfPresent(Int64.self, forKey: .publicResponseHours)
            businessHours = try container.decodePatch(BusinessHours.self, forKey: .businessHours)
            minimumResponses = try container.decodeIfPresent(Int64.self, forKey: .minimumResponses)
        }

        /// Encodes the params, leaving out fields that keep their value and writing `null` for cleared business hours.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeIfPresent(negativeThreshold, forKey: .negativeThreshold)
            try container.encodeIfPresent(responseHours, forKey: .responseHours)
            try container.encodeIfPresent(publicResponseHours, forKey: .publicResponseHours)
            try container.encodePatch(businessHours, forKey: .businessHours)
            try container.encodeIfPresent(minimumResponses, forKey: .minimumResponses)
        }

        /// The field descriptions for protocol.md, the same as ``FeedbackPolicy/fieldDescriptions``.
        public static let fieldDescriptions = FeedbackPolicy.fieldDescriptions
    }

    /// The policy after the change.
    public typealias Result = FeedbackPolicy
}

/// `feedback.settings`
public enum FeedbackSettings: RPCMethod {
    /// The method's wire name.
    public static let name = "feedback.settings"
    /// The method's line for protocol.md.
    public static let summary = "The feedback rules in force (feedback.configure's defaults until configured)."
    /// The method takes no params.
    public typealias Params = NoParams
    /// The policy in force.
    public typealias Result = FeedbackPolicy
}

/// `feedback.inbox`
public enum FeedbackInbox: RPCMethod {
    /// The method's wire name.
    public static let name = "feedback.inbox"
    /// The method's line for protocol.md.
    public static let summary = "Everything that needs a person now: negative reviews, detractors' answers, open complaints, oldest deadline first."
    /// The method's further paragraphs for protocol.md: the inbox's order and what each item carries.
    public static let discussion = """
        Items waiting for a staff response come first, oldest deadline first; then items \
        already answered but not resolved. Each carries its deadline, `secondsLeft` or \
        `overdue`, and the customer's context (name, tier, points, total spent, last orders, \
        earlier feedback). Resolving an item takes it out.
        """

    /// A feedback.inbox params value; every field optional.
    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// Items per page, 1–100, default 20.
        public var limit: Int?
        /// `nextCursor` of the previous page.
        public var cursor: String?
        /// The time to judge deadlines at; default now.
        public var at: Timestamp?

        /// Params for a page of the inbox; the first page of 20 judged now by default.
        public init(limit: Int? = nil, cursor: String? = nil, at: Timestamp? = nil) {
            self.limit = limit
            self.cursor = cursor
            self.at = at
        }

        /// The field descriptions for protocol.md.
        public static let fieldDescriptions = [
            "limit": "Items per page, 1–100, default 20.",
            "cursor": "nextCursor of the previous page.",
            "at": "The time to judge deadlines at; default now.",
        ]
    }

    /// A page of items, with each one's customer context when a customer is linked.
    public typealias Result = Page<InboxItem>
}

/// `feedback.overdue`
public enum FeedbackOverdue: RPCMethod {
    /// The method's wire name.
    public static let name = "feedback.overdue"
    /// The method's line for protocol.md.
    public static let summary = "The inbox items past their deadline that no person has answered, oldest deadline first."
    /// The same params as feedback.inbox: `limit`, `cursor`, and `at` to judge deadlines at.
    public typealias Params = FeedbackInbox.Params
    /// A page of overdue items, with each one's customer context when a customer is linked.
    public typealias Result = Page<InboxItem>
}

/// `feedback.stats`
public enum FeedbackStats: RPCMethod {
    /// The method's wire name.
    public static let name = "feedback.stats"
    /// The method's line for protocol.md.
    public static let summary =
        "Counts by source and rating, the NPS, complaints, response times (median, p90) and the share answered within deadline."
    /// The method's further paragraphs for protocol.md: the window and how response times are measured.
    public static let discussion = """
        Over items written in `[from, to)`. Response time is from when an item came in to its \
        first staff response, in seconds; the median and p90 are nearest-rank. The share within \
        deadline counts items with a deadline that a person handled by it, over those handled \
        or already past it.
        """

    /// A feedback.stats params value; every field optional.
    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// Count items written at or after this time; default all.
        public var from: Timestamp?
        /// Count items written before this time; default all.
        public var to: Timestamp?
        /// The time to judge open deadlines at; default now.
        public var at: Timestamp?

        /// Params over `[from, to)`, judged at `at`; by default every item, judged now.
        public init(from: Timestamp? = nil, to: Timestamp? = nil, at: Timestamp? = nil) {
            self.from = from
            self.to = to
            self.at = at
        }

        /// The field descriptions for protocol.md.
        public static let fieldDescriptions = [
            "from": "Items at or after; default all.", "to": "Items before; default all.",
            "at": "The time to judge open deadlines at; default now.",
        ]
    }

    /// Feedback counts over the window.
    public struct Result: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// Reviews written in the window.
        public var reviews: Int64
        /// Of them, those marked negative when recorded or last re-imported.
        public var negativeReviews: Int64
        /// Per platform with reviews, in source order: count, negatives and mean rating.
        public var bySource: [SourceCount]
        /// Reviews per star, 1 to 5, every star listed.
        public var byRating: [RatingCount]
        /// The NPS of every answer in the window, from nps.submit and surveys' nps questions.
        public var nps: NetPromoterScore
        /// Survey responses given in the window.
        public var surveyResponses: Int64
        /// Complaints made in the window.
        public var complaints: Int64
        /// Of them, those not resolved yet.
        public var openComplaints: Int64
        /// Complaints per category, every category listed.
        public var byCategory: [CategoryCount]
        /// Response times of the items needing a person in the window.
        public var responseTimes: ResponseTimes

        /// The reviews of one platform.
        public struct SourceCount: Codable, Sendable, Hashable {
            /// The platform.
            public var source: Review.Source
            /// Reviews written on it in the window.
            public var reviews: Int64
            /// Of them, those marked negative when recorded or last re-imported.
            public var negative: Int64
            /// The mean rating, full precision.
            public var averageRating: Double
        }

        /// The reviews of one star rating.
        public struct RatingCount: Codable, Sendable, Hashable {
            /// The stars, 1 to 5.
            public var rating: Int64
            /// Reviews with that rating in the window; 0 when none.
            public var reviews: Int64
        }

        /// The complaints of one category.
        public struct CategoryCount: Codable, Sendable, Hashable {
            /// The category.
            public var category: Complaint.Category
            /// Complaints of that category in the window; 0 when none.
            public var complaints: Int64
        }

        /// How fast staff answered the items needing a person.
        public struct ResponseTimes: Codable, Sendable, Hashable {
            /// Items needing a person (negative reviews, detractors, complaints) in the window.
            public var items: Int64
            /// Of them, answered by staff.
            public var responded: Int64
            /// The median seconds from an item coming in to its first staff response (nearest rank); null with no responses.
            public var medianSeconds: Int64?
            /// The 90th percentile of those seconds (nearest rank); null with no responses.
            public var p90Seconds: Int64?
            /// Handled (responded or resolved) by the deadline.
            public var withinDeadline: Int64
            /// Handled late, or past the deadline and still unhandled.
            public var missedDeadline: Int64
            /// withinDeadline ÷ (withinDeadline + missedDeadline); null when both are 0.
            public var shareWithinDeadline: Double?
        }

        /// The field descriptions for protocol.md.
        public static let fieldDescriptions = [
            "bySource": "Per platform with reviews: count, negatives and mean rating.",
            "byRating": "Reviews per star, 1 to 5.",
            "nps": "The NPS of every answer in the window (nps.submit and surveys' nps questions).",
            "responseTimes": "Response times of the items needing a person, in seconds.",
        ]
    }
}
