import Foundation
import RapportCore
import RapportStorage
import TestSupport
import Testing

@testable import RapportLoyalty

@Suite struct ProgramTests {
    private func program(_ rounding: LoyaltyProgram.Rounding) -> LoyaltyProgram {
        var program = LoyaltyProgram.standard
        program.rounding = rounding
        return program
    }

    @Test(arguments: [
        // amount (minor units), multiplier ×100, down, nearest, up
        (Int64(100_000), Int64(100), Int64(50), Int64(50), Int64(50)),
        (150_000, 100, 75, 75, 75),
        (1_999, 100, 0, 1, 1),  // 0.9995 points
        (1_000, 100, 0, 1, 1),  // exactly 0.5: nearest rounds half up
        (999, 100, 0, 0, 1),
        (100_000, 125, 62, 63, 63),  // 62.5
        (100_000, 150, 75, 75, 75),
        (0, 150, 0, 0, 0),
    ])
    func pointsAreMadeWholeAsConfigured(_ amount: Int64, _ multiplier: Int64, _ down: Int64, _ nearest: Int64, _ up: Int64) {
        let money = Money(minorUnits: amount)
        #expect(program(.down).points(for: money, multiplierHundredths: multiplier) == down)
        #expect(program(.nearest).points(for: money, multiplierHundredths: multiplier) == nearest)
        #expect(program(.up).points(for: money, multiplierHundredths: multiplier) == up)
    }

    @Test func hugeAmountsNeitherOverflowNorTrap() {
        let points = LoyaltyProgram.standard.points(for: Money(minorUnits: .max), multiplierHundredths: 1_000)
        #expect(points == Points.maximum, "one order earns at most Points.maximum")
        let largest = LoyaltyProgram.standard.points(for: Money(minorUnits: Money.maximum), multiplierHundredths: 1_000)
        #expect(largest == Money.maximum * 50 * 10 / 100_000)
        #expect(LoyaltyProgram.standard.discount(for: .max).minorUnits == .max)
    }

    @Test func redemptionIsCappedAtTheShareOfTheOrder() {
        var program = LoyaltyProgram.standard  // 50%, 1 point = 100 minor units
        #expect(program.maxPoints(forBasket: Money(minorUnits: 150_000)) == 750)
        #expect(program.maxPoints(forBasket: Money(minorUnits: 199)) == 0)
        #expect(program.discount(for: 750).minorUnits == 75_000)
        // A basket of 1500.00 paid 750.00 in money and 750 points: the recorded order allows those 750.
        #expect(program.maxPoints(forOrderPaid: Money(minorUnits: 75_000)) == 750)
        program.maxRedeemShare = 20
        #expect(program.maxPoints(forOrderPaid: Money(minorUnits: 80_000)) == 200)  // 200.00 of a 1000.00 basket
        program.maxRedeemShare = 100
        #expect(program.maxPoints(forOrderPaid: .zero) == nil)
    }

    @Test func invalidProgramsNameTheirField() {
        var program = LoyaltyProgram.standard
        program.maxRedeemShare = 101
        #expect(throws: RapportError.self) { try program.validated() }
        program = .standard
        program.earnRate.per = .zero
        do {
            _ = try program.validated()
            Issue.record("accepted per = 0")
        } catch {
            #expect(error.field == "earnRate.per")
        }
    }

    @Test func humanCodesAreStableAndUnambiguous() {
        let code = HumanCode.make(seed: "cus_01", attempt: 0, length: 8)
        #expect(code == HumanCode.make(seed: "cus_01", attempt: 0, length: 8))
        #expect(code != HumanCode.make(seed: "cus_01", attempt: 1, length: 8))
        #expect(code != HumanCode.make(seed: "cus_02", attempt: 0, length: 8))
        #expect(code.count == 8 && code.allSatisfy { !"01ILOU".contains($0) })
        #expect(HumanCode.normalized(" abcd-efgh ") == "ABCDEFGH")
        #expect(HumanCode.grouped("ABCDEFGH") == "ABCD-EFGH")
        let codes = Set((0..<10_000).map { HumanCode.make(seed: "cpn_\($0)", attempt: 0, length: 8) })
        #expect(codes.count == 10_000)
    }

    @Test func tierPoliciesAreChecked() {
        var policy = TierPolicy.standard
        #expect(throws: Never.self) { try policy.validated() }
        policy.tiers[1].threshold = 0
        #expect(throws: RapportError.self) { try policy.validated() }
        policy = .standard
        policy.tiers[2].multiplier = 1.005
        #expect(throws: RapportError.self) { try policy.validated() }
        policy = .standard
        policy.window = "a year"
        #expect(throws: RapportError.self) { try policy.validated() }
        #expect(TierPolicy.standard.rank(qualifying: 4_999_999) == 0)
        #expect(TierPolicy.standard.rank(qualifying: 5_000_000) == 1)
        #expect(TierPolicy.standard.rank(qualifying: 20_000_000) == 2)
    }
}
