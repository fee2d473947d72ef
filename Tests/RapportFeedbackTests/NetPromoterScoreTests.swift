import Testing

@testable import RapportFeedback

@Suite struct NetPromoterScoreTests {
    @Test func countsOnlyAnsweredResponses() {
        let score = NetPromoterScore(promoters: 50, passives: 30, detractors: 20, minimumResponses: 30)
        #expect(score.n == 100)
        #expect(score.score == 30)
        #expect(score.tooFewResponses == false)
        // ±1.96·100·√((0.5 + 0.2 − 0.09)/100) = ±15.31 → 14.7 … 45.3
        #expect(score.interval == NetPromoterScore.Interval(low: 14.7, high: 45.3))
    }

    @Test func isNullWithoutResponses() {
        let score = NetPromoterScore(promoters: 0, passives: 0, detractors: 0, minimumResponses: 30)
        #expect(score.score == nil)
        #expect(score.interval == nil)
        #expect(score.n == 0)
        #expect(score.tooFewResponses)
    }

    @Test func onePromoterIsFlaggedNotPlusHundredAlone() {
        let score = NetPromoterScore(promoters: 1, passives: 0, detractors: 0, minimumResponses: 30)
        #expect(score.score == 100)
        #expect(score.tooFewResponses)
        #expect(score.interval == NetPromoterScore.Interval(low: 100, high: 100))
    }

    @Test func roundsHalfAwayFromZero() {
        // 1/8 = 12.5 % → exactly half a tenth at the next digit: 12.5; 1/16 = 6.25 → 6.3; −1/16 → −6.3.
        #expect(NetPromoterScore.roundedTenth(numerator: 100, denominator: 16) == 6.3)
        #expect(NetPromoterScore.roundedTenth(numerator: -100, denominator: 16) == -6.3)
        #expect(NetPromoterScore.roundedTenth(numerator: 100, denominator: 3) == 33.3)
        #expect(NetPromoterScore.roundedTenth(numerator: -200, denominator: 3) == -66.7)
        #expect(NetPromoterScore.roundedTenth(numerator: 0, denominator: 7) == 0)
        let score = NetPromoterScore(promoters: 9, passives: 6, detractors: 1, minimumResponses: 1)
        #expect(score.score == 50)  // (9 − 1)/16 = 50 %
        let third = NetPromoterScore(promoters: 1, passives: 1, detractors: 14, minimumResponses: 1)
        #expect(third.score == -81.3)  // −13/16 = −81.25 → −81.3
    }

    @Test func categories() {
        #expect(NPSCategory(score: 10) == .promoter)
        #expect(NPSCategory(score: 9) == .promoter)
        #expect(NPSCategory(score: 8) == .passive)
        #expect(NPSCategory(score: 7) == .passive)
        #expect(NPSCategory(score: 6) == .detractor)
        #expect(NPSCategory(score: 0) == .detractor)
    }

    @Test func countsByValue() {
        let score = NetPromoterScore(counts: [10: 3, 9: 1, 8: 2, 7: 0, 6: 1, 0: 3], minimumResponses: 30)
        #expect(score.promoters == 4)
        #expect(score.passives == 2)
        #expect(score.detractors == 4)
        #expect(score.score == 0)
    }
}
