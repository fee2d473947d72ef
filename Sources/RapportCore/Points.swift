/// The ranges of loyalty points: points are plain `Int64` counts, bounded so that no sum the
/// engine keeps can overflow.
///
/// One request moves at most ``maximum`` points (10^12); one account holds at most
/// ``maximumBalance`` (10^15), and its lifetime counters at most ``maximumLifetime`` (10^18).
/// A request that would pass a bound fails with `limit_exceeded`, never a trap.
public enum Points {
    /// The most points one request, rule or offer may name: 10^12.
    public static let maximum: Int64 = 1_000_000_000_000
    /// The most points one account may hold: 10^15.
    public static let maximumBalance: Int64 = 1_000_000_000_000_000
    /// The most one account's lifetime counters (earned, redeemed, expired) may reach: 10^18.
    public static let maximumLifetime: Int64 = 1_000_000_000_000_000_000

    /// The range of a points field that may be negative (an adjustment).
    public static let signedRange: ClosedRange<Int64> = -maximum...maximum
    /// The range of a points field that must be positive (earn, redeem).
    public static let positiveRange: ClosedRange<Int64> = 1...maximum
    /// The range of a points field that may be zero (a rule's award, an offer's value).
    public static let nonNegativeRange: ClosedRange<Int64> = 0...maximum
}
