import RapportCore
public import RapportJSON
public import RapportStorage

/// A survey response was recorded.
public struct SurveyCompleted: DomainEvent, Hashable {
    /// The event's topic, `survey.completed`.
    public static let topic = "survey.completed"
    /// The event's line for protocol.md.
    public static let summary = "A survey was answered; a customer's answer raises customer.action survey_completed."
    /// The response as recorded: its answers without skipped questions, its comment and time.
    public var response: SurveyResponse
}

/// An NPS answer was submitted with nps.submit.
public struct NPSSubmitted: DomainEvent, Hashable {
    /// The event's topic, `nps.submitted`.
    public static let topic = "nps.submitted"
    /// The event's line for protocol.md.
    public static let summary = "An NPS answer was submitted; a detractor with a customer opens an inbox item."
    /// The answer as recorded, with its category.
    public var answer: NPSAnswer
}

/// A review was recorded or changed by a re-import.
public struct ReviewRecorded: DomainEvent, Hashable {
    /// The event's topic, `review.recorded`.
    public static let topic = "review.recorded"
    /// The event's line for protocol.md.
    public static let summary = "A review was recorded, or a re-import changed it (`outcome`)."
    /// The review as stored after the change, with its handling fields.
    public var review: Review
    /// created or updated.
    public var outcome: ReviewOutcome
}

/// A review was recorded negative, or an edit made it negative.
public struct ReviewNegative: DomainEvent, Hashable {
    /// The event's topic, `review.negative`.
    public static let topic = "review.negative"
    /// The event's line for protocol.md.
    public static let summary = "A negative review came in (or an edit made one negative); it waits in the inbox with its deadline."
    /// The negative review, with its response deadline.
    public var review: Review
}

/// A review got a response.
public struct ReviewResponded: DomainEvent, Hashable {
    /// The event's topic, `review.responded`.
    public static let topic = "review.responded"
    /// The event's line for protocol.md.
    public static let summary = "A review got a response (staff or bot)."
    /// The id of the review answered, `rev_…`.
    public var reviewId: String
    /// The response: its text, who wrote it and whether staff or a bot.
    public var reply: FollowUpReply
}

/// A review was resolved.
public struct ReviewResolved: DomainEvent, Hashable {
    /// The event's topic, `review.resolved`.
    public static let topic = "review.resolved"
    /// The event's line for protocol.md.
    public static let summary = "A review was resolved, with its compensation if any."
    /// The review as resolved, with its resolution and any compensation.
    public var review: Review
}

/// A complaint was opened.
public struct ComplaintOpened: DomainEvent, Hashable {
    /// The event's topic, `complaint.opened`.
    public static let topic = "complaint.opened"
    /// The event's line for protocol.md.
    public static let summary = "A complaint was opened; it waits in the inbox with its deadline."
    /// The complaint as opened, with its deadline.
    public var complaint: Complaint
}

/// A complaint was resolved.
public struct ComplaintResolved: DomainEvent, Hashable {
    /// The event's topic, `complaint.resolved`.
    public static let topic = "complaint.resolved"
    /// The event's line for protocol.md.
    public static let summary = "A complaint was resolved, with its compensation if any."
    /// The complaint as resolved, with its resolution and any compensation.
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
