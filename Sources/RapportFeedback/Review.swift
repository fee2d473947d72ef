public import RapportCore
public import RapportJSON

/// A review of the business, written inside (`internal`) or on an outside platform.
public struct Review: Codable, Sendable, Hashable, JSONSchemaDocumented {
    /// The review's id, `rev_…`.
    public var id: String
    /// The platform it was written on, or `internal`.
    public var source: Source
    /// The platform's id of the review; with `source` it makes a re-import idempotent.
    public var externalId: String?
    /// 1 to 5 stars.
    public var rating: Int64
    /// Null once the customer's data was erased.
    public var text: String?
    /// The author's name as the platform shows it; null when not given or once the customer's data was erased.
    public var author: String?
    /// The review's link on its platform; null when not given or once the customer's data was erased.
    public var url: String?
    /// The customer who wrote it, `cus_…`; null while none is linked (`reviews.link`).
    public var customerId: String?
    /// Topic tags (1–64 characters each, at most 50), deduplicated and sorted.
    public var topics: [String]
    /// Whether others can read it on the platform (then it is answered first).
    public var `public`: Bool
    /// Whether the rating is at or below the negative threshold when it was recorded.
    public var negative: Bool
    /// When it was written.
    public var at: Timestamp
    /// When it was first recorded here.
    public var recordedAt: Timestamp
    /// When a re-import last changed it; `recordedAt` until one does.
    public var updatedAt: Timestamp
    /// How many times a re-import changed it.
    public var edits: Int64
    /// `open` (no staff response yet), `responded` or `resolved`.
    public var status: FollowUpStatus
    /// When a person must have answered a negative review; null for others.
    public var deadline: Timestamp?
    /// Whether the deadline passed before a person acted.
    public var overdue: Bool
    /// The first response of anyone, a bot's included.
    public var firstResponseAt: Timestamp?
    /// The first staff response.
    public var respondedAt: Timestamp?
    /// When it was resolved; null while unresolved.
    public var resolvedAt: Timestamp?
    /// What resolved it (1–2000 characters); null while unresolved or once the customer's data was erased.
    public var resolution: String?
    /// The compensation its resolution gave; null without any.
    public var compensation: CompensationGiven?

    /// Where a review was written.
    public enum Source: String, Codable, Sendable, Hashable, CaseIterable, JSONSchemaEnum {
        /// Written here, not on an outside platform (private unless said otherwise).
        case `internal`
        /// Yandex Maps, `yandex_maps`.
        case yandexMaps = "yandex_maps"
        /// Google or Otzovik.
        case google, otzovik
        /// 2GIS, `2gis`.
        case twoGIS = "2gis"
        /// An app store, `app_store`.
        case appStore = "app_store"
        /// Any other platform.
        case other
    }

    /// The field descriptions for protocol.md.
    public static let fieldDescriptions = [
        "id": "The review's id (`rev_…`).",
        "externalId": "The platform's id of the review: with source, a re-import finds it again.",
        "rating": "1 to 5 stars.",
        "text": "What was written; null once the customer's data was erased.",
        "public": "Whether others can read it; a public negative review has the shorter deadline.",
        "negative": "Whether the rating is at or below feedback.configure's negativeThreshold (default 3).",
        "at": "When it was written (default: when it was recorded).",
        "edits": "How many re-imports changed it.",
        "status": "open (no staff response yet), responded or resolved.",
        "deadline": "When a negative review must be answered: at plus the response time; null for others.",
        "overdue": "Whether the deadline passed before staff responded or resolved it.",
        "firstResponseAt": "The first response of anyone, a bot's auto-reply included.",
        "respondedAt": "The first staff response, which is what meets the deadline.",
    ]
}

/// A complaint a customer made: about staff, quality, delivery, price or service.
public struct Complaint: Codable, Sendable, Hashable, JSONSchemaDocumented {
    /// The complaint's id, `cmp_…`.
    public var id: String
    /// The customer who complained, `cus_…`.
    public var customerId: String
    /// What it is about: staff, quality, delivery, price, service or other.
    public var category: Category
    /// Null once the customer's data was erased.
    public var text: String?
    /// Where it came in, a lowercase word (1–32 letters, digits, `_` or `-`); null when not given.
    public var channel: String?
    /// The order it is about, `ord_…`, one of the customer's; null when not given.
    public var orderId: String?
    /// When it was made.
    public var at: Timestamp
    /// `open` (no staff response yet), `responded` or `resolved`.
    public var status: FollowUpStatus
    /// When it must be answered: `at` plus the private response time.
    public var deadline: Timestamp?
    /// Whether the deadline passed before staff responded or resolved it.
    public var overdue: Bool
    /// Who it is assigned to (`complaints.assign`); null when unassigned.
    public var assignedTo: String?
    /// When it was last assigned; null when unassigned.
    public var assignedAt: Timestamp?
    /// The first response of anyone, a bot's included; null before any.
    public var firstResponseAt: Timestamp?
    /// The first staff response, which is what meets the deadline; null before one.
    public var respondedAt: Timestamp?
    /// When it was resolved; null while unresolved.
    public var resolvedAt: Timestamp?
    /// What resolved it (1–2000 characters); null while unresolved or once the customer's data was erased.
    public var resolution: String?
    /// The compensation its resolution gave; null without any.
    public var compensation: CompensationGiven?

    /// What a complaint is about.
    public enum Category: String, Codable, Sendable, Hashable, CaseIterable, JSONSchemaEnum {
        /// Staff, quality, delivery, price, service, or anything else.
        case staff, quality, delivery, price, service, other
    }

    /// The field descriptions for protocol.md.
    public static let fieldDescriptions = [
        "id": "The complaint's id (`cmp_…`).",
        "deadline": "When it must be answered: at plus the private response time.",
        "overdue": "Whether the deadline passed before staff responded or resolved it.",
        "respondedAt": "The first staff response, which is what meets the deadline.",
    ]
}

/// An NPS answer, from `nps.submit` or an nps question of a survey.
public struct NPSAnswer: Codable, Sendable, Hashable {
    /// The answer's id, `nps_…`.
    public var id: String
    /// The customer who answered, `cus_…`; null when anonymous.
    public var customerId: String?
    /// The score, 0 to 10.
    public var score: Int64
    /// Promoter (9–10), passive (7–8) or detractor (0–6), from the score.
    public var category: NPSCategory
    /// Null once the customer's data was erased.
    public var comment: String?
    /// Where it was given, a lowercase word; `survey` for a survey's nps question; null when not given.
    public var channel: String?
    /// The survey response it came from; null for nps.submit.
    public var responseId: String?
    /// When it was given.
    public var at: Timestamp
}
