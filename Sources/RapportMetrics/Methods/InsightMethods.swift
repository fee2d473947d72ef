public import RapportCore
public import RapportJSON
public import RapportRPC
import RapportStorage

/// `metrics.redFlags`
public enum MetricsRedFlags: RPCMethod {
    /// The method's wire name.
    public static let name = "metrics.redFlags"
    /// The method's one-line summary for protocol.md and `rpc.discover`.
    public static let summary = "Early warnings over the last windowDays: negative reviews, bursts, silence, a falling check, an NPS drop."
    /// When each flag is raised and by which thresholds, for protocol.md.
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

    /// The params of `metrics.redFlags`: the window's end and length.
    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// `windowDays` is 1 to 3650.
        public static let fieldRanges: [String: ClosedRange<Int64>] = ["windowDays": CountRange.positiveDays]
        /// The window's end, exclusive; nil for now.
        public var at: Timestamp?
        /// The window's length in days, 1 to 3650; nil for 30. The previous window, for comparisons, is as long.
        public var windowDays: Int64?

        /// A MetricsRedFlags params value; both fields default to nil (the 30 days before now).
        public init(at: Timestamp? = nil, windowDays: Int64? = nil) {
            self.at = at
            self.windowDays = windowDays
        }

        /// The params' fields, described for protocol.md and `rpc.discover`.
        public static let fieldDescriptions = [
            "at": "The window ends here; default now.", "windowDays": "The window's length in days (1–3650, default 30).",
        ]
    }

    /// The flags raised over the window, and the window.
    public struct Result: Codable, Sendable, Hashable {
        /// Every flag raised; empty when all is well.
        public var flags: [Flag]
        /// The window's start, inclusive: `to` − windowDays.
        public var from: Timestamp
        /// The window's end, exclusive: `at`.
        public var to: Timestamp

        /// One early warning, with the numbers that raised it and the thresholds it was judged by.
        public struct Flag: Codable, Sendable, Hashable {
            /// negative_share, negative_burst, silence, falling_check or nps_drop.
            public var kind: String
            /// warning or critical.
            public var severity: String
            /// A sentence saying what was seen, for people.
            public var message: String
            /// The numbers that raised the flag (counts, means, the interval or test), by name.
            public var evidence: JSONObject
            /// The thresholds it was judged by, from `metrics.configure`, by name.
            public var thresholds: JSONObject
        }
    }
}

/// The metrics a KPI target can be set for.
public enum KPIMetric: String, Codable, Sendable, Hashable, CaseIterable, JSONSchemaEnum {
    /// `repeat_rate`: `metrics.repeatRate`'s rate, in percent.
    case repeatRate = "repeat_rate"
    /// `nps`: the NPS of every source, in points.
    case nps
    /// `loyalty_participation`: active customers taking part in loyalty, in percent.
    case loyaltyParticipation = "loyalty_participation"
    /// `average_check`: the average check, in minor units.
    case averageCheck = "average_check"
    /// `crr`: the customer retention rate, in percent.
    case crr
    /// `churn`: customers without an order for 90 days, in percent.
    case churn
    /// `complaints`: complaints opened, a count.
    case complaints
    /// `median_response_time`: the median time to answer feedback that needs a person, in seconds.
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
    /// The KPI.
    public var metric: KPIMetric
    /// The target, in `unit`.
    public var target: Double
    /// The metric's unit: `percent`, `points`, `minor_units`, `count` or `seconds`.
    public var unit: String
    /// Whether a value above the target is on track (false for churn, complaints and response time).
    public var higherIsBetter: Bool
    /// When the target was last set.
    public var updatedAt: Timestamp
}

/// `kpis.set`
public enum KPIsSet: RPCMethod {
    /// The method's wire name.
    public static let name = "kpis.set"
    /// The method's one-line summary for protocol.md and `rpc.discover`.
    public static let summary = "Sets the target of a KPI (percent for rates, points for NPS, minor units for the check, seconds for response time)."
    /// A mutation: it accepts `idempotencyKey` and `dryRun`, is refused when read-only and is audited.
    public static let isMutating = true

    /// The params of `kpis.set`: a metric and its new target.
    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// The KPI to set the target of.
        public var metric: KPIMetric
        /// The target in the metric's unit (60 for a 60% repeat rate); finite, at most 10^13 either way.
        public var target: Double

        /// A KPIsSet params value setting `metric`'s target to `target`.
        public init(metric: KPIMetric, target: Double) {
            self.metric = metric
            self.target = target
        }

        /// The params' fields, described for protocol.md and `rpc.discover`.
        public static let fieldDescriptions = [
            "metric": "repeat_rate, nps, loyalty_participation, average_check, crr, churn, complaints or median_response_time.",
            "target": "The target in the metric's unit (60 for a 60% repeat rate); a finite number no larger than 1e13 either way.",
        ]
    }

    /// Answers the target as stored.
    public typealias Result = KPITarget
    /// Audits the change under the metric's wire name (`repeat_rate`).
    public static func auditTarget(params: Params, result: KPITarget) -> String? { params.metric.rawValue }
}

/// `kpis.list`
public enum KPIsList: RPCMethod {
    /// The method's wire name.
    public static let name = "kpis.list"
    /// The method's one-line summary for protocol.md and `rpc.discover`.
    public static let summary = "Every KPI target set."
    /// Takes no params.
    public typealias Params = NoParams

    /// Every KPI target set.
    public struct Result: Codable, Sendable, Hashable {
        /// The targets, by metric name.
        public var items: [KPITarget]
    }
}

/// `kpis.remove`
public enum KPIsRemove: RPCMethod {
    /// The method's wire name.
    public static let name = "kpis.remove"
    /// The method's one-line summary for protocol.md and `rpc.discover`.
    public static let summary = "Removes a KPI's target (the dashboard still shows the metric)."
    /// A mutation: it accepts `idempotencyKey` and `dryRun`, is refused when read-only and is audited.
    public static let isMutating = true
    /// Declares `not_found`, though a metric without a target answers `removed: false` instead.
    public static let errors: [RapportError.Reason] = [.notFound]

    /// The params of `kpis.remove`: the metric whose target goes.
    public struct Params: Codable, Sendable, Hashable {
        /// The KPI whose target to remove.
        public var metric: KPIMetric

        /// A KPIsRemove params value removing `metric`'s target.
        public init(metric: KPIMetric) { self.metric = metric }
    }

    /// Which KPI, and whether it had a target to remove.
    public struct Result: Codable, Sendable, Hashable {
        /// The KPI named.
        public var metric: KPIMetric
        /// Whether a target was removed; false if none was set.
        public var removed: Bool
    }

    /// Audits the change under the metric's wire name (`repeat_rate`).
    public static func auditTarget(params: Params, result: Result) -> String? { params.metric.rawValue }
}

/// `metrics.dashboard`
public enum MetricsDashboard: RPCMethod {
    /// The method's wire name.
    public static let name = "metrics.dashboard"
    /// The method's one-line summary for protocol.md and `rpc.discover`.
    public static let summary =
        "The KPI table: each metric's target, its value this period and the previous one, the change and whether it is on track."
    /// How periods, `change` and `onTrack` are computed, for protocol.md.
    public static let discussion = """
        The current period is the month or quarter containing `at` (up to `at`), the previous one \
        the whole period before. Rates are percent, `change` is current − previous in the \
        metric's unit (percentage points for rates), `onTrack` compares current with the target \
        in the metric's direction (lower is better for churn, complaints and response time); \
        null without a target or a value. Churn is judged at the end of each period with 90 days.
        """

    /// The params of `metrics.dashboard`: monthly or quarterly periods, and the moment.
    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// Compare months or quarters; nil for months.
        public var period: MetricsCohorts.Params.CohortPeriod?
        /// The current period is the one containing this moment, counted up to it; nil for now.
        public var at: Timestamp?

        /// A MetricsDashboard params value; both fields default to nil (this month, now).
        public init(period: MetricsCohorts.Params.CohortPeriod? = nil, at: Timestamp? = nil) {
            self.period = period
            self.at = at
        }

        /// The params' fields, described for protocol.md and `rpc.discover`.
        public static let fieldDescriptions = ["period": "month (default) or quarter.", "at": "Default now."]
    }

    /// The KPI table of the current period against the previous one.
    public struct Result: Codable, Sendable, Hashable {
        /// The current period's name: `2024-01` or `2024Q1`.
        public var period: String
        /// The previous period's name.
        public var previousPeriod: String
        /// One row per KPI metric, whether or not it has a target.
        public var rows: [Row]

        /// One KPI in the current and previous periods.
        public struct Row: Codable, Sendable, Hashable {
            /// The KPI.
            public var metric: KPIMetric
            /// The metric's unit: `percent`, `points`, `minor_units`, `count` or `seconds`.
            public var unit: String
            /// The target set with `kpis.set`; nil without one.
            public var target: Double?
            /// The value in the current period up to `at`; nil when there is none (no orders, no answers…).
            public var current: Double?
            /// The value in the whole previous period; nil when there is none.
            public var previous: Double?
            /// `current` − `previous` in the metric's unit (percentage points for rates); nil without both.
            public var change: Double?
            /// Whether `current` meets the target in the metric's direction; nil without a target or a value.
            public var onTrack: Bool?
        }
    }
}
