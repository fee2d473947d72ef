public import RapportCore
public import RapportJSON
public import RapportRPC
import RapportStorage

/// A stored fit of BG/NBD and Gamma-Gamma.
public struct CLVFit: Codable, Sendable, Hashable, JSONSchemaDocumented {
    public var observationEnd: Timestamp
    public var segmentId: String?
    /// Customers fitted (with at least one order by observationEnd).
    public var customers: Int64
    public var bgnbd: BGNBDFit
    public var gammaGamma: GammaGammaFit
    /// Always "day": frequency, recency and T are in days, money in minor units.
    public var timeUnit: String
    /// CLV over 12 months at 1% a month, summed over every fitted customer.
    public var totalClv: Double
    /// Purchases expected in the next 365 days, summed.
    public var expectedPurchases365: Double

    public struct BGNBDFit: Codable, Sendable, Hashable {
        public var r: Double
        public var alpha: Double
        public var a: Double
        public var b: Double
        public var logLikelihood: Double
    }

    public struct GammaGammaFit: Codable, Sendable, Hashable {
        public var p: Double
        public var q: Double
        public var v: Double
        public var logLikelihood: Double
        /// Customers with frequency > 0 it was fitted on.
        public var customers: Int64
    }

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
    public static let name = "metrics.fit"
    public static let summary = "Fits BG/NBD and Gamma-Gamma to every customer's purchase history by maximum likelihood and stores the fit."
    public static let discussion =
        summaryDefinition + """
             Optimised over log-parameters from a moment-based start to a tolerance; a fit that does \
            not converge is refused with `unavailable` and the optimiser's reason rather than \
            answered wrong. The fit is computed off the writer; only storing it is a write.
            """
    public static let isMutating = true
    public static let errors: [RapportError.Reason] = [.notFound, .unavailable]

    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        public var observationEnd: Timestamp?
        public var segmentId: String?

        public init(observationEnd: Timestamp? = nil, segmentId: String? = nil) {
            self.observationEnd = observationEnd
            self.segmentId = segmentId
        }

        public static let fieldDescriptions = [
            "observationEnd": "The end of the observed history; default now.", "segmentId": "Fit the segment's members only.",
        ]
    }

    public typealias Result = CLVFit
}

/// `metrics.clv`
public enum MetricsCLV: RPCMethod {
    public static let name = "metrics.clv"
    public static let summary = "Each customer's predicted purchases, chance of being alive, expected spend and lifetime value, from the latest fit."
    public static let discussion =
        summaryDefinition + """
             Expected purchases are the conditional expectation E[X(t) | x, tₓ, T]; P(alive) is 1 \
            for a customer with frequency 0; expected average spend is the Gamma-Gamma conditional \
            mean (the population mean v·p/(q − 1) for frequency 0); clv = Σ_{k=1..horizon} \
            expectedAverageSpend × (E[X(30k)] − E[X(30(k−1))]) ÷ (1 + discountRate)^k — a month is \
            30 days and the rate monthly. Uses the latest stored fit; without one it fits first (not \
            stored: call metrics.fit to keep it). `totals` are the stored fit's (12 months, 1%).
            """
    public static let errors: [RapportError.Reason] = [.notFound, .unavailable]

    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        public static let fieldRanges: [String: ClosedRange<Int64>] = ["horizonMonths": 1...120]
        public var customerId: String?
        public var horizonMonths: Int64?
        public var discountRate: Double?
        public var limit: Int?
        public var cursor: String?

        public init(customerId: String? = nil, horizonMonths: Int64? = nil, discountRate: Double? = nil, limit: Int? = nil, cursor: String? = nil) {
            self.customerId = customerId
            self.horizonMonths = horizonMonths
            self.discountRate = discountRate
            self.limit = limit
            self.cursor = cursor
        }

        public static let fieldDescriptions = [
            "customerId": "One customer only.", "horizonMonths": "Months of 30 days (1–120, default 12).",
            "discountRate": "Monthly discount rate, 0 to 1 (default 0.01).", "limit": "Customers per page, 1–1000, default 50.",
            "cursor": "nextCursor of the previous page.",
        ]
    }

    public struct Result: Codable, Sendable, Hashable {
        public var model: CLVFit
        public var customers: [CustomerCLV]
        public var nextCursor: String?
        public var totals: Totals

        public struct Totals: Codable, Sendable, Hashable {
            public var customers: Int64
            public var clv: Double
            public var expectedPurchases365: Double
        }
    }
}

/// One customer's predicted value.
public struct CustomerCLV: Codable, Sendable, Hashable {
    public var customerId: String
    public var frequency: Int64
    public var recency: Int64
    /// T: days from the first purchase to the fit's observation end.
    public var age: Int64
    public var monetaryValue: Double
    /// Revenue so far, minor units.
    public var historicalValue: Int64
    public var expectedPurchases: ExpectedPurchases
    public var probabilityAlive: Double
    public var expectedAverageSpend: Double
    public var clv: Double

    enum CodingKeys: String, CodingKey {
        case customerId, frequency, recency
        case age = "T"
        case monetaryValue, historicalValue, expectedPurchases, probabilityAlive
        case expectedAverageSpend, clv
    }

    public struct ExpectedPurchases: Codable, Sendable, Hashable {
        public var days30: Double
        public var days90: Double
        public var days365: Double
    }
}

/// `customers.value`
public enum CustomersValue: RPCMethod {
    public static let name = "customers.value"
    public static let summary = "What a customer brings and costs, counting the customers they brought, and whether to keep them."
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
    public static let errors: [RapportError.Reason] = [.notFound]

    public struct Params: Codable, Sendable, Hashable {
        public var id: String

        public init(id: String) { self.id = id }
    }

    public struct Result: Codable, Sendable, Hashable {
        public var customerId: String
        public var revenue: Int64
        public var margin: Int64
        public var acquisitionCost: Int64
        public var serviceCost: Int64
        public var loyaltyCost: Int64
        public var referredCustomers: Int64
        public var referredRevenue: Int64
        public var predictedClv: Double?
        public var netValue: Int64
        /// keep, review or part.
        public var decision: String
        public var reasons: [String]
    }
}
