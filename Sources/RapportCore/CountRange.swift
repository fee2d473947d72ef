/// The ranges of the counts the protocol carries, shared by every module, so that the same kind
/// of number is bounded the same way everywhere (money and points have theirs in ``Money`` and
/// ``Points``).
public enum CountRange {
    /// A span of days (pending, grace, look-ahead): 0 to 3 650, ten years.
    public static let days: ClosedRange<Int64> = 0...3650
    /// A positive span of days (validity): 1 to 3 650.
    public static let positiveDays: ClosedRange<Int64> = 1...3650
    /// A quantity or a per-customer limit: 1 to 1 000 000.
    public static let quantity: ClosedRange<Int64> = 1...1_000_000
    /// A percentage: 0 to 100.
    public static let percent: ClosedRange<Int64> = 0...100
}

extension Money {
    /// An amount that may be zero: 0 to ``maximum``.
    public static let nonNegativeRange: ClosedRange<Int64> = 0...maximum
    /// An amount that must be positive: 1 to ``maximum``.
    public static let positiveRange: ClosedRange<Int64> = 1...maximum
}
