public import RapportCore
public import RapportJSON
public import RapportRPC
import RapportStorage

/// A stored fit of BG/NBD and Gamma-Gamma.
public struct CLVFit: Codable, Sendable, Hashable, JSONSchemaDocumented {
    /// The end of the observed history; orders after it are ignored.
    public var observationEnd: Timestamp
    /// The segment whose members were fitted (`seg_…`); nil for every customer.
    public var segmentId: String?
    /// Customers fitted (with at least one order by observationEnd).
    public var customers: Int64
    /// The BG/NBD parameters of purchasing and dropping out.
    public var bgnbd: BGNBDFit
    /// The Gamma-Gamma parameters of spend per purchase.
    public var gammaGamma: GammaGammaFit
    /// Always "day": frequency, recency and T are in days, money in minor units.
    public var timeUnit: String
    /// CLV over 12 months at 1% a month, summed over every fitted customer.
    public var totalClv: Double
    /// Purchases expected in the next 365 days, summed.
    public var expectedPurchases365: Double

    /// BG/NBD's parameters: purchase rate λ ~ Gamma(r, α), dropout probability p ~ Beta(a, b), per day.
    public struct BGNBDFit: Codable, Sendable, Hashable {
        /// The shape r of the purchase rate's Gamma(r, α).
        public var r: Double
        /// The scale α of the purchase rate's Gamma(r, α), in days.
        public var alpha: Double
        /// The Beta(a, b) dropout probability's a.
        public var a: Double
        /// The Beta(a, b) dropout probability's b.
        public var b: Double
        /// The maximised log-likelihood, summed over the fitted customers.
        public var logLikelihood: Double
    }

    /// Gamma-Gamma's parameters: spend per purchase of shape p around a mean ν ~ Gamma(q, γ).
    public struct GammaGammaFit: Codable, Sendable, Hashable {
        /// The shape p of a customer's spend per purchase.
        public var p: Double
        /// The shape q of the customers' mean spend ν ~ Gamma(q, γ).
        public var q: Double
        /// γ of ν ~ Gamma(q, γ); the population's mean spend is v·p/(q − 1), in minor units.
        public var v: Double
        /// The maximised log-likelihood, summed over the customers with repeat purchases.
        public var logLikelihood: Double
        /// Customers with frequency > 0 it was fitted on.
        public var customers: Int64
    }

    /// The fit's fields, described for protocol.md and `rpc.discover`.
    public static let fieldDescriptions = [
        "bgnbd": "BG/NBD (Fader, Hardie & Lee 2005, eq. 6) by maximum likelihood; logLikelihood summed over the fitted customers.",
        "gammaGamma": "Gamma-Gamma (Fader & Hardie, note 025) on customers with frequency > 0.",
    ]
}

private let summaryDefinition = """
    The summary per customer: orders of one calendar day (store time zone) are one purchase; \
    frequency = distinct purchase days − 1; recency = last − first purchase day; T = the day of \
    observationEnd − first purchase day (days; orders after observationEnd ignored); monetary \
    value = mean of the repeat days' revenue (the first day excluded), in minor units.
    """

/// `metrics.fit`
public enum MetricsFit: RPCMethod {
    /// The method's wire name.
    public static let name = "metrics.fit"
    /// The method's one-line summary for protocol.md and `rpc.discover`.
    public static let summary = "Fits BG/NBD and Gamma-Gamma to every customer's purchase history by maximum likelihood and stores the fit."
    /// How purchase histories are summarised and the models fitted, for protocol.md.
    public static let discussion =
        summaryDefinition + """
             Optimised over log-parameters from a moment-based start to a tolerance; a fit that does \
            not converge is refused with `unavailable` and the optimiser's reason rather than \
            answered wrong. The fit is computed off the writer; only storing it is a write.
            """
    /// A mutation (it stores the fit): it accepts `idempotencyKey` and `dryRun`, is refused when read-only and is audited.
    public static let isMutating = true
    /// `not_found` for an unknown `segmentId`; `unavailable` for fewer than two customers or a fit that does not converge.
    public static let errors: [RapportError.Reason] = [.notFound, .unavailable]

    /// The params of `metrics.fit`: the end of the observed history and an optional segment.
    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// The end of the observed history (orders after it ignored); nil for now.
        public var observationEnd: Timestamp?
        /// Fit only this segment's members as of now (`seg_…`); nil for every customer.
        public var segmentId: String?

        /// A MetricsFit params value; both fields default to nil (now, every customer).
        public init(observationEnd: Timestamp? = nil, segmentId: String? = nil) {
            self.observationEnd = observationEnd
            self.segmentId = segmentId
        }

        /// The params' fields, described for protocol.md and `rpc.discover`.
        public static let fieldDescriptions = [
            "observationEnd": "The end of the observed history; default now.", "segmentId": "Fit the segment's members only.",
        ]
    }

    /// Answers the fit it stored.
    public typealias Result = CLVFit
}

/// `metrics.clv`
public enum MetricsCLV: RPCMethod {
    /// The method's wire name.
    public static let name = "metrics.clv"
    /// The method's one-line summary for protocol.md and `rpc.discover`.
    public static let summary = "Each customer's predicted purchases, chance of being alive, expected spend and lifetime value, from the latest fit."
    /// How expected purchases, P(alive), expected spend and CLV are computed, for protocol.md.
    public static let discussion =
        summaryDefinition + """
             Expected purchases are the conditional expectation E[X(t) | x, tₓ, T]; P(alive) is 1 \
            for a customer with frequency 0; expected average spend is the Gamma-Gamma conditional \
            mean (the population mean v·p/(q − 1) for frequency 0); clv = Σ_{k=1..horizon} \
            expectedAverageSpend × (E[X(30k)] − E[X(30(k−1))]) ÷ (1 + discountRate)^k — a month is \
            30 days and the rate monthly. Uses the latest stored fit; without one it fits first (not \
            stored: call metrics.fit to keep it). `totals` are the stored fit's (12 months, 1%).
            """
    /// `not_found` for an unknown `customerId`; `unavailable` when there is no stored fit and none can be made.
    public static let errors: [RapportError.Reason] = [.notFound, .unavailable]

    /// The params of `metrics.clv`: one customer or a page of them, the horizon and the discount rate.
    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// `horizonMonths` is 1 to 120.
        public static let fieldRanges: [String: ClosedRange<Int64>] = ["horizonMonths": 1...120]
        /// Only this customer (`cus_…`); nil for a page of every customer with orders.
        public var customerId: String?
        /// The CLV horizon in months of 30 days, 1 to 120; nil for 12.
        public var horizonMonths: Int64?
        /// The monthly discount rate, 0 to 1; nil for 0.01.
        public var discountRate: Double?
        /// Customers per page, 1 to 1000; nil for 50.
        public var limit: Int?
        /// The previous page's `nextCursor`; nil for the first page.
        public var cursor: String?

        /// A MetricsCLV params value; every field defaults to nil (every customer, 12 months, 1% a month, first page of 50).
        public init(customerId: String? = nil, horizonMonths: Int64? = nil, discountRate: Double? = nil, limit: Int? = nil, cursor: String? = nil) {
            self.customerId = customerId
            self.horizonMonths = horizonMonths
            self.discountRate = discountRate
            self.limit = limit
            self.cursor = cursor
        }

        /// The params' fields, described for protocol.md and `rpc.discover`.
        public static let fieldDescriptions = [
            "customerId": "One customer only.", "horizonMonths": "Months of 30 days (1–120, default 12).",
            "discountRate": "Monthly discount rate, 0 to 1 (default 0.01).", "limit": "Customers per page, 1–1000, default 50.",
            "cursor": "nextCursor of the previous page.",
        ]
    }

    /// The customers' predicted values under the fit used, a page at a time, with the fit's totals.
    public struct Result: Codable, Sendable, Hashable {
        /// The fit used: the latest stored one of every customer, or one made for this call if none is stored.
        public var model: CLVFit
        /// This page's customers, by id.
        public var customers: [CustomerCLV]
        /// Pass back as `cursor` for the next page; nil on the last.
        public var nextCursor: String?
        /// The fit's own totals over every fitted customer (12 months, 1% a month), whatever the params.
        public var totals: Totals

        /// Totals over every customer the fit was made on.
        public struct Totals: Codable, Sendable, Hashable {
            /// Customers fitted.
            public var customers: Int64
            /// Their CLV over 12 months at 1% a month, summed, in minor units.
            public var clv: Double
            /// Their purchases expected in the next 365 days, summed.
            public var expectedPurchases365: Double
        }
    }
}

/// One customer's predicted value.
public struct CustomerCLV: Codable, Sendable, Hashable {
    /// The customer's id, `cus_…`.
    public var customerId: String
    /// Repeat purchases: distinct purchase days − 1.
    public var frequency: Int64
    /// Days from the first purchase day to the last.
    public var recency: Int64
    /// T: days from the first purchase to the fit's observation end.
    public var age: Int64
    /// The mean revenue of the repeat purchase days (the first day excluded), in minor units; 0 without repeats.
    public var monetaryValue: Double
    /// Revenue so far, minor units.
    public var historicalValue: Int64
    /// Purchases expected in the next 30, 90 and 365 days.
    public var expectedPurchases: ExpectedPurchases
    /// The chance the customer is still buying, 0 to 1; 1 with no repeat purchase.
    public var probabilityAlive: Double
    /// Expected spend per purchase (Gamma-Gamma's conditional mean, or the population's without repeats), in minor units.
    public var expectedAverageSpend: Double
    /// Expected spend over the horizon, discounted monthly, in minor units.
    public var clv: Double

    enum CodingKeys: String, CodingKey {
        case customerId, frequency, recency
        case age = "T"
        case monetaryValue, historicalValue, expectedPurchases, probabilityAlive
        case expectedAverageSpend, clv
    }

    /// Purchases a customer is expected to make over three horizons after the fit's observation end.
    public struct ExpectedPurchases: Codable, Sendable, Hashable {
        /// Purchases expected in the next 30 days.
        public var days30: Double
        /// Purchases expected in the next 90 days.
        public var days90: Double
        /// Purchases expected in the next 365 days.
        public var days365: Double
    }
}

/// `customers.value`
public enum CustomersValue: RPCMethod {
    /// The method's wire name.
    public static let name = "customers.value"
    /// The method's one-line summary for protocol.md and `rpc.discover`.
    public static let summary = "What a customer brings and costs, counting the customers they brought, and whether to keep them."
    /// How each value and the decision are computed, for protocol.md.
    public static let discussion = """
        margin = revenue × metrics.configure's grossMarginPercent; acquisitionCost = the \
        customer's attribute `acquisitionCost` (minor units) or the default for their source; \
        serviceCost = their interactions' cost; loyaltyCost = points redeemed and compensation \
        points, at the point value; referredRevenue = the margin of the customers they referred; \
        predictedClv = the latest fit's 12-month CLV (null without a fit); netValue = margin + \
        referredRevenue − acquisitionCost − serviceCost − loyaltyCost. decision: keep when \
        netValue ≥ 0; review when the referred value covers the costs or the predicted margin \
        would; part otherwise — a customer whose referred value covers their cost is never part.
        """
    /// `not_found` for an unknown customer.
    public static let errors: [RapportError.Reason] = [.notFound]

    /// The params of `customers.value`: the customer.
    public struct Params: Codable, Sendable, Hashable {
        /// The customer's id, `cus_…`.
        public var id: String

        /// A CustomersValue params value for customer `id`.
        public init(id: String) { self.id = id }
    }

    /// What the customer brings and costs, in minor units, and whether to keep them.
    public struct Result: Codable, Sendable, Hashable {
        /// The customer's id, `cus_…`.
        public var customerId: String
        /// Their orders' amounts net of refunds, in minor units.
        public var revenue: Int64
        /// `revenue` × the policy's `grossMarginPercent`, in minor units.
        public var margin: Int64
        /// Their `acquisitionCost` attribute, else their source's cost in the policy, else 0; in minor units.
        public var acquisitionCost: Int64
        /// The cost of their interactions, in minor units.
        public var serviceCost: Int64
        /// Points redeemed and compensation points, at the point value, in minor units.
        public var loyaltyCost: Int64
        /// Customers they referred.
        public var referredCustomers: Int64
        /// The margin of the customers they referred, in minor units.
        public var referredRevenue: Int64
        /// The latest stored fit's 12-month CLV, in minor units; nil without a fit or without orders by its observation end.
        public var predictedClv: Double?
        /// margin + referredRevenue − acquisitionCost − serviceCost − loyaltyCost, in minor units.
        public var netValue: Int64
        /// keep, review or part.
        public var decision: String
        /// Why: one sentence for the decision, and one more if the service cost exceeds the margin.
        public var reasons: [String]
    }
}
