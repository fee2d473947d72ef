public import RapportCore
public import RapportJSON
public import RapportLoyalty

/// Where an item that needs a person stands: a negative review, a detractor's answer, a complaint.
public enum FollowUpStatus: String, Codable, Sendable, Hashable, CaseIterable, JSONSchemaEnum {
    /// No staff response yet (a bot's reply does not count).
    case open
    /// Staff responded; not resolved yet.
    case responded
    /// Resolved, with or without compensation.
    case resolved
}

/// Who wrote a response. Only a person's response meets a deadline: an auto-reply does not
/// (Kustomer's `basedOnHumanInteraction`).
public enum ResponderKind: String, Codable, Sendable, Hashable, CaseIterable, JSONSchemaEnum {
    /// `staff` (a person, whose response meets a deadline) or `bot` (an auto-reply, which does not).
    case staff, bot
}

/// What the item kinds of the inbox are.
public enum FollowUpKind: String, Codable, Sendable, Hashable, CaseIterable, JSONSchemaEnum {
    /// `review`, `nps` (an NPS answer) or `complaint`: the kind of item a follow-up or reply belongs to.
    case review, nps, complaint
}

/// A response written to a review, an answer or a complaint.
public struct FollowUpReply: Codable, Sendable, Hashable {
    /// The reply's id, `rpl_…`.
    public var id: String
    /// The id of the review, NPS answer or complaint answered.
    public var itemId: String
    /// The text; null once the customer's data was erased.
    public var text: String?
    /// Who wrote it, as the caller named them (1–200 characters).
    public var by: String
    /// Whether a person on staff or a bot wrote it.
    public var byKind: ResponderKind
    /// When it was written.
    public var at: Timestamp
}

/// What was given to make up for a bad experience.
public struct Compensation: Codable, Sendable, Hashable, JSONSchemaDocumented {
    /// Bonus points credited.
    public var points: Int64?
    /// The offer a coupon was issued of.
    public var offerId: String?

    /// Compensation of `points`, a coupon of `offerId`, or both; nil fields give nothing.
    public init(points: Int64? = nil, offerId: String? = nil) {
        self.points = points
        self.offerId = offerId
    }

    /// The range of `points`, 1 to 10^12.
    public static let fieldRanges: [String: ClosedRange<Int64>] = ["points": Points.positiveRange]
    /// The field descriptions for protocol.md.
    public static let fieldDescriptions = [
        "points": "Bonus points to credit now (1 to 10^12), through loyalty, in the same transaction.",
        "offerId": "An offer (`ofr_…`) to issue the customer a coupon of, in the same transaction.",
    ]
}

/// The compensation a resolution gave, with the loyalty records it made.
public struct CompensationGiven: Codable, Sendable, Hashable {
    /// The points credited; null without points.
    public var points: Int64?
    /// The ledger entry of the points; null without points.
    public var entry: LedgerEntry?
    /// The customer's balance after the points; null without points.
    public var balance: PointsBalance?
    /// The coupon issued; null without an offer.
    public var coupon: Coupon?
}

/// The handling of one item: its deadline, its responses and its resolution.
struct FollowUp: Sendable, Hashable {
    var itemId: String
    var kind: FollowUpKind
    var customerId: String?
    var isPublic: Bool
    /// Whether it belongs in the inbox until resolved (negative, detractor, complaint).
    var needsAttention: Bool
    var openedAt: Timestamp
    var deadline: Timestamp?
    var assignedTo: String?
    var assignedAt: Timestamp?
    var firstResponseAt: Timestamp?
    var staffResponseAt: Timestamp?
    var resolvedAt: Timestamp?
    var resolution: String?
    var compensation: CompensationGiven?

    var status: FollowUpStatus {
        resolvedAt != nil ? .resolved : staffResponseAt != nil ? .responded : .open
    }

    /// When a person first acted on it: a staff response or the resolution.
    var handledAt: Timestamp? {
        switch (staffResponseAt, resolvedAt) {
        case (let response?, let resolved?): min(response, resolved)
        case (let response, let resolved): response ?? resolved
        }
    }

    /// Whether the deadline passed before a person acted on it, as of `now`.
    func isOverdue(at now: Timestamp) -> Bool {
        guard let deadline, handledAt == nil else { return false }
        return now > deadline
    }

    /// Whether a person acted by the deadline; null while nobody has (or without a deadline).
    var metDeadline: Bool? {
        guard let deadline, let handledAt else { return nil }
        return handledAt <= deadline
    }
}

extension Review {
    /// The review with the handling fields of `followUp`, as of `now`.
    func handled(by followUp: FollowUp, at now: Timestamp) -> Review {
        var review = self
        review.status = followUp.status
        review.deadline = followUp.deadline
        review.overdue = followUp.isOverdue(at: now)
        review.firstResponseAt = followUp.firstResponseAt
        review.respondedAt = followUp.staffResponseAt
        review.resolvedAt = followUp.resolvedAt
        review.resolution = followUp.resolution
        review.compensation = followUp.compensation
        return review
    }
}
