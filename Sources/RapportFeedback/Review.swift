public import RapportCore
public import RapportJSON

/// A review of the business, written inside (`internal`) or on an outside platform.
public struct Review: Codable, Sendable, Hashable, JSONSchemaDocumented {
    public var id: String
    public var source: Source
    /// The platform's id of the review; with `source` it makes a re-import idempotent.
    public var externalId: String?
    public var rating: Int64
    /// Null once the customer's data was erased.
    public var text: String?
    public var author: String?
    public var url: String?
    public var customerId: String?
    public var topics: [String]
    /// Whether others can read it on the platform (then it is answered first).
    public var `public`: Bool
    /// Whether the rating is at or below the negative threshold when it was recorded.
    public var negative: Bool
    /// When it was written.
    public var at: Timestamp
    public var recordedAt: Timestamp
    public var updatedAt: Timestamp
    /// How many times a re-import changed it.
    public var edits: Int64
    public var status: FollowUpStatus
    /// When a person must have answered a negative review; null for others.
    public var deadline: Timestamp?
    /// Whether the deadline passed before a person acted.
    public var overdue: Bool
    /// The first response of anyone, a bot's included.
    public var firstResponseAt: Timestamp?
    /// The first staff response.
    public var respondedAt: Timestamp?
    public var resolvedAt: Timestamp?
    public var resolution: String?
    public var compensation: CompensationGiven?

    public enum Source: String, Codable, Sendable, Hashable, CaseIterable, JSONSchemaEnum {
        case `internal`
        case yandexMaps = "yandex_maps"
        case google, otzovik
        case twoGIS = "2gis"
        case appStore = "app_store"
        case other
    }

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
    public var id: String
    public var customerId: String
    public var category: Category
    /// Null once the customer's data was erased.
    public var text: String?
    public var channel: String?
    public var orderId: String?
    public var at: Timestamp
    public var status: FollowUpStatus
    public var deadline: Timestamp?
    public var overdue: Bool
    public var assignedTo: String?
    public var assignedAt: Timestamp?
    public var firstResponseAt: Timestamp?
    public var respondedAt: Timestamp?
    public var resolvedAt: Timestamp?
    public var resolution: String?
    public var compensation: CompensationGiven?

    public enum Category: String, Codable, Sendable, Hashable, CaseIterable, JSONSchemaEnum {
        case staff, quality, delivery, price, service, other
    }

    public static let fieldDescriptions = [
        "id": "The complaint's id (`cmp_…`).",
        "deadline": "When it must be answered: at plus the private response time.",
        "overdue": "Whether the deadline passed before staff responded or resolved it.",
        "respondedAt": "The first staff response, which is what meets the deadline.",
    ]
}

/// An NPS answer, from `nps.submit` or an nps question of a survey.
public struct NPSAnswer: Codable, Sendable, Hashable {
    public var id: String
    public var customerId: String?
    public var score: Int64
    public var category: NPSCategory
    /// Null once the customer's data was erased.
    public var comment: String?
    public var channel: String?
    /// The survey response it came from; null for nps.submit.
    public var responseId: String?
    public var at: Timestamp
}
