public import RapportCore
public import RapportJSON
public import RapportRPC
public import RapportStorage

/// The params of every `*.respond`: a response written to an item.
public struct RespondParams: Codable, Sendable, Hashable, JSONSchemaDocumented {
    /// The item answered: a review (`rev_…`), a complaint (`cmp_…`) or an NPS answer (`nps_…`).
    public var id: String
    /// The response (1–10000 characters).
    public var text: String
    /// Who wrote it: a person's name or a bot's (1–200 characters).
    public var by: String
    /// `staff` or `bot`; only a staff response meets the deadline.
    public var byKind: ResponderKind
    /// When it was sent; default now.
    public var at: Timestamp?

    /// A response to item `id`; `at` defaults to now.
    public init(id: String, text: String, by: String, byKind: ResponderKind, at: Timestamp? = nil) {
        self.id = id
        self.text = text
        self.by = by
        self.byKind = byKind
        self.at = at
    }

    /// The field descriptions for protocol.md.
    public static let fieldDescriptions = [
        "id": "The item: a review (`rev_…`), a complaint (`cmp_…`) or an NPS answer (`nps_…`).",
        "text": "The response (1–10000 characters).",
        "by": "Who wrote it: a person's name or a bot's (1–200 characters).",
        "byKind": "staff or bot; only a staff response meets the deadline.",
        "at": "When it was sent; default now. The first response time is kept.",
    ]
}

/// The params of every `*.resolve`: how an item ended, and what was given.
public struct ResolveParams: Codable, Sendable, Hashable, JSONSchemaDocumented {
    /// The item resolved: a review (`rev_…`), a complaint (`cmp_…`) or an NPS answer (`nps_…`).
    public var id: String
    /// What was done (1–2000 characters).
    public var resolution: String
    /// Points and/or a coupon of an offer to give the customer; null gives nothing.
    public var compensation: Compensation?
    /// When it was resolved; default now.
    public var at: Timestamp?

    /// A resolution of item `id`, with no compensation and `at` now unless given.
    public init(id: String, resolution: String, compensation: Compensation? = nil, at: Timestamp? = nil) {
        self.id = id
        self.resolution = resolution
        self.compensation = compensation
        self.at = at
    }

    /// The field descriptions for protocol.md.
    public static let fieldDescriptions = [
        "id": "The item: a review, a complaint or an NPS answer.",
        "resolution": "What was done (1–2000 characters).",
        "compensation": "Points and/or a coupon of an offer for the customer, given through loyalty in the same transaction.",
        "at": "When; default now.",
    ]
}

/// What a response did to its item.
public struct RespondResult<Item: Codable & Sendable & Hashable>: Codable, Sendable, Hashable {
    /// The item after the response, with its handling fields.
    public var item: Item
    /// The response as recorded.
    public var reply: FollowUpReply
    /// Whether a person acted by the deadline; null without a deadline or while nobody has.
    public var metDeadline: Bool?
}

/// What a resolution did to its item.
public struct ResolveResult<Item: Codable & Sendable & Hashable>: Codable, Sendable, Hashable {
    /// The item after the resolution, now `resolved`.
    public var item: Item
    /// The points credited and the coupon issued, with the balance after; null without compensation.
    public var compensation: CompensationGiven?
}

private let respondDiscussion = """
    The first response time is kept; `respondedAt` is the first staff response, the one that \
    meets the deadline (a bot's auto-reply is recorded but does not). A resolved item takes no more responses.
    """

private let resolveDiscussion = """
    Compensation goes through loyalty's public service in the same transaction: points are \
    credited to the customer's ledger (reason `compensation`, reference the item), an offer \
    issues a coupon. A dry run shows both, with the balance after, and keeps neither. Refused \
    with `conflict` when already resolved, `not_allowed` for compensation without a customer.
    """

/// `reviews.respond`
public enum ReviewsRespond: RPCMethod {
    /// The method's wire name.
    public static let name = "reviews.respond"
    /// The method's line for protocol.md.
    public static let summary = "Records a response to a review (staff or bot); only a staff response meets its deadline."
    /// The method's further paragraphs for protocol.md: which response times are kept.
    public static let discussion = respondDiscussion
    /// Mutating: it records a reply and changes the review's handling.
    public static let isMutating = true
    /// `not_found` for an unknown review, `conflict` once it is resolved.
    public static let errors: [RapportError.Reason] = [.notFound, .conflict]
    /// The review's id, the text, who wrote it and whether staff or a bot.
    public typealias Params = RespondParams
    /// The review after the response, the reply, and whether the deadline was met.
    public typealias Result = RespondResult<Review>
    /// The audit target: the review's id.
    public static func auditTarget(params: Params, result: Result) -> String? { params.id }
}

/// `reviews.resolve`
public enum ReviewsResolve: RPCMethod {
    /// The method's wire name.
    public static let name = "reviews.resolve"
    /// The method's line for protocol.md.
    public static let summary = "Resolves a review, optionally compensating the customer with points or a coupon."
    /// The method's further paragraphs for protocol.md: how compensation is given.
    public static let discussion = resolveDiscussion
    /// Mutating: it resolves the review and may credit points or issue a coupon.
    public static let isMutating = true
    /// `not_found`, `conflict` once resolved, `not_allowed` for compensation without a customer, `limit_exceeded` from loyalty.
    public static let errors: [RapportError.Reason] = [.notFound, .conflict, .notAllowed, .limitExceeded]
    /// The review's id, the resolution and any compensation.
    public typealias Params = ResolveParams
    /// The resolved review and the compensation given.
    public typealias Result = ResolveResult<Review>
    /// The audit target: the review's id.
    public static func auditTarget(params: Params, result: Result) -> String? { params.id }
}

/// `complaints.open`
public enum ComplaintsOpen: RPCMethod {
    /// The method's wire name.
    public static let name = "complaints.open"
    /// The method's line for protocol.md.
    public static let summary = "Opens a customer's complaint with the private response deadline; it waits in the inbox."
    /// Mutating: it stores a complaint and its inbox item.
    public static let isMutating = true
    /// `not_found` for an unknown customer or order, `not_allowed` for a merged or erased customer or another customer's order.
    public static let errors: [RapportError.Reason] = [.notFound, .notAllowed]

    /// A complaints.open params value; `at` defaults to now.
    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// The customer who complained, `cus_…`; must be active (not erased or merged).
        public var customerId: String
        /// What it is about: staff, quality, delivery, price, service or other.
        public var category: Complaint.Category
        /// What the customer said (1–10000 characters).
        public var text: String
        /// Where it came in, a lowercase word (1–32 letters, digits, `_` or `-`); optional.
        public var channel: String?
        /// The order it is about, `ord_…`; must be the customer's; optional.
        public var orderId: String?
        /// When it came in; default now.
        public var at: Timestamp?

        /// Params for a complaint of `customerId`; the optional fields default to absent and `at` to now.
        public init(
            customerId: String, category: Complaint.Category, text: String, channel: String? = nil, orderId: String? = nil, at: Timestamp? = nil
        ) {
            self.customerId = customerId
            self.category = category
            self.text = text
            self.channel = channel
            self.orderId = orderId
            self.at = at
        }

        /// The field descriptions for protocol.md.
        public static let fieldDescriptions = [
            "category": "staff, quality, delivery, price, service or other.",
            "text": "What the customer said (1–10000 characters).",
            "channel": "Where it came in: a short word such as phone, bot, store.",
            "orderId": "The order it is about; must be the customer's.",
            "at": "When it came in; default now.",
        ]
    }

    /// The complaint as opened, with its deadline.
    public typealias Result = Complaint
    /// The audit target: the new complaint's id.
    public static func auditTarget(params: Params, result: Complaint) -> String? { result.id }
}

/// `complaints.assign`
public enum ComplaintsAssign: RPCMethod {
    /// The method's wire name.
    public static let name = "complaints.assign"
    /// The method's line for protocol.md.
    public static let summary = "Gives a complaint to a person to handle."
    /// Mutating: it changes the complaint's assignment.
    public static let isMutating = true
    /// `not_found` for an unknown complaint, `conflict` once it is resolved.
    public static let errors: [RapportError.Reason] = [.notFound, .conflict]

    /// A complaints.assign params value; `at` defaults to now.
    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// The complaint's id, `cmp_…`.
        public var id: String
        /// Who handles it (1–200 characters); replaces any earlier assignee.
        public var to: String
        /// When it was assigned; default now.
        public var at: Timestamp?

        /// Assigns complaint `id` to `to`; `at` defaults to now.
        public init(id: String, to: String, at: Timestamp? = nil) {
            self.id = id
            self.to = to
            self.at = at
        }

        /// The field descriptions for protocol.md.
        public static let fieldDescriptions = ["to": "Who handles it (1–200 characters)."]
    }

    /// The complaint with its new assignee.
    public typealias Result = Complaint
    /// The audit target: the complaint's id.
    public static func auditTarget(params: Params, result: Complaint) -> String? { result.id }
}

/// `complaints.respond`
public enum ComplaintsRespond: RPCMethod {
    /// The method's wire name.
    public static let name = "complaints.respond"
    /// The method's line for protocol.md.
    public static let summary = "Records a response to a complaint (staff or bot); only a staff response meets its deadline."
    /// The method's further paragraphs for protocol.md: which response times are kept.
    public static let discussion = respondDiscussion
    /// Mutating: it records a reply and changes the complaint's handling.
    public static let isMutating = true
    /// `not_found` for an unknown complaint, `conflict` once it is resolved.
    public static let errors: [RapportError.Reason] = [.notFound, .conflict]
    /// The complaint's id, the text, who wrote it and whether staff or a bot.
    public typealias Params = RespondParams
    /// The complaint after the response, the reply, and whether the deadline was met.
    public typealias Result = RespondResult<Complaint>
    /// The audit target: the complaint's id.
    public static func auditTarget(params: Params, result: Result) -> String? { params.id }
}

/// `complaints.resolve`
public enum ComplaintsResolve: RPCMethod {
    /// The method's wire name.
    public static let name = "complaints.resolve"
    /// The method's line for protocol.md.
    public static let summary = "Resolves a complaint, optionally compensating the customer with points or a coupon."
    /// The method's further paragraphs for protocol.md: how compensation is given.
    public static let discussion = resolveDiscussion
    /// Mutating: it resolves the complaint and may credit points or issue a coupon.
    public static let isMutating = true
    /// `not_found`, `conflict` once resolved, `not_allowed` for compensation without a customer, `limit_exceeded` from loyalty.
    public static let errors: [RapportError.Reason] = [.notFound, .conflict, .notAllowed, .limitExceeded]
    /// The complaint's id, the resolution and any compensation.
    public typealias Params = ResolveParams
    /// The resolved complaint and the compensation given.
    public typealias Result = ResolveResult<Complaint>
    /// The audit target: the complaint's id.
    public static func auditTarget(params: Params, result: Result) -> String? { params.id }
}

/// `complaints.get`
public enum ComplaintsGet: RPCMethod {
    /// The method's wire name.
    public static let name = "complaints.get"
    /// The method's line for protocol.md.
    public static let summary = "One complaint with its handling and responses."
    /// `not_found` for an unknown complaint.
    public static let errors: [RapportError.Reason] = [.notFound]
    /// The complaint's id.
    public typealias Params = ItemReference

    /// A complaint with its responses.
    public struct Result: Codable, Sendable, Hashable {
        /// The complaint with its handling: status, deadline, assignment, response times, resolution.
        public var complaint: Complaint
        /// Its responses, oldest first.
        public var replies: [FollowUpReply]
    }
}

/// `complaints.list`
public enum ComplaintsList: RPCMethod {
    /// The method's wire name.
    public static let name = "complaints.list"
    /// The method's line for protocol.md.
    public static let summary = "Complaints newest first, by status, category, customer and time; paginated."

    /// A complaints.list params value: every filter optional.
    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// Only complaints of this status: `open` (no staff response), `responded` or `resolved`.
        public var status: FollowUpStatus?
        /// Only complaints of this category.
        public var category: Complaint.Category?
        /// Only this customer's complaints, `cus_…`.
        public var customerId: String?
        /// Only complaints made at or after this time.
        public var from: Timestamp?
        /// Only complaints made before this time.
        public var to: Timestamp?
        /// Complaints per page, 1–1000, default 50.
        public var limit: Int?
        /// `nextCursor` of the previous page.
        public var cursor: String?

        /// Params with the filters given; all default to absent (every complaint, first page, 50 per page).
        public init(
            status: FollowUpStatus? = nil, category: Complaint.Category? = nil, customerId: String? = nil, from: Timestamp? = nil,
            to: Timestamp? = nil, limit: Int? = nil, cursor: String? = nil
        ) {
            self.status = status
            self.category = category
            self.customerId = customerId
            self.from = from
            self.to = to
            self.limit = limit
            self.cursor = cursor
        }

        /// The field descriptions for protocol.md.
        public static let fieldDescriptions = [
            "status": "open (no staff response), responded or resolved.",
            "limit": "Complaints per page, 1–1000, default 50.",
            "cursor": "nextCursor of the previous page.",
        ]
    }

    /// A page of complaints, newest first.
    public typealias Result = Page<Complaint>
}

/// `feedback.respond`
public enum FeedbackRespond: RPCMethod {
    /// The method's wire name.
    public static let name = "feedback.respond"
    /// The method's line for protocol.md.
    public static let summary = "Records a response to any inbox item: a review, a complaint or a detractor's answer."
    /// The method's further paragraphs for protocol.md: which response times are kept.
    public static let discussion = respondDiscussion
    /// Mutating: it records a reply and changes the item's handling.
    public static let isMutating = true
    /// `not_found` for an unknown item, `conflict` once it is resolved.
    public static let errors: [RapportError.Reason] = [.notFound, .conflict]
    /// The item's id, the text, who wrote it and whether staff or a bot.
    public typealias Params = RespondParams
    /// The item as the inbox shows it (without customer context), the reply, and whether the deadline was met.
    public typealias Result = RespondResult<InboxItem>
    /// The audit target: the item's id.
    public static func auditTarget(params: Params, result: Result) -> String? { params.id }
}

/// `feedback.resolve`
public enum FeedbackResolve: RPCMethod {
    /// The method's wire name.
    public static let name = "feedback.resolve"
    /// The method's line for protocol.md.
    public static let summary = "Resolves any inbox item, optionally compensating the customer with points or a coupon."
    /// The method's further paragraphs for protocol.md: how compensation is given.
    public static let discussion = resolveDiscussion
    /// Mutating: it resolves the item and may credit points or issue a coupon.
    public static let isMutating = true
    /// `not_found`, `conflict` once resolved, `not_allowed` for compensation without a customer, `limit_exceeded` from loyalty.
    public static let errors: [RapportError.Reason] = [.notFound, .conflict, .notAllowed, .limitExceeded]
    /// The item's id, the resolution and any compensation.
    public typealias Params = ResolveParams
    /// The resolved item as the inbox shows it (without customer context) and the compensation given.
    public typealias Result = ResolveResult<InboxItem>
    /// The audit target: the item's id.
    public static func auditTarget(params: Params, result: Result) -> String? { params.id }
}
