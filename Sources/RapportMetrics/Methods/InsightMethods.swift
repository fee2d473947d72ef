public import RapportCore
public import RapportJSON
public import RapportRPC
import RapportStorage

/// `metrics.redFlags`
public enum MetricsRedFlags: RPCMethod {
    public static let name = "metrics.redFlags"
    public static let summary = "Early warnings over the last windowDays: negative reviews, bursts, silence, a falling check, an NPS drop."
    public static let discussion = """
        Each flag carries the numbers that raised it (`evidence`) and the thresholds it was judged \
        by (`metrics.configure`). `negative_share`: the Wilson 95% lower bound of negative reviews \
        ÷ reviews in the window exceeds negativeShareThreshold (8 of 20 → [0.2188, 0.6134] flags, \
        8 of 2,000 → [0.0020, 0.0079] does not). `negative_burst`: at least burstNegatives \
        negative reviews on one topic within burstHours. `silence`: no review and no NPS answer \
        in the window while orders continue. `falling_check`: the average check down more than \
        checkDropPercent against the previous window, and significant (Welch's t-test, two-sided \
        p < 0.05, at least 30 orders in each). `nps_drop`: NPS down at least npsDropPoints \
        against the previous window with at least minimumAnswers answers in each.
        """

    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        public static let fieldRanges: [String: ClosedRange<Int64>] = ["windowDays": CountRange.positiveDays]
        public var at: Timestamp?
        public var windowDays: Int64?

        public init(at: Timestamp? = nil, windowDays: Int64? = nil) {
            self.at = at
            self.windowDays = windowDays
        }

        public static let fieldDescriptions = [
            "at": "The window ends here; default now.", "windowDays": "The window's length in days (1–3650, default 30).",
        ]
    }

    public struct Result: Codable, Sendable, Hashable {
        public var flags: [Flag]
        public var from: Timestamp
        public var to: Timestamp

        public struct Flag: Codable, Sendable, Hashable {
            /// negative_share, negative_burst, silence, falling_check or nps_drop.
            public var kind: String
            /// warning or critical.
            public var severity: String
            public var message: String
            public var evidence: JSONObject
            public var thresholds: JSONObject
        }
    }
}

/// The metrics a KPI target can be set for.
public enum KPIMetric: String, Codable, Sendable, Hashable, CaseIterable, JSONSchemaEnum {
    case repeatRate = "repeat_rate"
    case nps
    case loyaltyParticipation = "loyalty_participation"
    case averageCheck = "average_check"
    case crr
    case churn
    case complaints
    case medianResponseTime = "median_response_time"

    /// What the values are in.
    var unit: String {
        switch self {
        case .repeatRate, .loyaltyParticipation, .crr, .churn: "percent"
        case .nps: "points"
        case .averageCheck: "minor_units"
        case .complaints: "count"
        case .medianResponseTime: "seconds"
        }
    }

    /// Whether a higher value is better.
    var higherIsBetter: Bool {
        switch self {
        case .repeatRate, .nps, .loyaltyParticipation, .averageCheck, .crr: true
        case .churn, .complaints, .medianResponseTime: false
        }
    }
}

/// A KPI's target.
public struct KPITarget: Codable, Sendable, Hashable {
    public var metric: KPIMetric
    public var target: Double
    public var unit: String
    public var higherIsBetter: Bool
    public var updatedAt: Timestamp
}

/// `kpis.set`
public enum KPIsSet: RPCMethod {
    public static let name = "kpis.set"
    public static let summary = "Sets the target of a KPI (percent for rates, points for NPS, minor units for the check, seconds for response time)."
    public static let isMutating = true

    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        public var metric: KPIMetric
        public var target: Double

        public init(metric: KPIMetric, target: Double) {
            self.metric = metric
            self.target = target
        }

        public static let fieldDescriptions = [
            "metric": "repeat_rate, nps, loyalty_participation, average_check, crr, churn, complaints or median_response_time.",
            "target": "The target in the metric's unit (60 for a 60% repeat rate); a finite number no larger than 1e13 either way.",
        ]
    }

    public typealias Result = KPITarget
    public static func auditTarget(params: Params, result: KPITarget) -> String? { params.metric.rawValue }
}

/// `kpis.list`
public enum KPIsList: RPCMethod {
    public static let name = "kpis.list"
    public static let summary = "Every KPI target set."
    public typealias Params = NoParams

    public struct Result: Codable, Sendable, Hashable {
        public var items: [KPITarget]
    }
}

/// `kpis.remove`
public enum KPIsRemove: RPCMethod {
    public static let name = "kpis.remove"
    public static let summary = "Removes a KPI's target (the dashboard still shows the metric)."
    public static let isMutating = true
    public static let errors: [RapportError.Reason] = [.notFound]

    public struct Params: Codable, Sendable, Hashable {
        public var metric: KPIMetric

        public init(metric: KPIMetric) { self.metric = metric }
    }

    public struct Result: Codable, Sendable, Hashable {
        public var metric: KPIMetric
        public var removed: Bool
    }

    public static func auditTarget(params: Params, result: Result) -> String? { params.metric.rawValue }
}

/// `metrics.dashboard`
public enum MetricsDashboard: RPCMethod {
    public static let name = "metrics.dashboard"
    public static let summary =
        "The KPI table: each metric's target, its value this period and the previous one, the change and whether it is on track."
    public static let discussion = """
        The current period is the month or quarter containing `at` (up to `at`), the previous one \
        the whole period before. Rates are percent, `change` is current − previous in the \
        metric's unit (percentage points for rates), `onTrack` compares current with the target \
        in the metric's direction (lower is better for churn, complaints and response time); \
        null without a target or a value. Churn is judged at the end of each period with 90 days.
        """

    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        public var period: MetricsCohorts.Params.CohortPeriod?
        public var at: Timestamp?

        public init(period: MetricsCohorts.Params.CohortPeriod? = nil, at: Timestamp? = nil) {
            self.period = period
            self.at = at
        }

        public static let fieldDescriptions = ["period": "month (default) or quarter.", "at": "Default now."]
    }

    public struct Result: Codable, Sendable, Hashable {
        public var period: String
        public var previousPeriod: String
        public var rows: [Row]

        public struct Row: Codable, Sendable, Hashable {
            public var metric: KPIMetric
            public var unit: String
            public var target: Double?
            public var current: Double?
            public var previous: Double?
            public var change: Double?
            public var onTrack: Bool?
        }
    }
}
