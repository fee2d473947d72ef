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
    /// The method's wire name.
    public static let name = "metrics.nps"
    /// The method's one-line summary for protocol.md and `rpc.discover`.
    public static let summary = "The NPS over a window, overall and per period, with the counts it is computed from."
    /// How the score, its interval and `tooFewResponses` are computed, for protocol.md.
    public static let discussion = """
        NPS = % promoters (9–10) − % detractors (0–6) over answered responses only (a skipped \
        question is not a response), rounded to 0.1 half away from zero; `null` when n is 0; the \
        95% interval is ±1.96·100·√((p + d − (p − d)²)/n); `tooFewResponses` below \
        feedback.configure's minimumResponses. `source`: nps (nps.submit), surveys (surveys' nps \
        questions) or all (default).
        """
    /// `not_found` for an unknown `segmentId`.
    public static let errors: [RapportError.Reason] = [.notFound]

    /// The params of `metrics.nps`: a window, optional periods, a segment and the answers' source.
    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// The window's start, inclusive, as a whole local day; nil for all history.
        public var from: Timestamp?
        /// The window's end, exclusive, as a whole local day; nil for all history.
        public var to: Timestamp?
        /// Also score each month, quarter or year of the window; nil for the total only.
        public var period: PeriodKind?
        /// Only answers of this segment's members as of now (`seg_…`); nil for every customer.
        public var segmentId: String?
        /// Which answers count; nil for ``Source/all``.
        public var source: Source?

        /// Which NPS answers count.
        public enum Source: String, Codable, Sendable, Hashable, CaseIterable, JSONSchemaEnum {
            /// `nps.submit` answers, surveys' NPS questions, or both.
            case nps, surveys, all
        }

        /// A MetricsNPS params value; every field defaults to nil (all history, total only, every customer, every source).
        public init(from: Timestamp? = nil, to: Timestamp? = nil, period: PeriodKind? = nil, segmentId: String? = nil, source: Source? = nil) {
            self.from = from
            self.to = to
            self.period = period
            self.segmentId = segmentId
            self.source = source
        }

        /// The params' fields, described for protocol.md and `rpc.discover`.
        public static let fieldDescriptions = windowDescriptions.merging([
            "period": "month, quarter or year: also per period.", "source": "nps, surveys or all (default).",
        ]) { $1 }
    }

    /// The NPS over the window, with the counts it is computed from and, with `period`, per period.
    public struct Result: Codable, Sendable, Hashable {
        /// % promoters − % detractors, −100 to 100, rounded to 0.1; nil without answers.
        public var score: Double?
        /// Answered responses counted: promoters + passives + detractors.
        public var n: Int64
        /// Answers of 9 or 10.
        public var promoters: Int64
        /// Answers of 7 or 8.
        public var passives: Int64
        /// Answers of 0 to 6.
        public var detractors: Int64
        /// The score's 95% interval; nil without answers.
        public var interval: NetPromoterScore.Interval?
        /// Whether `n` is below feedback.configure's `minimumResponses`.
        public var tooFewResponses: Bool
        /// One per period from the first answer's to the last's; empty without `period`.
        public var periods: [Period]

        /// The NPS of one month, quarter or year of the window.
        public struct Period: Codable, Sendable, Hashable {
            /// The period's name: `2024-01`, `2024Q1` or `2024`.
            public var period: String
            /// % promoters − % detractors in the period, −100 to 100, rounded to 0.1; nil without answers.
            public var score: Double?
            /// Answered responses counted in the period.
            public var n: Int64
            /// Answers of 9 or 10 in the period.
            public var promoters: Int64
            /// Answers of 7 or 8 in the period.
            public var passives: Int64
            /// Answers of 0 to 6 in the period.
            public var detractors: Int64
            /// The period's 95% interval; nil without answers.
            public var interval: NetPromoterScore.Interval?
            /// Whether the period's `n` is below feedback.configure's `minimumResponses`.
            public var tooFewResponses: Bool
        }
    }
}

/// `metrics.repeatRate`
public enum MetricsRepeatRate: RPCMethod {
    /// The method's wire name.
    public static let name = "metrics.repeatRate"
    /// The method's one-line summary for protocol.md and `rpc.discover`.
    public static let summary = "Customers with two or more orders ÷ customers with at least one, in the window."
    /// What counts as an order and a window, and what `byDay` changes, for protocol.md.
    public static let discussion = orderDefinition + " With `byDay`, a customer's orders on one calendar day count as one."
    /// `not_found` for an unknown `segmentId`.
    public static let errors: [RapportError.Reason] = [.notFound]

    /// The params of `metrics.repeatRate`: a window, a segment, and whether to count order days.
    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// The window's start, inclusive, as a whole local day; nil for all history.
        public var from: Timestamp?
        /// The window's end, exclusive, as a whole local day; nil for all history.
        public var to: Timestamp?
        /// Only this segment's members as of now (`seg_…`); nil for every customer.
        public var segmentId: String?
        /// Count a customer's orders on one local day as one; nil for false.
        public var byDay: Bool?

        /// A MetricsRepeatRate params value; every field defaults to nil (all history, every customer, every order).
        public init(from: Timestamp? = nil, to: Timestamp? = nil, segmentId: String? = nil, byDay: Bool? = nil) {
            self.from = from
            self.to = to
            self.segmentId = segmentId
            self.byDay = byDay
        }

        /// The params' fields, described for protocol.md and `rpc.discover`.
        public static let fieldDescriptions = windowDescriptions.merging(["byDay": "Count a customer's orders of one day as one."]) { $1 }
    }

    /// The repeat rate over the window and the counts it is computed from.
    public struct Result: Codable, Sendable, Hashable {
        /// repeaters ÷ customers; null without customers.
        public var rate: Double?
        /// Customers with two or more orders (order days, with `byDay`) in the window.
        public var repeaters: Int64
        /// Customers with at least one order in the window.
        public var customers: Int64
    }
}

/// `metrics.averageCheck`
public enum MetricsAverageCheck: RPCMethod {
    /// The method's wire name.
    public static let name = "metrics.averageCheck"
    /// The method's one-line summary for protocol.md and `rpc.discover`.
    public static let summary = "Revenue ÷ orders over the window and per period, with the change against the previous period."
    /// What counts as an order and revenue, and how `change` is computed, for protocol.md.
    public static let discussion =
        orderDefinition
        + " `change` is (this period's average − the previous period's) ÷ the previous period's; null for the first or when either has no orders."
    /// `not_found` for an unknown `segmentId`.
    public static let errors: [RapportError.Reason] = [.notFound]

    /// The params of `metrics.averageCheck`: a window, optional periods and a segment.
    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// The window's start, inclusive, as a whole local day; nil for all history.
        public var from: Timestamp?
        /// The window's end, exclusive, as a whole local day; nil for all history.
        public var to: Timestamp?
        /// Also average each month, quarter or year; nil for the total only.
        public var period: PeriodKind?
        /// Only this segment's members' orders as of now (`seg_…`); nil for every customer.
        public var segmentId: String?

        /// A MetricsAverageCheck params value; every field defaults to nil (all history, total only, every customer).
        public init(from: Timestamp? = nil, to: Timestamp? = nil, period: PeriodKind? = nil, segmentId: String? = nil) {
            self.from = from
            self.to = to
            self.period = period
            self.segmentId = segmentId
        }

        /// The params' fields, described for protocol.md and `rpc.discover`.
        public static let fieldDescriptions = windowDescriptions.merging(["period": "month, quarter or year: also per period."]) { $1 }
    }

    /// The average check over the window, its revenue and orders and, with `period`, per period.
    public struct Result: Codable, Sendable, Hashable {
        /// In minor units, full precision; null without orders.
        public var averageCheck: Double?
        /// Revenue in the window, net of refunds, in minor units.
        public var revenue: Int64
        /// Orders in the window.
        public var orders: Int64
        /// One per period from the first with orders to the last; empty without `period`.
        public var periods: [Period]

        /// The average check of one month, quarter or year.
        public struct Period: Codable, Sendable, Hashable {
            /// The period's name: `2024-01`, `2024Q1` or `2024`.
            public var period: String
            /// Revenue ÷ orders in the period, in minor units, full precision; nil without orders.
            public var averageCheck: Double?
            /// The period's revenue, net of refunds, in minor units.
            public var revenue: Int64
            /// The period's orders.
            public var orders: Int64
            /// (This average − the previous period's) ÷ the previous period's, a fraction; nil for the first or when either has none.
            public var change: Double?
        }
    }
}

/// `metrics.retention`
public enum MetricsRetention: RPCMethod {
    /// The method's wire name.
    public static let name = "metrics.retention"
    /// The method's one-line summary for protocol.md and `rpc.discover`.
    public static let summary = "Customer retention rate (CRR) and strict retention per period."
    /// How CRR and strict retention are computed, for protocol.md.
    public static let discussion =
        orderDefinition + """
             S = customers active in the previous period, E = active in this one, N = active in this \
            one whose first order ever is in it; `crr` = (E − N) ÷ S × 100; `strictRetention` = \
            |active in both| ÷ S × 100; both null when S is 0.
            """
    /// `not_found` for an unknown `segmentId`.
    public static let errors: [RapportError.Reason] = [.notFound]

    /// The params of `metrics.retention`: the kind of period, a window and a segment.
    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// Whether to compare months, quarters or years.
        public var period: PeriodKind
        /// The window's start, inclusive, as a whole local day; nil for all history.
        public var from: Timestamp?
        /// The window's end, exclusive, as a whole local day; nil for all history.
        public var to: Timestamp?
        /// Only this segment's members as of now (`seg_…`); nil for every customer.
        public var segmentId: String?

        /// A MetricsRetention params value over periods of `period`; the window and segment default to nil (all history, every customer).
        public init(period: PeriodKind, from: Timestamp? = nil, to: Timestamp? = nil, segmentId: String? = nil) {
            self.period = period
            self.from = from
            self.to = to
            self.segmentId = segmentId
        }

        /// The params' fields, described for protocol.md and `rpc.discover`.
        public static let fieldDescriptions = windowDescriptions.merging(["period": "month, quarter or year."]) { $1 }
    }

    /// Retention period by period.
    public struct Result: Codable, Sendable, Hashable {
        /// One per period of the window after the first with activity, oldest first.
        public var periods: [Period]

        /// The retention of one period against the one before it.
        public struct Period: Codable, Sendable, Hashable {
            /// The period's name: `2024-01`, `2024Q1` or `2024`.
            public var period: String
            /// The name of the period it is compared with.
            public var previousPeriod: String
            /// S: customers active in the previous period.
            public var startCustomers: Int64
            /// E: customers active in this period.
            public var endCustomers: Int64
            /// N: customers active in this period whose first order ever is in it.
            public var newCustomers: Int64
            /// Customers active in both periods.
            public var retainedCustomers: Int64
            /// Customer retention rate, (E − N) ÷ S × 100, a percentage; nil when S is 0.
            public var crr: Double?
            /// Customers active in both ÷ S × 100, a percentage; nil when S is 0.
            public var strictRetention: Double?
        }
    }
}

/// `metrics.cohorts`
public enum MetricsCohorts: RPCMethod {
    /// The method's wire name.
    public static let name = "metrics.cohorts"
    /// The method's one-line summary for protocol.md and `rpc.discover`.
    public static let summary = "Cohorts by the month or quarter of the first order, and how many stayed active period by period."
    /// How cohorts, `active` and `retention` are counted, for protocol.md.
    public static let discussion =
        orderDefinition + """
             A customer's cohort is the period of their first order; `active[i]` counts the cohort's \
            customers active i periods later (i = 0 is the cohort period), up to the last period \
            before `to` (default: the current period); `retention[i]` = active[i] ÷ size.
            """
    /// `not_found` for an unknown `segmentId`.
    public static let errors: [RapportError.Reason] = [.notFound]

    /// The params of `metrics.cohorts`: monthly or quarterly cohorts, a window and a segment.
    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// Whether cohorts and their offsets are months or quarters.
        public var period: CohortPeriod
        /// Only cohorts starting at or after this time; nil for every cohort.
        public var from: Timestamp?
        /// Cohorts and activity before this time; nil for up to the current period.
        public var to: Timestamp?
        /// Only this segment's members as of now (`seg_…`); nil for every customer.
        public var segmentId: String?

        /// The length of a cohort and of each step after it.
        public enum CohortPeriod: String, Codable, Sendable, Hashable, CaseIterable, JSONSchemaEnum {
            /// A calendar month or quarter in the store's time zone.
            case month, quarter
        }

        /// A MetricsCohorts params value of `period` cohorts; the window and segment default to nil (every cohort, up to now, every customer).
        public init(period: CohortPeriod, from: Timestamp? = nil, to: Timestamp? = nil, segmentId: String? = nil) {
            self.period = period
            self.from = from
            self.to = to
            self.segmentId = segmentId
        }

        /// The params' fields, described for protocol.md and `rpc.discover`.
        public static let fieldDescriptions = windowDescriptions.merging([
            "period": "month or quarter.", "from": "Cohorts starting at or after (default: all).", "to": "Cohorts and activity before.",
        ]) { $1 }
    }

    /// The cohorts, oldest first.
    public struct Result: Codable, Sendable, Hashable {
        /// Every cohort in the window with at least one customer, oldest first.
        public var cohorts: [Cohort]

        /// The customers whose first order is in one period, and how many of them stayed active.
        public struct Cohort: Codable, Sendable, Hashable {
            /// The cohort's period: `2024-01` or `2024Q1`.
            public var cohort: String
            /// Customers whose first order is in the cohort's period.
            public var size: Int64
            /// `active[i]`: the cohort's customers active `i` periods later (0 is the cohort's own period).
            public var active: [Int64]
            /// `retention[i]` = `active[i]` ÷ `size`, a fraction from 0 to 1.
            public var retention: [Double]
        }
    }
}

/// `metrics.churn`
public enum MetricsChurn: RPCMethod {
    /// The method's wire name.
    public static let name = "metrics.churn"
    /// The method's one-line summary for protocol.md and `rpc.discover`.
    public static let summary = "Customers whose last order is more than inactiveDays before `at` ÷ customers with at least one order."
    /// How days of inactivity are counted, for protocol.md.
    public static let discussion =
        orderDefinition
        + " Days are whole local days: a customer whose last order day is more than inactiveDays days before `at`'s day has churned; only orders up to the end of `at`'s day count."
    /// `not_found` for an unknown `segmentId`.
    public static let errors: [RapportError.Reason] = [.notFound]

    /// The params of `metrics.churn`: the inactivity that counts as churn, the moment and a segment.
    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// `inactiveDays` is 1 to 3650.
        public static let fieldRanges: [String: ClosedRange<Int64>] = ["inactiveDays": CountRange.positiveDays]
        /// Days without an order after which a customer has churned, 1 to 3650; nil for 90.
        public var inactiveDays: Int64?
        /// The moment churn is judged at; only orders up to its local day count; nil for now.
        public var at: Timestamp?
        /// Only this segment's members as of now (`seg_…`); nil for every customer.
        public var segmentId: String?

        /// A MetricsChurn params value; every field defaults to nil (90 days, now, every customer).
        public init(inactiveDays: Int64? = nil, at: Timestamp? = nil, segmentId: String? = nil) {
            self.inactiveDays = inactiveDays
            self.at = at
            self.segmentId = segmentId
        }

        /// The params' fields, described for protocol.md and `rpc.discover`.
        public static let fieldDescriptions = [
            "inactiveDays": "Days without an order after which a customer has churned (1–3650, default 90).",
            "at": "When; default now.", "segmentId": "Only the segment's members (as of now).",
        ]
    }

    /// The churn rate and the counts it is computed from.
    public struct Result: Codable, Sendable, Hashable {
        /// `churned` ÷ `customers`, a fraction from 0 to 1; nil without customers.
        public var rate: Double?
        /// Customers whose last order day is more than `inactiveDays` days before `at`'s day.
        public var churned: Int64
        /// Customers with at least one order up to `at`.
        public var customers: Int64
    }
}

/// `metrics.loyalty`
public enum MetricsLoyalty: RPCMethod {
    /// The method's wire name.
    public static let name = "metrics.loyalty"
    /// The method's one-line summary for protocol.md and `rpc.discover`.
    public static let summary = "Loyalty participation, outstanding points and their liability, points expiring soon, customers per tier."
    /// How participation, liability and expiring points are counted, for protocol.md.
    public static let discussion = """
        participants = active customers (an order in the window) with a ledger entry other than \
        an expiry in the window; participation = participants ÷ activeCustomers. \
        outstandingPoints = every account's balance now; liability = outstandingPoints × the point \
        value (minor units); expiringNext30Days = points of lots expiring in (at, at + 30 days]. \
        Customers without an account are in the base tier.
        """

    /// The params of `metrics.loyalty`: the participation window and the moment expiry is counted from.
    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// The participation window's start, inclusive, as a whole local day; nil for all history.
        public var from: Timestamp?
        /// The participation window's end, exclusive, as a whole local day; nil for all history.
        public var to: Timestamp?
        /// Points expiring in the 30 days after this moment are counted; nil for now.
        public var at: Timestamp?

        /// A MetricsLoyalty params value; every field defaults to nil (all history, now).
        public init(from: Timestamp? = nil, to: Timestamp? = nil, at: Timestamp? = nil) {
            self.from = from
            self.to = to
            self.at = at
        }

        /// The params' fields, described for protocol.md and `rpc.discover`.
        public static let fieldDescriptions = windowDescriptions.merging(["at": "When points expire from; default now."]) { $1 }
    }

    /// The loyalty programme's health: participation, outstanding points, their liability, expiring points and tiers.
    public struct Result: Codable, Sendable, Hashable {
        /// `participants` ÷ `activeCustomers`, a fraction from 0 to 1; nil without active customers.
        public var participation: Double?
        /// Active customers with a ledger entry other than an expiry in the window.
        public var participants: Int64
        /// Customers with an order in the window.
        public var activeCustomers: Int64
        /// Points on every account's balance now, whatever the window.
        public var outstandingPoints: Int64
        /// `outstandingPoints` × the point value, in minor units.
        public var liability: Int64
        /// Points of lots expiring in (`at`, `at` + 30 days].
        public var expiringNext30Days: Int64
        /// Living customers per tier, base tier first; customers without an account are in the base tier.
        public var tiers: [TierCount]

        /// How many customers one tier holds.
        public struct TierCount: Codable, Sendable, Hashable {
            /// The tier's name.
            public var tier: String
            /// Living (not erased, not merged) customers in the tier.
            public var customers: Int64
        }
    }
}

/// `metrics.rebuild`
public enum MetricsRebuild: RPCMethod {
    /// The method's wire name.
    public static let name = "metrics.rebuild"
    /// The method's one-line summary for protocol.md and `rpc.discover`.
    public static let summary = "Recounts every kept aggregate from the orders and the ledger, in the configured time zone."
    /// When a rebuild is needed and how it runs, for protocol.md.
    public static let discussion = """
        The aggregates are kept in step with every order, refund, merge and ledger entry; a \
        rebuild is needed after a change of timeZone (until then metrics count in the old one) \
        or to check them. It runs in short steps beside other requests.
        """
    /// A mutation: it accepts `idempotencyKey` and `dryRun`, is refused when read-only and is audited.
    public static let isMutating = true
    /// Takes no params.
    public typealias Params = NoParams

    /// What the rebuild counted and the time zone it counted in.
    public struct Result: Codable, Sendable, Hashable {
        /// Customers counted.
        public var customers: Int64
        /// The time zone the aggregates are now counted in.
        public var timeZone: String
    }
}

/// `metrics.configure`
public enum MetricsConfigure: RPCMethod {
    /// The method's wire name.
    public static let name = "metrics.configure"
    /// The method's one-line summary for protocol.md and `rpc.discover`.
    public static let summary = "Sets the store's time zone, the gross margin, acquisition costs and the red-flag thresholds."
    /// That absent fields keep their value and a new time zone waits for `metrics.rebuild`, for protocol.md.
    public static let discussion = "Absent fields keep their value. A new timeZone applies once metrics.rebuild has run (the answer says so)."
    /// A mutation: it accepts `idempotencyKey` and `dryRun`, is refused when read-only and is audited.
    public static let isMutating = true

    /// The params of `metrics.configure`; a field left nil keeps its value.
    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// The integer fields' ranges, the same as ``MetricsPolicy/fieldRanges``.
        public static let fieldRanges = MetricsPolicy.fieldRanges
        /// The store's IANA time zone; applies to the aggregates once `metrics.rebuild` has run.
        public var timeZone: String?
        /// The gross margin on revenue, percent, 0 to 100.
        public var grossMarginPercent: Int64?
        /// Acquisition cost by customer source, in minor units (0 to 10^13); replaces the whole map.
        public var acquisitionCosts: [String: Money]?
        /// `negative_share` flags above this Wilson lower bound, 0 to 1.
        public var negativeShareThreshold: Double?
        /// `negative_burst`: this many negatives on one topic (2 to 1000) …
        public var burstNegatives: Int64?
        /// … within this many hours (1 to 720).
        public var burstHours: Int64?
        /// `falling_check`: the average check down more than this percent, 1 to 100.
        public var checkDropPercent: Int64?
        /// `nps_drop`: NPS down by at least this many points (1 to 200) …
        public var npsDropPoints: Int64?
        /// … with at least this many answers in each window (1 to 1,000,000).
        public var minimumAnswers: Int64?

        /// A MetricsConfigure params value of the time zone, margin and acquisition costs; the thresholds start nil (unchanged).
        public init(timeZone: String? = nil, grossMarginPercent: Int64? = nil, acquisitionCosts: [String: Money]? = nil) {
            self.timeZone = timeZone
            self.grossMarginPercent = grossMarginPercent
            self.acquisitionCosts = acquisitionCosts
        }

        /// The params' fields, the same as ``MetricsPolicy/fieldDescriptions``.
        public static let fieldDescriptions = MetricsPolicy.fieldDescriptions
    }

    /// The metrics policy in force and whether the aggregates still count in another time zone.
    public struct Result: Codable, Sendable, Hashable {
        /// The policy in force, after the change.
        public var policy: MetricsPolicy
        /// The time zone the kept aggregates are counted in now.
        public var aggregatesTimeZone: String
        /// Whether metrics.rebuild must run for the configured time zone to apply.
        public var rebuildNeeded: Bool
    }
}

/// `metrics.settings`
public enum MetricsSettings: RPCMethod {
    /// The method's wire name.
    public static let name = "metrics.settings"
    /// The method's one-line summary for protocol.md and `rpc.discover`.
    public static let summary = "The metrics rules in force and the time zone the aggregates are counted in."
    /// Takes no params.
    public typealias Params = NoParams
    /// Answers as `metrics.configure` does: the policy and the aggregates' time zone.
    public typealias Result = MetricsConfigure.Result
}
