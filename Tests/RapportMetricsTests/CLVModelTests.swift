import Foundation
import Testing

@testable import RapportMetrics

/// The CLV models against the published CDNOW figures (weeks, dollars).
@Suite struct CLVModelTests {
    struct Row {
        var x: Double
        var tx: Double
        var age: Double
        var zbar: Double
    }

    static let cdnow: [Row] = {
        let url = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "Fixtures/cdnow_summary.csv")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        return text.split(whereSeparator: \.isNewline).dropFirst().compactMap { line in
            let fields = line.split(separator: ",").map { Double($0) ?? .nan }
            return fields.count == 5 ? Row(x: fields[1], tx: fields[2], age: fields[3], zbar: fields[4]) : nil
        }
    }()

    @Test func bgnbdReproducesThePaper() throws {
        #expect(Self.cdnow.count == 2357)
        let fit = try BGNBD.fit(Self.cdnow.map { BGNBD.Customer(x: $0.x, tx: $0.tx, age: $0.age, count: 1) })
        #expect(abs(fit.parameters.r - 0.2426) < 0.0005)
        #expect(abs(fit.parameters.alpha - 4.4135) < 0.005)
        #expect(abs(fit.parameters.a - 0.7929) < 0.001)
        #expect(abs(fit.parameters.b - 2.4258) < 0.005)
        #expect(abs(fit.logLikelihood - -9582.43) < 0.1)
    }

    @Test func gammaGammaReproducesNote025() throws {
        let fit = try GammaGamma.fit(Self.cdnow.filter { $0.x > 0 }.map { GammaGamma.Customer(frequency: $0.x, monetaryValue: $0.zbar, count: 1) })
        #expect(abs(fit.parameters.p - 6.2488) < 0.005)
        #expect(abs(fit.parameters.q - 3.7446) < 0.005)
        #expect(abs(fit.parameters.v - 15.4477) < 0.02)
    }

    @Test func conditionalExpectationsMatchThePaper() {
        let p = BGNBD.Parameters(r: 0.2426, alpha: 4.4135, a: 0.7929, b: 2.4258)
        // The paper's worked example: x = 2, tₓ = 30.43, T = 38.86 expects 1.226 purchases in 39 weeks.
        #expect(abs(BGNBD.expectedPurchases(p, t: 39, x: 2, tx: 30.43, age: 38.86) - 1.226) < 0.002)
        #expect(BGNBD.probabilityAlive(p, x: 0, tx: 0, age: 38.86) == 1)
        let alive = BGNBD.probabilityAlive(p, x: 2, tx: 30.43, age: 38.86)
        #expect(alive > 0.7 && alive < 1)
        #expect(BGNBD.expectedPurchases(p, t: 39, x: 0, tx: 0, age: 38.86) > 0)
        let g = GammaGamma.Parameters(p: 6.25, q: 3.74, v: 15.44)
        #expect(abs(GammaGamma.populationMean(g) - 15.44 * 6.25 / 2.74) < 1e-9)
        #expect(GammaGamma.conditionalMean(g, frequency: 10, monetaryValue: 50) > 40)
    }

    @Test func degenerateSamplesFailClearly() {
        #expect(throws: FitFailure.self) { try BGNBD.fit([BGNBD.Customer(x: 0, tx: 0, age: 10, count: 1)]) }
        #expect(throws: FitFailure.self) { try GammaGamma.fit([GammaGamma.Customer(frequency: 1, monetaryValue: 10, count: 1)]) }
        if let fit = try? BGNBD.fit([BGNBD.Customer(x: 0, tx: 0, age: 10, count: 50), BGNBD.Customer(x: 0, tx: 0, age: 20, count: 50)]) {
            let values = [fit.parameters.r, fit.parameters.alpha, fit.parameters.a, fit.parameters.b]
            #expect(values.allSatisfy { $0.isFinite })
        }
    }

    @Test func studentAndWilsonNumbers() {
        let eight = Statistics.wilson(8, of: 20)!
        #expect(abs(eight.low - 0.2188) < 0.0001 && abs(eight.high - 0.6134) < 0.0001)
        let few = Statistics.wilson(8, of: 2000)!
        #expect(abs(few.low - 0.0020) < 0.0001 && abs(few.high - 0.0079) < 0.0001)
        // t = 2.0 with 10 degrees of freedom: two-sided p = 0.07339.
        #expect(abs(Statistics.studentTwoSided(2.0, 10) - 0.07339) < 0.0001)
        #expect(abs(Statistics.studentTwoSided(0, 10) - 1) < 1e-9)
    }
}
