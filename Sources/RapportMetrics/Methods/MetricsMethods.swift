public import RapportCore
public import RapportFeedback
public import RapportJSON
public import RapportRPC
import RapportStorage

/// What every metric's window is: `from` inclusive, `to` exclusive, whole local days.
private let windowDescriptions = [
    "from": "The window's start, inclusive (default: all history); windows are whole days in the store's time zone.",
    "to": "The window's end, exclusive (default: all history).",
    "segmentId": "Only the segment's members (as of now).",
]

private let orderDefinition = """
    **Order**: every recorded order, zero amounts included; a refund reduces revenue, not the \
    order count; a merged duplicate's orders belong to the customer merged into; an erased \
    customer's orders still count. Revenue = amounts − refunds. A customer is *active* in a \
    period if they have at least one order in it. Windows (`from` inclusive, `to` exclusive) and \
    periods (months `2024-01`, quarters `2024Q1`, years `2024`) are whole days in the store's time \
    zone (`metrics.configure`, default UTC).
    """

/// `metrics.nps`
public enum MetricsNPS: RPCMethod {
    public static let name = "metrics.nps"
    public static let summary = "The NPS over a window, overall and per period, with the counts it is computed from."
    public static let discussion = """
        NPS = % promoters (9–10) − % detractors (0–6) over answered responses only (a skipped \
        question is not a response), rounded to 0.1 half away from zero; `null` when n is 0; the \
        95% interval is ±1.96·100·√((p + d − (p − d)²)/n); `tooFewResponses` below \
        feedback.configure's minimumResponses. `source`: nps (nps.submit), surveys (surveys' nps \
        questions) or all (default).
        """
    public static let errors: [RapportError.Reason] = [.notFound]

    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        public var from: Timestamp?
        public var to: Timestamp?
        public var period: PeriodKind?
        public var segmentId: String?
        public var source: Source?

        public enum Source: String, Codable, Sendable, Hashable, CaseIterable, JSONSchemaEnum {
            case nps, surveys, all
        }

        public init(from: Timestamp? = nil, to: Timestamp? = nil, period: PeriodKind? = nil, segmentId: String? = nil, source: Source? = nil) {
            self.from = from
            self.to = to
            self.period = period
            self.segmentId = segmentId
            self.source = source
        }

        public static let fieldDescriptions = windowDescriptions.merging([
            "period": "month, quarter or year: also per period.", "source": "nps, surveys or all (default).",
        ]) { $1 }
    }

    public struct Result: Codable, Sendable, Hashable {
        public var score: Double?
        public var n: Int64
        public var promoters: Int64
        public var passives: Int64
        public var detractors: Int64
        public var interval: NetPromoterScore.Interval?
        public var tooFewResponses: Bool
        public var periods: [Period]

        public struct Period: Codable, Sendable, Hashable {
            public var period: String
            public var score: Double?
            public var n: Int64
            public var promoters: Int64
            public var passives: Int64
            public var detractors: Int64
            public var interval: NetPromoterScore.Interval?
            public var tooFewResponses: Bool
        }
    }
}

/// `metrics.repeatRate`
public enum MetricsRepeatRate: RPCMethod {
    public static let name = "metrics.repeatRate"
    public static let summary = "Customers with two or more orders ÷ customers with at least one, in the window."
    public static let discussion = orderDefinition + " With `byDay`, a customer's orders on one calendar day count as one."
    public static let errors: [RapportError.Reason] = [.notFound]

    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        public var from: Timestamp?
        public var to: Timestamp?
        public var segmentId: String?
        public var byDay: Bool?

        public init(from: Timestamp? = nil, to: Timestamp? = nil, segmentId: String? = nil, byDay: Bool? = nil) {
            self.from = from
            self.to = to
            self.segmentId = segmentId
            self.byDay = byDay
        }

        public static let fieldDescriptions = windowDescriptions.merging(["byDay": "Count a customer's orders of one day as one."]) { $1 }
    }

    public struct Result: Codable, Sendable, Hashable {
        /// repeaters ÷ customers; null without customers.
        public var rate: Double?
        public var repeaters: Int64
        public var customers: Int64
    }
}

/// `metrics.averageCheck`
public enum MetricsAverageCheck: RPCMethod {
    public static let name = "metrics.averageCheck"
    public static let summary = "Revenue ÷ orders over the window and per period, with the change against the previous period."
    public static let discussion =
        orderDefinition
        + " `change` is (this period's average − the previous period's) ÷ the previous period's; null for the first or when either has no orders."
    public static let errors: [RapportError.Reason] = [.notFound]

    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        public var from: Timestamp?
        public var to: Timestamp?
        public var period: PeriodKind?
        public var segmentId: String?

        public init(from: Timestamp? = nil, to: Timestamp? = nil, period: PeriodKind? = nil, segmentId: String? = nil) {
            self.from = from
            self.to = to
            self.period = period
            self.segmentId = segmentId
        }

        public static let fieldDescriptions = windowDescriptions.merging(["period": "month, quarter or year: also per period."]) { $1 }
    }

    public struct Result: Codable, Sendable, Hashable {
        /// In minor units, full precision; null without orders.
        public var averageCheck: Double?
        public var revenue: Int64
        public var orders: Int64
        public var periods: [Period]

        public struct Period: Codable, Sendable, Hashable {
            public var period: String
            public var averageCheck: Double?
            public var revenue: Int64
            public var orders: Int64
            public var change: Double?
        }
    }
}

/// `metrics.retention`
public enum MetricsRetention: RPCMethod {
    public static let name = "metrics.retention"
    public static let summary = "Customer retention rate (CRR) and strict retention per period."
    public static let discussion =
        orderDefinition + """
             S = customers active in the previous period, E = active in this one, N = active in this \
            one whose first order ever is in it; `crr` = (E − N) ÷ S × 100; `strictRetention` = \
            |active in both| ÷ S × 100; both null when S is 0.
            """
    public static let errors: [RapportError.Reason] = [.notFound]

    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        public var period: PeriodKind
        public var from: Timestamp?
        public var to: Timestamp?
        public var segmentId: String?

        public init(period: PeriodKind, from: Timestamp? = nil, to: Timestamp? = nil, segmentId: String? = nil) {
            self.period = period
            self.from = from
            self.to = to
            self.segmentId = segmentId
        }

        public static let fieldDescriptions = windowDescriptions.merging(["period": "month, quarter or year."]) { $1 }
    }

    public struct Result: Codable, Sendable, Hashable {
        public var periods: [Period]

        public struct Period: Codable, Sendable, Hashable {
            public var period: String
            public var previousPeriod: String
            public var startCustomers: Int64
            public var endCustomers: Int64
            public var newCustomers: Int64
            public var retainedCustomers: Int64
            public var crr: Double?
            public var strictRetention: Double?
        }
    }
}

/// `metrics.cohorts`
public enum MetricsCohorts: RPCMethod {
    public static let name = "metrics.cohorts"
    public static let summary = "Cohorts by the month or quarter of the first order, and how many stayed active period by period."
    public static let discussion =
        orderDefinition + """
             A customer's cohort is the period of their first order; `active[i]` counts the cohort's \
            customers active i periods later (i = 0 is the cohort period), up to the last period \
            before `to` (default: the current period); `retention[i]` = active[i] ÷ size.
            """
    public static let errors: [RapportError.Reason] = [.notFound]

    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        public var period: CohortPeriod
        public var from: Timestamp?
        public var to: Timestamp?
        public var segmentId: String?

        public enum CohortPeriod: String, Codable, Sendable, Hashable, CaseIterable, JSONSchemaEnum {
            case month, quarter
        }

        public init(period: CohortPeriod, from: Timestamp? = nil, to: Timestamp? = nil, segmentId: String? = nil) {
            self.period = period
            self.from = from
            self.to = to
            self.segmentId = segmentId
        }

        public static let fieldDescriptions = windowDescriptions.merging([
            "period": "month or quarter.", "from": "Cohorts starting at or after (default: all).", "to": "Cohorts and activity before.",
        ]) { $1 }
    }

    public struct Result: Codable, Sendable, Hashable {
        public var cohorts: [Cohort]

        public struct Cohort: Codable, Sendable, Hashable {
            public var cohort: String
            public var size: Int64
            public var active: [Int64]
            public var retention: [Double]
        }
    }
}

/// `metrics.churn`
public enum MetricsChurn: RPCMethod {
    public static let name = "metrics.churn"
    public static let summary = "Customers whose last order is more than inactiveDays before `at` ÷ customers with at least one order."
    public static let discussion =
        orderDefinition
        + " Days are whole local days: a customer whose last order day is more than inactiveDays days before `at`'s day has churned; only orders up to `at` count."
    public static let errors: [RapportError.Reason] = [.notFound]

    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        public static let fieldRanges: [String: ClosedRange<Int64>] = ["inactiveDays": CountRange.positiveDays]
        public var inactiveDays: Int64?
        public var at: Timestamp?
        public var segmentId: String?

        public init(inactiveDays: Int64? = nil, at: Timestamp? = nil, segmentId: String? = nil) {
            self.inactiveDays = inactiveDays
            self.at = at
            self.segmentId = segmentId
        }

        public static let fieldDescriptions = [
            "inactiveDays": "Days without an order after which a customer has churned (1–3650, default 90).",
            "at": "When; default now.", "segmentId": "Only the segment's members (as of now).",
        ]
    }

    public struct Result: Codable, Sendable, Hashable {
        public var rate: Double?
        public var churned: Int64
        public var customers: Int64
    }
}

/// `metrics.loyalty`
public enum MetricsLoyalty: RPCMethod {
    public static let name = "metrics.loyalty"
    public static let summary = "Loyalty participation, outstanding points and their liability, points expiring soon, customers per tier."
    public static let discussion = """
        participants = active customers (an order in the window) with a ledger entry other than \
        an expiry in the window; participation = participants ÷ activeCustomers. \
        outstandingPoints = every account's balance now; liability = outstandingPoints × the point \
        value (minor units); expiringNext30Days = points of lots expiring in (at, at + 30 days]. \
        Customers without an account are in the base tier.
        """

    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        public var from: Timestamp?
        public var to: Timestamp?
        public var at: Timestamp?

        public init(from: Timestamp? = nil, to: Timestamp? = nil, at: Timestamp? = nil) {
            self.from = from
            self.to = to
            self.at = at
        }

        public static let fieldDescriptions = windowDescriptions.merging(["at": "When points expire from; default now."]) { $1 }
    }

    public struct Result: Codable, Sendable, Hashable {
        public var participation: Double?
        public var participants: Int64
        public var activeCustomers: Int64
        public var outstandingPoints: Int64
        public var liability: Int64
        public var expiringNext30Days: Int64
        public var tiers: [TierCount]

        public struct TierCount: Codable, Sendable, Hashable {
            public var tier: String
            public var customers: Int64
        }
    }
}

/// `metrics.rebuild`
public enum MetricsRebuild: RPCMethod {
    public static let name = "metrics.rebuild"
    public static let summary = "Recounts every kept aggregate from the orders and the ledger, in the configured time zone."
    public static let discussion = """
        The aggregates are kept in step with every order, refund, merge and ledger entry; a \
        rebuild is needed after a change of timeZone (until then metrics count in the old one) \
        or to check them. It runs in short steps beside other requests.
        """
    public static let isMutating = true
    public typealias Params = NoParams

    public struct Result: Codable, Sendable, Hashable {
        public var customers: Int64
        public var timeZone: String
    }
}

/// `metrics.configure`
public enum MetricsConfigure: RPCMethod {
    public static let name = "metrics.configure"
    public static let summary = "Sets the store's time zone, the gross margin, acquisition costs and the red-flag thresholds."
    public static let discussion = "Absent fields keep their value. A new timeZone applies once metrics.rebuild has run (the answer says so)."
    public static let isMutating = true

    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        public static let fieldRanges = MetricsPolicy.fieldRanges
        public var timeZone: String?
        public var grossMarginPercent: Int64?
        public var acquisitionCosts: [String: Money]?
        public var negativeShareThreshold: Double?
        public var burstNegatives: Int64?
        public var burstHours: Int64?
        public var checkDropPercent: Int64?
        public var npsDropPoints: Int64?
        public var minimumAnswers: Int64?

        public init(timeZone: String? = nil, grossMarginPercent: Int64? = nil, acquisitionCosts: [String: Money]? = nil) {
            self.timeZone = timeZone
            self.grossMarginPercent = grossMarginPercent
            self.acquisitionCosts = acquisitionCosts
        }

        public static let fieldDescriptions = MetricsPolicy.fieldDescriptions
    }

    public struct Result: Codable, Sendable, Hashable {
        public var policy: MetricsPolicy
        /// The time zone the kept aggregates are counted in now.
        public var aggregatesTimeZone: String
        /// Whether metrics.rebuild must run for the configured time zone to apply.
        public var rebuildNeeded: Bool
    }
}

/// `metrics.settings`
public enum MetricsSettings: RPCMethod {
    public static let name = "metrics.settings"
    public static let summary = "The metrics rules in force and the time zone the aggregates are counted in."
    public typealias Params = NoParams
    public typealias Result = MetricsConfigure.Result
}
