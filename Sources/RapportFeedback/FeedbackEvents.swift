import RapportCore
public import RapportJSON
public import RapportStorage

/// A survey response was recorded.
public struct SurveyCompleted: DomainEvent, Hashable {
    public static let topic = "survey.completed"
    public static let summary = "A survey was answered; a customer's answer raises customer.action survey_completed."
    public var response: SurveyResponse
}

/// An NPS answer was submitted with nps.submit.
public struct NPSSubmitted: DomainEvent, Hashable {
    public static let topic = "nps.submitted"
    public static let summary = "An NPS answer was submitted; a detractor with a customer opens an inbox item."
    public var answer: NPSAnswer
}

/// A review was recorded or changed by a re-import.
public struct ReviewRecorded: DomainEvent, Hashable {
    public static let topic = "review.recorded"
    public static let summary = "A review was recorded, or a re-import changed it (`outcome`)."
    public var review: Review
    /// created or updated.
    public var outcome: ReviewOutcome
}

/// A review was recorded negative, or an edit made it negative.
public struct ReviewNegative: DomainEvent, Hashable {
    public static let topic = "review.negative"
    public static let summary = "A negative review came in (or an edit made one negative); it waits in the inbox with its deadline."
    public var review: Review
}

/// A review got a response.
public struct ReviewResponded: DomainEvent, Hashable {
    public static let topic = "review.responded"
    public static let summary = "A review got a response (staff or bot)."
    public var reviewId: String
    public var reply: FollowUpReply
}

/// A review was resolved.
public struct ReviewResolved: DomainEvent, Hashable {
    public static let topic = "review.resolved"
    public static let summary = "A review was resolved, with its compensation if any."
    public var review: Review
}

/// A complaint was opened.
public struct ComplaintOpened: DomainEvent, Hashable {
    public static let topic = "complaint.opened"
    public static let summary = "A complaint was opened; it waits in the inbox with its deadline."
    public var complaint: Complaint
}

/// A complaint was resolved.
public struct ComplaintResolved: DomainEvent, Hashable {
    public static let topic = "complaint.resolved"
    public static let summary = "A complaint was resolved, with its compensation if any."
    public var complaint: Complaint
}

/// What recording a review did.
public enum ReviewOutcome: String, Codable, Sendable, Hashable, CaseIterable, JSONSchemaEnum {
    /// A new review.
    case created
    /// The same review again: nothing changed.
    case unchanged
    /// A re-import with other content: the review was updated.
    case updated
}
