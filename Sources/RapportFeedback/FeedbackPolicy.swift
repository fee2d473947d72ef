public import RapportCore
public import RapportJSON
public import RapportStorage

/// How feedback is judged and how fast it must be answered: `feedback.configure`, kept in
/// `feedback_config`.
public struct FeedbackPolicy: ModuleSetting, JSONSchemaDocumented {
    /// The setting's row name in `feedback_config`, `policy`.
    public static let settingName = "policy"
    /// The rules before any `feedback.configure`: negative at 3 stars or fewer, 24 response hours (3 for public reviews),
    /// around the clock, NPS flagged below 30 answers.
    public static let standard = FeedbackPolicy(
        negativeThreshold: 3, responseHours: 24, publicResponseHours: 3, businessHours: nil, minimumResponses: 30)

    /// The hours a response time may be, 1 to 720 (30 days).
    public static let hoursRange: ClosedRange<Int64> = 1...720
    /// The range of each integer field, for the decoder and the schema.
    public static let fieldRanges: [String: ClosedRange<Int64>] = [
        "negativeThreshold": 1...4,
        "responseHours": hoursRange,
        "publicResponseHours": hoursRange,
        "minimumResponses": 1...1_000_000,
    ]

    /// A review rated this or lower is negative.
    public var negativeThreshold: Int64
    /// Hours to answer a private item: a private negative review, a detractor, a complaint.
    public var responseHours: Int64
    /// Hours to answer a negative review others can read.
    public var publicResponseHours: Int64
    /// When set, response times count only these hours; otherwise every hour counts.
    public var businessHours: BusinessHours?
    /// Below this many answers an NPS is flagged `tooFewResponses`.
    public var minimumResponses: Int64

    /// Rules with these values, unchecked; `feedback.configure` checks its params against ``fieldRanges``.
    public init(negativeThreshold: Int64, responseHours: Int64, publicResponseHours: Int64, businessHours: BusinessHours?, minimumResponses: Int64) {
        self.negativeThreshold = negativeThreshold
        self.responseHours = responseHours
        self.publicResponseHours = publicResponseHours
        self.businessHours = businessHours
        self.minimumResponses = minimumResponses
    }

    /// The field descriptions for protocol.md.
    public static let fieldDescriptions = [
        "negativeThreshold": "A review rated this or lower (1–4) is negative; default 3.",
        "responseHours": "Hours to answer a private negative review, a detractor or a complaint (1–720); default 24.",
        "publicResponseHours": "Hours to answer a public negative review (1–720); default 3.",
        "businessHours": "When set, response hours count only inside these hours; null: around the clock.",
        "minimumResponses": "Below this many answers an NPS carries tooFewResponses: true; default 30.",
    ]

    /// The response deadline of an item opened at `opened`.
    public func deadline(openedAt opened: Timestamp, isPublic: Bool) -> Timestamp {
        let hours = isPublic ? publicResponseHours : responseHours
        guard let businessHours else { return opened.adding(seconds: hours * 3600) }
        return businessHours.adding(minutes: hours * 60, to: opened)
    }

    /// Whether a review of `rating` is negative.
    public func isNegative(rating: Int64) -> Bool { rating <= negativeThreshold }
}
