import Foundation
import RapportCore

/// When the demo's customers buy, and how much: the stories BG/NBD (Fader, Hardie & Lee 2005)
/// and Gamma-Gamma tell, so that the sample has what `metrics.fit` looks for. While alive, a
/// customer buys at a Poisson rate λ ~ Gamma(r, α) per day; after each purchase they leave with
/// probability p ~ Beta(a, b). Every customer buys once on the day they join; α is chosen so that
/// the customers average `ordersPerCustomer` orders over the history. Customers differ in how
/// much they take of each item (their appetite), so their mean spend differs too.
struct DemoPurchases {
    static let r = 1.2
    static let a = 1.5
    static let b = 8.0
    /// The scale of the purchase rates, in days.
    let alpha: Double

    /// Finds α for `ordersPerCustomer` by bisection on a calibration sample of its own seed, so
    /// the same arguments give the same store.
    init(ordersPerCustomer: Double, historyDays: Double, seed: UInt64) {
        func mean(_ alpha: Double) -> Double {
            var random = SplitMix64(state: seed ^ 0x5EED)
            let sample = 4000
            let purchases = (0..<sample).reduce(0) { total, _ in
                let joined = Double.random(in: 0..<historyDays / 2, using: &random)
                return total + DemoPurchases(alpha: alpha).days(joined: joined, until: historyDays, using: &random).count
            }
            return Double(purchases) / Double(sample)
        }
        guard ordersPerCustomer > 1 else {
            alpha = .greatestFiniteMagnitude
            return
        }
        // More orders need faster buyers (a smaller α); the mean falls as α grows.
        var (low, high) = (1e-3, 1e6)
        for _ in 0..<40 {
            let middle = (low * high).squareRoot()
            if mean(middle) > ordersPerCustomer { low = middle } else { high = middle }
        }
        alpha = (low * high).squareRoot()
    }

    private init(alpha: Double) { self.alpha = alpha }

    /// The times, in days since the history began, of one customer's purchases: the first on
    /// `joined`, the rest before `until`.
    func days(joined: Double, until: Double, using random: inout SplitMix64) -> [Double] {
        var times = [joined]
        guard alpha < .greatestFiniteMagnitude else { return times }
        let rate = Self.gamma(shape: Self.r, using: &random) / alpha
        let x = Self.gamma(shape: Self.a, using: &random)
        let dropout = x / (x + Self.gamma(shape: Self.b, using: &random))
        var time = joined
        while Double.random(in: 0..<1, using: &random) >= dropout {
            time += -log(1 - Double.random(in: 0..<1, using: &random)) / rate
            guard time < until else { break }
            times.append(time)
        }
        return times
    }

    /// How many of each item a customer takes at a time, 1 or more: 1 + Gamma(2, 1), rounded down.
    static func appetite(using random: inout SplitMix64) -> Int64 {
        1 + Int64(gamma(shape: 2, using: &random))
    }

    /// A Gamma(shape, 1) draw (Marsaglia and Tsang 2000; shape ≥ 1).
    private static func gamma(shape: Double, using random: inout SplitMix64) -> Double {
        let d = shape - 1.0 / 3
        let c = 1 / (9 * d).squareRoot()
        while true {
            var normal: Double
            var v: Double
            repeat {
                // Box–Muller.
                let u1 = 1 - Double.random(in: 0..<1, using: &random)
                normal = (-2 * log(u1)).squareRoot() * cos(2 * .pi * Double.random(in: 0..<1, using: &random))
                v = 1 + c * normal
            } while v <= 0
            v = v * v * v
            let u = 1 - Double.random(in: 0..<1, using: &random)
            if log(u) < 0.5 * normal * normal + d - d * v + d * log(v) { return d * v }
        }
    }
}
