public import RapportCore
public import RapportJSON
public import RapportStorage

/// How metrics are counted and judged: `metrics.configure`, kept in `metrics_config`.
public struct MetricsPolicy: ModuleSetting, JSONSchemaDocumented {
    /// The name of the policy's row in `metrics_config`, `policy`.
    public static let settingName = "policy"
    /// A never-configured store's policy: UTC, 30% margin, no acquisition costs and the default red-flag thresholds.
    public static let standard = MetricsPolicy(
        timeZone: "UTC", grossMarginPercent: 30, acquisitionCosts: [:], negativeShareThreshold: 0.2, burstNegatives: 3,
        burstHours: 48, checkDropPercent: 10, npsDropPoints: 10, minimumAnswers: 30)

    /// The allowed range of each integer field, which `metrics.configure` enforces.
    public static let fieldRanges: [String: ClosedRange<Int64>] = [
        "grossMarginPercent": CountRange.percent,
        "burstNegatives": 2...1000,
        "burstHours": 1...720,
        "checkDropPercent": 1...100,
        "npsDropPoints": 1...200,
        "minimumAnswers": 1...1_000_000,
    ]

    /// The store's time zone: days, months, quarters and years are counted in it.
    public var timeZone: String
    /// The gross margin on revenue, percent.
    public var grossMarginPercent: Int64
    /// What acquiring a customer costs by their source (minor units); the customer attribute
    /// `acquisitionCost` overrides it.
    public var acquisitionCosts: [String: Money]
    /// `negative_share` flags when the Wilson 95% lower bound of negatives ÷ reviews exceeds this.
    public var negativeShareThreshold: Double
    /// `negative_burst`: this many negatives on one topic …
    public var burstNegatives: Int64
    /// … within this many hours.
    public var burstHours: Int64
    /// `falling_check`: the average check down more than this percent (and significant).
    public var checkDropPercent: Int64
    /// `nps_drop`: NPS down by at least this many points …
    public var npsDropPoints: Int64
    /// … with at least this many answers in each window.
    public var minimumAnswers: Int64

    /// A policy with every field given; ``standard`` has the defaults.
    public init(
        timeZone: String, grossMarginPercent: Int64, acquisitionCosts: [String: Money], negativeShareThreshold: Double, burstNegatives: Int64,
        burstHours: Int64, checkDropPercent: Int64, npsDropPoints: Int64, minimumAnswers: Int64
    ) {
        self.timeZone = timeZone
        self.grossMarginPercent = grossMarginPercent
        self.acquisitionCosts = acquisitionCosts
        self.negativeShareThreshold = negativeShareThreshold
        self.burstNegatives = burstNegatives
        self.burstHours = burstHours
        self.checkDropPercent = checkDropPercent
        self.npsDropPoints = npsDropPoints
        self.minimumAnswers = minimumAnswers
    }

    /// The policy's fields, described for protocol.md and `rpc.discover`.
    public static let fieldDescriptions = [
        "timeZone": "The store's IANA time zone (default UTC); changing it needs metrics.rebuild, until which the old one counts.",
        "grossMarginPercent": "Gross margin on revenue, percent (default 30), for customers.value.",
        "acquisitionCosts": "Acquisition cost by customer source, minor units; the customer attribute acquisitionCost overrides it.",
        "negativeShareThreshold": "negative_share flags above this Wilson lower bound (default 0.2).",
        "burstNegatives": "negative_burst: this many negatives on one topic (default 3) …",
        "burstHours": "… within this many hours (default 48).",
        "checkDropPercent": "falling_check: the average check down more than this percent (default 10).",
        "npsDropPoints": "nps_drop: NPS down at least this many points (default 10) …",
        "minimumAnswers": "… with at least this many answers in each window (default 30).",
    ]
}

/// The time zone the kept aggregates were counted in (set by `metrics.rebuild`).
struct AggregatesZone: ModuleSetting {
    static let settingName = "aggregates"
    static let standard = AggregatesZone(timeZone: "UTC")
    var timeZone: String
}
