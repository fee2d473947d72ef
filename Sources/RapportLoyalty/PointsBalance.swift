public import RapportCore
public import RapportJSON

/// A customer's points at a moment.
public struct PointsBalance: Codable, Sendable, Hashable, JSONSchemaDocumented {
    /// The id of the customer whose points these are, `cus_…`.
    public var customerId: String
    /// Points that can be spent now; negative while a reversal's debt is unpaid.
    public var available: Int64
    /// Points earned but still in the return window.
    public var pending: Int64
    /// Points a reversal took beyond what was left; repaid from the next credits.
    public var debt: Int64
    /// The sum of every ledger entry (points past expiry count until `loyalty.expire` records them).
    public var balance: Int64
    /// All points ever earned or granted (earn and bonus entries).
    public var lifetimeEarned: Int64
    /// All points ever spent (redeem entries).
    public var lifetimeRedeemed: Int64
    /// All points that ever lapsed (expire entries).
    public var lifetimeExpired: Int64
    /// Points that expire within the window asked for, by expiry time, soonest first.
    public var expiringSoon: [ExpiringPoints]
    /// The time the balance is for.
    public var at: Timestamp

    /// A balance with every figure given; the service computes real ones (``LoyaltyService/balance(of:at:in:)``).
    public init(
        customerId: String, available: Int64, pending: Int64, debt: Int64, balance: Int64, lifetimeEarned: Int64,
        lifetimeRedeemed: Int64, lifetimeExpired: Int64, expiringSoon: [ExpiringPoints], at: Timestamp
    ) {
        self.customerId = customerId
        self.available = available
        self.pending = pending
        self.debt = debt
        self.balance = balance
        self.lifetimeEarned = lifetimeEarned
        self.lifetimeRedeemed = lifetimeRedeemed
        self.lifetimeExpired = lifetimeExpired
        self.expiringSoon = expiringSoon
        self.at = at
    }

    /// Points that lapse at one time.
    public struct ExpiringPoints: Codable, Sendable, Hashable {
        /// How many points lapse then.
        public var points: Int64
        /// When they lapse.
        public var at: Timestamp

        /// Points `points` that lapse at `at`.
        public init(points: Int64, at: Timestamp) {
            self.points = points
            self.at = at
        }
    }

    /// The field descriptions for protocol.md.
    public static let fieldDescriptions = [
        "customerId": "Whose points.",
        "available": "Points that can be spent now; negative while a reversal's debt is unpaid.",
        "pending": "Points earned but still in the return window.",
        "debt": "Points a refund reversal took beyond what was left; repaid from the next credits, and redemption is refused until then.",
        "balance": "The sum of every ledger entry (points past expiry count until loyalty.expire records them).",
        "lifetimeEarned": "All points ever earned or granted (earn and bonus entries).",
        "lifetimeRedeemed": "All points ever spent.",
        "lifetimeExpired": "All points that ever lapsed.",
        "expiringSoon": "`[{points, at}]`: points that expire within the window asked for, soonest first.",
        "at": "The time the balance is for.",
    ]
}
