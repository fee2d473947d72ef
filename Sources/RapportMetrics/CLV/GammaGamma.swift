import Foundation

/// The Gamma-Gamma model of spend per transaction (Fader & Hardie, note 025): a customer's
/// transactions vary around their mean ν ~ Gamma(q, γ) with shape p. Fitted on customers with
/// repeat purchases, from x (their number) and m̄ (their mean value).
enum GammaGamma {
    struct Parameters: Codable, Sendable, Hashable {
        var p: Double
        var q: Double
        var v: Double
    }

    struct Customer: Sendable, Hashable {
        var frequency: Double
        var monetaryValue: Double
        var count: Int
    }

    /// The log-likelihood of one customer, as the lifetimes package writes it.
    static func logLikelihood(_ parameters: Parameters, frequency x: Double, monetaryValue m: Double) -> Double {
        term(parameters, x, m, gradient: false).value
    }

    /// Maximum likelihood over log-parameters; q must come out above 1 for the mean spend to exist.
    static func fit(_ sample: [Customer]) throws(FitFailure) -> (parameters: Parameters, logLikelihood: Double) {
        let usable = sample.filter { $0.frequency > 0 && $0.monetaryValue > 0 }
        guard usable.count >= 2 else { throw FitFailure(message: "Gamma-Gamma needs at least 2 customers with repeat purchases") }
        // A start in the right scale: p = 1, q = 2 and v such that the mean spend v·p/(q − 1) is the sample's.
        let weight = Double(usable.reduce(0) { $0 + $1.count })
        let meanSpend = usable.reduce(0.0) { $0 + Double($1.count) * $1.monetaryValue } / weight
        let outcome = try Minimizer.minimize(from: [0, log(2), log(meanSpend)]) { theta in
            let parameters = Parameters(p: exp(theta[0]), q: exp(theta[1]), v: exp(theta[2]))
            var value = 0.0
            var gradient = [0.0, 0, 0]
            for customer in usable {
                let t = term(parameters, customer.frequency, customer.monetaryValue, gradient: true)
                let weight = Double(customer.count)
                value -= weight * t.value
                for i in 0..<3 { gradient[i] -= weight * t.gradient[i] }
            }
            gradient[0] *= parameters.p
            gradient[1] *= parameters.q
            gradient[2] *= parameters.v
            return (value, gradient)
        }
        let parameters = Parameters(p: exp(outcome.point[0]), q: exp(outcome.point[1]), v: exp(outcome.point[2]))
        guard [parameters.p, parameters.q, parameters.v].allSatisfy({ $0.isFinite && $0 > 0 }), outcome.value.isFinite else {
            throw FitFailure(message: "Gamma-Gamma's parameters left the finite range")
        }
        guard parameters.q > 1 else { throw FitFailure(message: "Gamma-Gamma's q is \(parameters.q), not above 1: no mean spend exists") }
        return (parameters, -outcome.value)
    }

    private static func term(_ parameters: Parameters, _ x: Double, _ m: Double, gradient wanted: Bool) -> (value: Double, gradient: [Double]) {
        let (p, q, v) = (parameters.p, parameters.q, parameters.v)
        let px = p * x
        let total = log(x * m + v)
        let gammas: Double = lgamma(px + q) - lgamma(px) - lgamma(q)
        let logs: Double = q * log(v) + (px - 1) * log(m) + px * log(x)
        let value = gammas + logs - (px + q) * total
        guard wanted else { return (value, []) }
        let psi = SpecialFunctions.digamma
        let dp = x * (psi(px + q) - psi(px) + log(m) + log(x) - total)
        let dq = psi(px + q) - psi(q) + log(v) - total
        let dv = q / v - (px + q) / (x * m + v)
        return (value, [dp, dq, dv])
    }

    /// The expected mean spend of a customer with `x` repeat purchases of mean `m`.
    static func conditionalMean(_ parameters: Parameters, frequency x: Double, monetaryValue m: Double) -> Double {
        let (p, q, v) = (parameters.p, parameters.q, parameters.v)
        return (q - 1) / (p * x + q - 1) * (v * p / (q - 1)) + p * x / (p * x + q - 1) * m
    }

    /// The population's mean spend v·p/(q − 1), for customers without repeat purchases.
    static func populationMean(_ parameters: Parameters) -> Double {
        parameters.v * parameters.p / (parameters.q - 1)
    }
}
