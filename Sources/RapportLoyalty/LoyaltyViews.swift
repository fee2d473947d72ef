/// The read-only views through which other modules (metrics) read loyalty's data in their own
/// SQL. Frozen once released (migration `loyalty.v4`); a change of columns is a new view with the
/// next version. Points are integers, times milliseconds since 1970 (UTC).
public enum LoyaltyViews {
    /// Each customer's account: `customer_id, balance, debt, lifetime_earned, lifetime_redeemed,
    /// lifetime_expired, tier` (tier null: the base tier). Customers who never earned have none.
    public static let accounts = "loyalty_account_v1"
    /// The ledger: `id, customer_id, kind (earn|bonus|redeem|reverse|expire|adjust), points
    /// (signed), at, order_id, reason, reference`.
    public static let entries = "loyalty_entry_v1"
    /// What is left of each credit: `customer_id, remaining, available_at, expires_at` (null: never).
    public static let lots = "loyalty_lot_v1"
    /// Referrals: `referee_id, referrer_id, linked_at, converted_at` (null until converted).
    public static let referrals = "loyalty_referral_v1"
}
