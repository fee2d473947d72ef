/// Unconstrained minimisation by BFGS with a backtracking (Armijo) line search and a bounded
/// step, for the CLV models' negative log-likelihoods over log-parameters.
enum Minimizer {
    /// Where a minimisation ended.
    struct Outcome {
        var point: [Double]
        var value: Double
        var iterations: Int
    }

    /// Minimises `objective` (value and gradient) from `start`.
    ///
    /// - Throws: ``FitFailure`` when the objective is not finite at the start, a line search
    ///   finds no descent, or `maxIterations` pass before the gradient is below `tolerance`.
    static func minimize(
        from start: [Double], tolerance: Double = 1e-7, maxIterations: Int = 500,
        _ objective: ([Double]) -> (value: Double, gradient: [Double])
    ) throws(FitFailure) -> Outcome {
        let n = start.count
        var point = start
        var (value, gradient) = objective(point)
        guard value.isFinite, gradient.allSatisfy(\.isFinite) else {
            throw FitFailure(message: "the likelihood is not finite at the starting point")
        }
        var inverse = identity(n)
        var steepest = true
        for iteration in 0..<maxIterations {
            let scale = max(1, abs(value))
            if norm(gradient) <= tolerance * scale { return Outcome(point: point, value: value, iterations: iteration) }
            var direction = multiply(inverse, gradient).map { -$0 }
            var slope = dot(direction, gradient)
            if slope >= 0 {
                inverse = identity(n)
                steepest = true
                direction = gradient.map { -$0 }
                slope = dot(direction, gradient)
            }
            // At most one unit of log-parameter per step (a factor of e): a likelihood summed
            // over a million customers has gradients in the ten thousands.
            var step = min(1, Self.longestStep / norm(direction))
            var next = point
            var nextValue = Double.infinity
            var nextGradient = gradient
            var accepted = false
            for _ in 0..<60 {
                next = zip(point, direction).map { $0 + step * $1 }
                (nextValue, nextGradient) = objective(next)
                if nextValue.isFinite, nextGradient.allSatisfy(\.isFinite), nextValue <= value + 1e-4 * step * slope {
                    accepted = true
                    break
                }
                step *= 0.5
            }
            guard accepted else {
                // The curvature learnt so far may point badly on a narrow ridge: start it over
                // from the gradient before giving up.
                if !steepest {
                    inverse = identity(n)
                    steepest = true
                    continue
                }
                // No descent left along the gradient: a minimum to the precision of the objective.
                if norm(gradient) <= 1e-4 * scale { return Outcome(point: point, value: value, iterations: iteration) }
                throw FitFailure(message: "the optimiser found no descent after \(iteration) iterations")
            }
            let s = zip(next, point).map { $0 - $1 }
            let y = zip(nextGradient, gradient).map { $0 - $1 }
            let sy = dot(s, y)
            if sy > 1e-12 {
                if steepest {
                    // The first curvature seen sets the scale of the identity it replaces
                    // (Nocedal & Wright, eq. 6.20).
                    let scale = sy / dot(y, y)
                    inverse = inverse.map { $0.map { $0 * scale } }
                }
                let hy = multiply(inverse, y)
                let yhy = dot(y, hy)
                for i in 0..<n {
                    for j in 0..<n {
                        inverse[i][j] += (sy + yhy) * s[i] * s[j] / (sy * sy) - (hy[i] * s[j] + s[i] * hy[j]) / sy
                    }
                }
            }
            steepest = false
            if abs(value - nextValue) <= 1e-13 * scale, norm(s) <= 1e-10 {
                return Outcome(point: next, value: nextValue, iterations: iteration + 1)
            }
            point = next
            value = nextValue
            gradient = nextGradient
        }
        throw FitFailure(message: "the optimiser did not converge in \(maxIterations) iterations")
    }

    /// The longest step in the parameters, in their units.
    private static let longestStep = 1.0

    private static func identity(_ n: Int) -> [[Double]] {
        (0..<n).map { i in (0..<n).map { $0 == i ? 1 : 0 } }
    }

    private static func multiply(_ matrix: [[Double]], _ vector: [Double]) -> [Double] {
        matrix.map { dot($0, vector) }
    }

    private static func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }

    private static func norm(_ a: [Double]) -> Double { dot(a, a).squareRoot() }
}

/// A model fit that did not succeed, with why.
struct FitFailure: Error, Sendable {
    var message: String
}
