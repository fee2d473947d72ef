import Foundation

/// The BG/NBD model of repeat purchasing (Fader, Hardie & Lee 2005, "Counting your customers the
/// easy way"): while alive a customer buys at a Poisson rate λ ~ Gamma(r, α); after each purchase
/// they drop out with probability p ~ Beta(a, b).
///
/// A customer is summarised as x (repeat purchases), tₓ (time of the last one) and T, their age
/// (time since the first purchase), all in one time unit.
enum BGNBD {
    struct Parameters: Codable, Sendable, Hashable {
        var r: Double
        var alpha: Double
        var a: Double
        var b: Double
    }

    /// Customers sharing one summary, counted once with their number.
    struct Customer: Sendable, Hashable {
        var x: Double
        var tx: Double
        var age: Double
        var count: Int
    }

    /// One customer's log-likelihood (the paper's equation 6).
    static func logLikelihood(_ p: Parameters, x: Double, tx: Double, age: Double) -> Double {
        term(p, Customer(x: x, tx: tx, age: age, count: 1), gradient: false).value
    }

    /// The log-likelihood of a sample.
    static func logLikelihood(_ p: Parameters, _ sample: [Customer]) -> Double {
        sample.reduce(0) { $0 + Double($1.count) * term(p, $1, gradient: false).value }
    }

    /// Maximum likelihood over log-parameters, from r = α-scaled moments.
    static func fit(_ sample: [Customer]) throws(FitFailure) -> (parameters: Parameters, logLikelihood: Double) {
        let total = sample.reduce(0) { $0 + $1.count }
        guard total >= 2 else { throw FitFailure(message: "BG/NBD needs at least 2 customers") }
        let meanT = sample.reduce(0.0) { $0 + Double($1.count) * $1.age } / Double(total)
        guard meanT > 0 else { throw FitFailure(message: "BG/NBD needs customers observed for some time (T > 0)") }
        // A start in the right scale: r = 1, α the mean age, a = 1, b = 1.
        let start = [0, log(max(meanT, 1e-3)), 0, 0.0]
        let outcome = try Minimizer.minimize(from: start) { theta in
            let p = Parameters(r: exp(theta[0]), alpha: exp(theta[1]), a: exp(theta[2]), b: exp(theta[3]))
            var value = 0.0
            var gradient = [0.0, 0, 0, 0]
            for customer in sample {
                let t = term(p, customer, gradient: true)
                let weight = Double(customer.count)
                value -= weight * t.value
                for i in 0..<4 { gradient[i] -= weight * t.gradient[i] }
            }
            // d/dθ = d/dp · p
            gradient[0] *= p.r
            gradient[1] *= p.alpha
            gradient[2] *= p.a
            gradient[3] *= p.b
            return (value, gradient)
        }
        let parameters = Parameters(r: exp(outcome.point[0]), alpha: exp(outcome.point[1]), a: exp(outcome.point[2]), b: exp(outcome.point[3]))
        guard [parameters.r, parameters.alpha, parameters.a, parameters.b].allSatisfy({ $0.isFinite && $0 > 0 }), outcome.value.isFinite
        else { throw FitFailure(message: "BG/NBD's parameters left the finite range (the sample may be degenerate)") }
        // a and b growing together is the Beta of the dropout narrowing to one value: the
        // likelihood climbs towards a limit it never reaches, and the point where the optimiser
        // stopped is not a maximum.
        guard parameters.a < 1e4 || parameters.b < 1e4 else {
            throw FitFailure(
                message: "the dropout parameters a and b grow without bound (every customer seems to leave alike), so the likelihood has no maximum")
        }
        return (parameters, -outcome.value)
    }

    /// The log-likelihood term of one customer and, when asked, its gradient in (r, α, a, b).
    private static func term(_ p: Parameters, _ c: Customer, gradient wanted: Bool) -> (value: Double, gradient: [Double]) {
        let (r, alpha, a, b) = (p.r, p.alpha, p.a, p.b)
        let (x, tx, age) = (c.x, c.tx, c.age)
        let a1 = lgamma(r + x) - lgamma(r) + r * log(alpha)
        let a2 = lgamma(a + b) + lgamma(b + x) - lgamma(b) - lgamma(a + b + x)
        let a3 = -(r + x) * log(alpha + age)
        let a4 = x > 0 ? log(a) - log(b + x - 1) - (r + x) * log(alpha + tx) : -Double.infinity
        let mixed = SpecialFunctions.logAddExp(a3, a4)
        let value = a1 + a2 + mixed
        guard wanted else { return (value, []) }
        let w3 = exp(a3 - mixed)
        let w4 = x > 0 ? exp(a4 - mixed) : 0
        let psi = SpecialFunctions.digamma
        let dr = psi(r + x) - psi(r) + log(alpha) + w3 * -log(alpha + age) + w4 * -log(alpha + tx)
        let dAlpha = r / alpha + w3 * -(r + x) / (alpha + age) + (x > 0 ? w4 * -(r + x) / (alpha + tx) : 0)
        let common = psi(a + b) - psi(a + b + x)
        let da = common + (x > 0 ? w4 / a : 0)
        let db = common + psi(b + x) - psi(b) + (x > 0 ? w4 * -1 / (b + x - 1) : 0)
        return (value, [dr, dAlpha, da, db])
    }

    /// E[X(t) | x, tₓ, T]: the purchases expected in the next `t` (the paper's equation 10).
    static func expectedPurchases(_ p: Parameters, t: Double, x: Double, tx: Double, age: Double) -> Double {
        let (r, alpha, a, b) = (p.r, p.alpha, p.a, p.b)
        let z = t / (alpha + age + t)
        guard let hyper = SpecialFunctions.hypergeometric2F1(r + x, b + x, a + b + x - 1, z) else { return .nan }
        let numerator = (a + b + x - 1) / (a - 1) * (1 - pow((alpha + age) / (alpha + age + t), r + x) * hyper)
        let denominator = 1 + (x > 0 ? a / (b + x - 1) * pow((alpha + age) / (alpha + tx), r + x) : 0)
        return numerator / denominator
    }

    /// P(alive | x, tₓ, T): 1 for a customer without repeat purchases.
    static func probabilityAlive(_ p: Parameters, x: Double, tx: Double, age: Double) -> Double {
        guard x > 0 else { return 1 }
        return 1 / (1 + p.a / (p.b + x - 1) * pow((p.alpha + age) / (p.alpha + tx), p.r + x))
    }
}
