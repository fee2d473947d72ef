import Foundation

/// The special functions the CLV models need.
enum SpecialFunctions {
    /// ψ(x), the digamma function, for x > 0: the recurrence up to 6, then the asymptotic series.
    static func digamma(_ x: Double) -> Double {
        var x = x
        var result = 0.0
        while x < 6 {
            result -= 1 / x
            x += 1
        }
        let inverse = 1 / x
        let square = inverse * inverse
        result +=
            log(x) - 0.5 * inverse
            - square * (1.0 / 12 - square * (1.0 / 120 - square * (1.0 / 252 - square * (1.0 / 240 - square / 132))))
        return result
    }

    /// ln Γ(x).
    static func logGamma(_ x: Double) -> Double { lgamma(x) }

    /// ln(eᵃ + eᵇ) without overflow.
    static func logAddExp(_ a: Double, _ b: Double) -> Double {
        let high = max(a, b)
        guard high > -.infinity else { return -.infinity }
        return high + log(exp(a - high) + exp(b - high))
    }

    /// The Gauss hypergeometric function ₂F₁(a, b; c; z) for 0 ≤ z < 1, by its series, through
    /// Euler's transformation (1 − z)^(c−a−b) ₂F₁(c − a, c − b; c; z) when that series decays faster.
    /// Nil when it does not converge within the term limit.
    static func hypergeometric2F1(_ a: Double, _ b: Double, _ c: Double, _ z: Double) -> Double? {
        guard z >= 0, z < 1 else { return nil }
        if c - a - b < a + b - c, let value = series(c - a, c - b, c, z) {
            return pow(1 - z, c - a - b) * value
        }
        return series(a, b, c, z)
    }

    private static func series(_ a: Double, _ b: Double, _ c: Double, _ z: Double) -> Double? {
        var term = 1.0
        var sum = 1.0
        for n in 0..<200_000 {
            let n = Double(n)
            term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z
            sum += term
            if abs(term) <= 1e-15 * abs(sum) { return sum.isFinite ? sum : nil }
            if !term.isFinite { return nil }
        }
        return nil
    }
}
