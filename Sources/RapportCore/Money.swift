/// An amount of money as an integer count of minor units (cents, kopecks), as Stripe keeps it.
///
/// One store has one currency, so `Money` carries no currency code. It encodes as a bare JSON
/// integer: `{"amount": 123450}` is 1 234.50. An amount a client sends lies within
/// ±``maximum`` (10^13 minor units, 100 billion of the currency), which the protocol's decoder
/// enforces with the field named; totals the server keeps may reach ``maximumTotal``.
/// Arithmetic that would overflow throws instead of trapping.
public struct Money: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The amount in minor units.
    public var minorUnits: Int64

    /// Creates an amount from minor units.
    public init(minorUnits: Int64) { self.minorUnits = minorUnits }

    /// Zero.
    public static let zero = Money(minorUnits: 0)

    /// The largest amount one request may carry, in minor units: 10^13.
    public static let maximum: Int64 = 10_000_000_000_000

    /// The largest sum kept for one customer (spent, refunded), in minor units: 10^15. Sums of
    /// up to 9 000 such totals still fit in 64 bits.
    public static let maximumTotal: Int64 = 1_000_000_000_000_000

    /// Decodes a bare JSON integer of minor units (the ±``maximum`` range is checked by the protocol's decoder, not here).
    public init(from decoder: any Decoder) throws {
        minorUnits = try decoder.singleValueContainer().decode(Int64.self)
    }

    /// Encodes the amount as a bare JSON integer of minor units.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(minorUnits)
    }

    /// Orders amounts by their minor units.
    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.minorUnits < rhs.minorUnits }

    /// The sum, or a `limit_exceeded` error when it does not fit in 64 bits.
    public func adding(_ other: Money) throws(RapportError) -> Money {
        let (sum, overflow) = minorUnits.addingReportingOverflow(other.minorUnits)
        guard !overflow else { throw RapportError(.limitExceeded, "amount overflows a 64-bit count of minor units") }
        return Money(minorUnits: sum)
    }

    /// The difference, or a `limit_exceeded` error when it does not fit in 64 bits.
    public func subtracting(_ other: Money) throws(RapportError) -> Money {
        let (difference, overflow) = minorUnits.subtractingReportingOverflow(other.minorUnits)
        guard !overflow else { throw RapportError(.limitExceeded, "amount overflows a 64-bit count of minor units") }
        return Money(minorUnits: difference)
    }

    /// `minorUnits` with two implied decimals, for logs and messages (`1234.50`).
    public var description: String {
        let sign = minorUnits < 0 ? "-" : ""
        let magnitude = minorUnits.magnitude
        let cents = magnitude % 100
        return "\(sign)\(magnitude / 100).\(cents < 10 ? "0" : "")\(cents)"
    }
}

extension Int64 {
    /// self + other, held at the 64-bit range instead of overflowing: for totals of stores
    /// written before money had a range, which are repaired by saturating.
    public func addingSaturated(_ other: Int64) -> Int64 {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? (other > 0 ? .max : .min) : sum
    }

    /// Adds `other`, held at the 64-bit range.
    public mutating func addSaturated(_ other: Int64) { self = addingSaturated(other) }
}
