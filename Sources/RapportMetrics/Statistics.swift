import Foundation

/// The tests red flags are judged by.
enum Statistics {
    /// The Wilson score interval of `successes` of `n` at 95% (z = 1.96); nil when n is 0.
    static func wilson(_ successes: Int64, of n: Int64, z: Double = 1.96) -> (low: Double, high: Double)? {
        guard n > 0 else { return nil }
        let count = Double(n)
        let share = Double(successes) / count
        let center = share + z * z / (2 * count)
        let spread = z * ((share * (1 - share) + z * z / (4 * count)) / count).squareRoot()
        let denominator = 1 + z * z / count
        return ((center - spread) / denominator, (center + spread) / denominator)
    }

    /// A sample's size, mean and (unbiased) variance, from its count, sum and sum of squares.
    struct Moments: Sendable, Hashable {
        var count: Double
        var sum: Double
        var squares: Double

        var mean: Double { sum / count }
        var variance: Double { count > 1 ? max(0, (squares - sum * sum / count) / (count - 1)) : 0 }
    }

    /// Welch's t-test of two samples: t, the Welch–Satterthwaite degrees of freedom and the
    /// two-sided p-value; nil when a variance is zero and the means are equal or a sample is below 2.
    static func welch(_ a: Moments, _ b: Moments) -> (t: Double, degreesOfFreedom: Double, p: Double)? {
        guard a.count >= 2, b.count >= 2 else { return nil }
        let va = a.variance / a.count
        let vb = b.variance / b.count
        guard va + vb > 0 else { return nil }
        let t = (a.mean - b.mean) / (va + vb).squareRoot()
        let df = (va + vb) * (va + vb) / (va * va / (a.count - 1) + vb * vb / (b.count - 1))
        return (t, df, studentTwoSided(t, df))
    }

    /// P(|T| ≥ |t|) for Student's t with `df` degrees of freedom: I_{df/(df+t²)}(df/2, 1/2).
    static func studentTwoSided(_ t: Double, _ df: Double) -> Double {
        regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5)
    }

    /// I_x(a, b) by its continued fraction (Lentz), as in Numerical Recipes' `betai`.
    static func regularizedIncompleteBeta(_ x: Double, _ a: Double, _ b: Double) -> Double {
        guard x > 0 else { return 0 }
        guard x < 1 else { return 1 }
        let logBeta: Double = lgamma(a + b) - lgamma(a) - lgamma(b)
        let front = exp(logBeta + a * log(x) + b * log(1 - x))
        if x < (a + 1) / (a + b + 2) { return front * continuedFraction(x, a, b) / a }
        return 1 - front * continuedFraction(1 - x, b, a) / b
    }

    private static func continuedFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var result = d
        for m in 1...300 {
            let m = Double(m)
            var numerator = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + numerator * d
            if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            result *= d * c
            numerator = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + numerator * d
            if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let step = d * c
            result *= step
            if abs(step - 1) < 1e-14 { break }
        }
        return result
    }
}
