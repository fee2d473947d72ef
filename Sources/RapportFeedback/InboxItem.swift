public import RapportCore
public import RapportJSON

/// Something that needs a person: a negative review, a detractor's answer or a complaint, with
/// what whoever answers needs to know, so that no second call is needed.
public struct InboxItem: Codable, Sendable, Hashable, JSONSchemaDocumented {
    /// The item's id: the review (`rev_…`), the NPS answer (`nps_…`) or the complaint (`cmp_…`).
    public var id: String
    /// Whether the item is a review, an NPS answer or a complaint.
    public var kind: FollowUpKind
    /// `open` (no staff response yet) or `responded`; `resolved` only in a resolve's result, as resolved items leave the inbox.
    public var status: FollowUpStatus
    /// When the item came in: when the review was written, the answer given or the complaint made.
    public var openedAt: Timestamp
    /// When a person must have answered; null only for an item without one (a review that is not negative).
    public var deadline: Timestamp?
    /// Whether the deadline passed before a person acted.
    public var overdue: Bool
    /// Seconds until the deadline (negative once past); null when handled or without a deadline.
    public var secondsLeft: Int64?
    /// Whether others can read it: a public review (only reviews can be public).
    public var `public`: Bool
    /// Who the complaint is assigned to (`complaints.assign`); null when unassigned.
    public var assignedTo: String?
    /// The first response of anyone, a bot's included; null before any.
    public var firstResponseAt: Timestamp?
    /// The first staff response, which is what meets the deadline; null before one.
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
    /// The review's link on its platform; null for other kinds, when not given, or once the customer's data was erased.
    public var url: String?
    /// The review's author as the platform names them; null for other kinds, when not given, or once erased.
    public var author: String?
    /// Who the customer is; null when nobody is linked.
    public var customer: CustomerContext?

    /// The field descriptions for protocol.md.
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
    /// The customer's id, `cus_…`.
    public var id: String
    /// The customer's full name; null when not known or erased.
    public var name: String?
    /// The customer's loyalty tier name now.
    public var tier: String
    /// The customer's points available now.
    public var points: Int64
    /// What the customer spent over every order less refunds, in minor units.
    public var totalSpent: Money
    /// How many orders the customer made.
    public var orderCount: Int64
    /// The three latest orders, newest first.
    public var lastOrders: [OrderSummary]
    /// Their feedback before this item, newest first (at most 5).
    public var earlierFeedback: [FeedbackSummary]

    /// One recent order.
    public struct OrderSummary: Codable, Sendable, Hashable {
        /// The order's id, `ord_…`.
        public var id: String
        /// The client's id for the order.
        public var externalId: String
        /// What was paid, in minor units.
        public var amount: Money
        /// How much of it was refunded so far, in minor units.
        public var refunded: Money
        /// When it was bought.
        public var at: Timestamp
    }

    /// One earlier piece of feedback.
    public struct FeedbackSummary: Codable, Sendable, Hashable {
        /// The item's id: a review (`rev_…`), an NPS answer (`nps_…`), a complaint (`cmp_…`) or a survey response (`rsp_…`).
        public var id: String
        /// `review`, `nps`, `complaint` or `survey`.
        public var kind: String
        /// Stars of a review, score of an NPS answer; null for a complaint or a survey response.
        public var value: Int64?
        /// When it was written or given.
        public var at: Timestamp
    }

    /// The field descriptions for protocol.md.
    public static let fieldDescriptions = [
        "tier": "The loyalty tier now.",
        "points": "Points available now.",
        "totalSpent": "Amounts of every order less refunds, minor units.",
        "lastOrders": "The three latest orders, newest first.",
        "earlierFeedback": "Reviews, NPS answers, survey responses and complaints before this item, newest first (at most 5).",
    ]
}
