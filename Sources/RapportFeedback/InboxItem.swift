public import RapportCore
public import RapportJSON

/// Something that needs a person: a negative review, a detractor's answer or a complaint, with
/// what whoever answers needs to know, so that no second call is needed.
public struct InboxItem: Codable, Sendable, Hashable, JSONSchemaDocumented {
    public var id: String
    public var kind: FollowUpKind
    public var status: FollowUpStatus
    public var openedAt: Timestamp
    public var deadline: Timestamp?
    /// Whether the deadline passed before a person acted.
    public var overdue: Bool
    /// Seconds until the deadline (negative once past); null when handled or without a deadline.
    public var secondsLeft: Int64?
    public var `public`: Bool
    public var assignedTo: String?
    public var firstResponseAt: Timestamp?
    public var respondedAt: Timestamp?
    /// The review's stars; null for other kinds.
    public var rating: Int64?
    /// The NPS answer's score; null for other kinds.
    public var score: Int64?
    /// The review's platform; null for other kinds.
    public var source: Review.Source?
    /// The complaint's category; null for other kinds.
    public var category: Complaint.Category?
    /// What the customer wrote: the review's text, the answer's comment, the complaint.
    public var text: String?
    public var url: String?
    public var author: String?
    /// Who the customer is; null when nobody is linked.
    public var customer: CustomerContext?

    public static let fieldDescriptions = [
        "id": "The item's id: the review (`rev_…`), the NPS answer (`nps_…`) or the complaint (`cmp_…`).",
        "kind": "review, nps or complaint.",
        "status": "open (no staff response yet) or responded; resolved items leave the inbox.",
        "deadline": "When a person must have answered.",
        "overdue": "Whether the deadline passed before staff responded or resolved it.",
        "secondsLeft": "Seconds until the deadline, negative once past; null once handled.",
        "customer": "The customer's context: name, tier, points, total spent, last orders, earlier feedback.",
    ]
}

/// What whoever answers an item should know about the customer.
public struct CustomerContext: Codable, Sendable, Hashable, JSONSchemaDocumented {
    public var id: String
    public var name: String?
    public var tier: String
    public var points: Int64
    public var totalSpent: Money
    public var orderCount: Int64
    public var lastOrders: [OrderSummary]
    /// Their feedback before this item, newest first (at most 5).
    public var earlierFeedback: [FeedbackSummary]

    /// One recent order.
    public struct OrderSummary: Codable, Sendable, Hashable {
        public var id: String
        public var externalId: String
        public var amount: Money
        public var refunded: Money
        public var at: Timestamp
    }

    /// One earlier piece of feedback.
    public struct FeedbackSummary: Codable, Sendable, Hashable {
        public var id: String
        public var kind: String
        /// Stars of a review, score of an NPS answer; null for a complaint or a survey response.
        public var value: Int64?
        public var at: Timestamp
    }

    public static let fieldDescriptions = [
        "tier": "The loyalty tier now.",
        "points": "Points available now.",
        "totalSpent": "Amounts of every order less refunds, minor units.",
        "lastOrders": "The three latest orders, newest first.",
        "earlierFeedback": "Reviews, NPS answers, survey responses and complaints before this item, newest first (at most 5).",
    ]
}
