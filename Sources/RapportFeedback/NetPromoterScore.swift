public import RapportJSON

/// A Net Promoter Score with what it was computed from.
///
/// NPS = % promoters (9–10) − % detractors (0–6) over answered responses only (a skipped
/// question is not a response), rounded to 0.1 half away from zero. The 95% interval is the normal
/// approximation ±1.96·100·√((p + d − (p − d)²)/n), p and d the promoter and detractor shares,
/// clamped to −100…100 and rounded the same way. With no responses the score and interval are
/// null; below the configured minimum `tooFewResponses` is true, so that one promoter does not
/// read as +100.
public struct NetPromoterScore: Codable, Sendable, Hashable, JSONSchemaDocumented {
    /// % promoters − % detractors, −100 to 100, rounded to 0.1; null with no responses.
    public var score: Double?
    /// The answered responses counted: promoters + passives + detractors.
    public var n: Int64
    /// Answers of 9 or 10.
    public var promoters: Int64
    /// Answers of 7 or 8.
    public var passives: Int64
    /// Answers of 0 to 6.
    public var detractors: Int64
    /// The 95% interval of the score; null with no responses.
    public var interval: Interval?
    /// Whether `n` is below the policy's `minimumResponses`.
    public var tooFewResponses: Bool

    /// A 95% confidence interval of the score.
    public struct Interval: Codable, Sendable, Hashable {
        /// The lower bound, −100 to 100, rounded to 0.1.
        public var low: Double
        /// The upper bound, −100 to 100, rounded to 0.1.
        public var high: Double
    }

    /// The field descriptions for protocol.md.
    public static let fieldDescriptions = [
        "score": "% promoters − % detractors, −100 to 100, rounded to 0.1 half away from zero; null with no responses.",
        "n": "Answered responses counted (promoters + passives + detractors).",
        "promoters": "Answers of 9 or 10.",
        "passives": "Answers of 7 or 8.",
        "detractors": "Answers of 0 to 6.",
        "interval": "The 95% interval of the score (normal approximation); null with no responses.",
        "tooFewResponses": "Whether n is below feedback.configure's minimumResponses (default 30).",
    ]

    /// The score of these counts, flagged below `minimumResponses`.
    public init(promoters: Int64, passives: Int64, detractors: Int64, minimumResponses: Int64) {
        self.promoters = promoters
        self.passives = passives
        self.detractors = detractors
        n = promoters + passives + detractors
        tooFewResponses = n < minimumResponses
        guard n > 0 else {
            score = nil
            interval = nil
            return
        }
        score = Self.roundedTenth(numerator: 100 * (promoters - detractors), denominator: n)
        let p = Double(promoters) / Double(n)
        let d = Double(detractors) / Double(n)
        let exact = 100 * (p - d)
        let half = 1.96 * 100 * ((p + d - (p - d) * (p - d)) / Double(n)).squareRoot()
        interval = Interval(low: Self.roundedTenth(max(-100, exact - half)), high: Self.roundedTenth(min(100, exact + half)))
    }

    /// The score of answers counted by value (0–10).
    public init(counts: [Int64: Int64], minimumResponses: Int64) {
        func sum(_ values: ClosedRange<Int64>) -> Int64 { values.reduce(0) { $0 + (counts[$1] ?? 0) } }
        self.init(promoters: sum(9...10), passives: sum(7...8), detractors: sum(0...6), minimumResponses: minimumResponses)
    }

    /// numerator ÷ denominator rounded to 0.1, half away from zero, in exact integer arithmetic.
    static func roundedTenth(numerator: Int64, denominator: Int64) -> Double {
        let tenths = 10 * numerator.magnitude
        let rounded = (2 * tenths + denominator.magnitude) / (2 * denominator.magnitude)
        let signed = Double(rounded) / 10
        return (numerator < 0) != (denominator < 0) && rounded != 0 ? -signed : signed
    }

    static func roundedTenth(_ value: Double) -> Double { (value * 10).rounded(.toNearestOrAwayFromZero) / 10 }
}

/// The category of an NPS answer.
public enum NPSCategory: String, Codable, Sendable, Hashable, CaseIterable, JSONSchemaEnum {
    /// `promoter` (9–10), `passive` (7–8) or `detractor` (0–6).
    case promoter, passive, detractor

    /// The category of a score 0–10.
    public init(score: Int64) {
        self = score >= 9 ? .promoter : score >= 7 ? .passive : .detractor
    }
}
