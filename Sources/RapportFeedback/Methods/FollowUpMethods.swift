public import RapportCore
public import RapportJSON
public import RapportRPC
public import RapportStorage

/// The params of every `*.respond`: a response written to an item.
public struct RespondParams: Codable, Sendable, Hashable, JSONSchemaDocumented {
    public var id: String
    public var text: String
    public var by: String
    public var byKind: ResponderKind
    public var at: Timestamp?

    public init(id: String, text: String, by: String, byKind: ResponderKind, at: Timestamp? = nil) {
        self.id = id
        self.text = text
        self.by = by
        self.byKind = byKind
        self.at = at
    }

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
    public var id: String
    public var resolution: String
    public var compensation: Compensation?
    public var at: Timestamp?

    public init(id: String, resolution: String, compensation: Compensation? = nil, at: Timestamp? = nil) {
        self.id = id
        self.resolution = resolution
        self.compensation = compensation
        self.at = at
    }

    public static let fieldDescriptions = [
        "id": "The item: a review, a complaint or an NPS answer.",
        "resolution": "What was done (1–2000 characters).",
        "compensation": "Points and/or a coupon of an offer for the customer, given through loyalty in the same transaction.",
        "at": "When; default now.",
    ]
}

/// What a response did to its item.
public struct RespondResult<Item: Codable & Sendable & Hashable>: Codable, Sendable, Hashable {
    public var item: Item
    public var reply: FollowUpReply
    /// Whether a person acted by the deadline; null without a deadline or while nobody has.
    public var metDeadline: Bool?
}

/// What a resolution did to its item.
public struct ResolveResult<Item: Codable & Sendable & Hashable>: Codable, Sendable, Hashable {
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
    public static let name = "reviews.respond"
    public static let summary = "Records a response to a review (staff or bot); only a staff response meets its deadline."
    public static let discussion = respondDiscussion
    public static let isMutating = true
    public static let errors: [RapportError.Reason] = [.notFound, .conflict]
    public typealias Params = RespondParams
    public typealias Result = RespondResult<Review>
    public static func auditTarget(params: Params, result: Result) -> String? { params.id }
}

/// `reviews.resolve`
public enum ReviewsResolve: RPCMethod {
    public static let name = "reviews.resolve"
    public static let summary = "Resolves a review, optionally compensating the customer with points or a coupon."
    public static let discussion = resolveDiscussion
    public static let isMutating = true
    public static let errors: [RapportError.Reason] = [.notFound, .conflict, .notAllowed, .limitExceeded]
    public typealias Params = ResolveParams
    public typealias Result = ResolveResult<Review>
    public static func auditTarget(params: Params, result: Result) -> String? { params.id }
}

/// `complaints.open`
public enum ComplaintsOpen: RPCMethod {
    public static let name = "complaints.open"
    public static let summary = "Opens a customer's complaint with the private response deadline; it waits in the inbox."
    public static let isMutating = true
    public static let errors: [RapportError.Reason] = [.notFound]

    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        public var customerId: String
        public var category: Complaint.Category
        public var text: String
        public var channel: String?
        public var orderId: String?
        public var at: Timestamp?

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

        public static let fieldDescriptions = [
            "category": "staff, quality, delivery, price, service or other.",
            "text": "What the customer said (1–10000 characters).",
            "channel": "Where it came in: a short word such as phone, bot, store.",
            "orderId": "The order it is about; must be the customer's.",
            "at": "When it came in; default now.",
        ]
    }

    public typealias Result = Complaint
    public static func auditTarget(params: Params, result: Complaint) -> String? { result.id }
}

/// `complaints.assign`
public enum ComplaintsAssign: RPCMethod {
    public static let name = "complaints.assign"
    public static let summary = "Gives a complaint to a person to handle."
    public static let isMutating = true
    public static let errors: [RapportError.Reason] = [.notFound, .conflict]

    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        public var id: String
        public var to: String
        public var at: Timestamp?

        public init(id: String, to: String, at: Timestamp? = nil) {
            self.id = id
            self.to = to
            self.at = at
        }

        public static let fieldDescriptions = ["to": "Who handles it (1–200 characters)."]
    }

    public typealias Result = Complaint
    public static func auditTarget(params: Params, result: Complaint) -> String? { result.id }
}

/// `complaints.respond`
public enum ComplaintsRespond: RPCMethod {
    public static let name = "complaints.respond"
    public static let summary = "Records a response to a complaint (staff or bot); only a staff response meets its deadline."
    public static let discussion = respondDiscussion
    public static let isMutating = true
    public static let errors: [RapportError.Reason] = [.notFound, .conflict]
    public typealias Params = RespondParams
    public typealias Result = RespondResult<Complaint>
    public static func auditTarget(params: Params, result: Result) -> String? { params.id }
}

/// `complaints.resolve`
public enum ComplaintsResolve: RPCMethod {
    public static let name = "complaints.resolve"
    public static let summary = "Resolves a complaint, optionally compensating the customer with points or a coupon."
    public static let discussion = resolveDiscussion
    public static let isMutating = true
    public static let errors: [RapportError.Reason] = [.notFound, .conflict, .notAllowed, .limitExceeded]
    public typealias Params = ResolveParams
    public typealias Result = ResolveResult<Complaint>
    public static func auditTarget(params: Params, result: Result) -> String? { params.id }
}

/// `complaints.get`
public enum ComplaintsGet: RPCMethod {
    public static let name = "complaints.get"
    public static let summary = "One complaint with its handling and responses."
    public static let errors: [RapportError.Reason] = [.notFound]
    public typealias Params = ItemReference

    public struct Result: Codable, Sendable, Hashable {
        public var complaint: Complaint
        public var replies: [FollowUpReply]
    }
}

/// `complaints.list`
public enum ComplaintsList: RPCMethod {
    public static let name = "complaints.list"
    public static let summary = "Complaints newest first, by status, category, customer and time; paginated."

    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        public var status: FollowUpStatus?
        public var category: Complaint.Category?
        public var customerId: String?
        public var from: Timestamp?
        public var to: Timestamp?
        public var limit: Int?
        public var cursor: String?

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

        public static let fieldDescriptions = [
            "status": "open (no staff response), responded or resolved.",
            "limit": "Complaints per page, 1–1000, default 50.",
            "cursor": "nextCursor of the previous page.",
        ]
    }

    public typealias Result = Page<Complaint>
}

/// `feedback.respond`
public enum FeedbackRespond: RPCMethod {
    public static let name = "feedback.respond"
    public static let summary = "Records a response to any inbox item: a review, a complaint or a detractor's answer."
    public static let discussion = respondDiscussion
    public static let isMutating = true
    public static let errors: [RapportError.Reason] = [.notFound, .conflict]
    public typealias Params = RespondParams
    public typealias Result = RespondResult<InboxItem>
    public static func auditTarget(params: Params, result: Result) -> String? { params.id }
}

/// `feedback.resolve`
public enum FeedbackResolve: RPCMethod {
    public static let name = "feedback.resolve"
    public static let summary = "Resolves any inbox item, optionally compensating the customer with points or a coupon."
    public static let discussion = resolveDiscussion
    public static let isMutating = true
    public static let errors: [RapportError.Reason] = [.notFound, .conflict, .notAllowed, .limitExceeded]
    public typealias Params = ResolveParams
    public typealias Result = ResolveResult<InboxItem>
    public static func auditTarget(params: Params, result: Result) -> String? { params.id }
}
