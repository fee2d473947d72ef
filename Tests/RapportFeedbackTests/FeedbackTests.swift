import RapportCore
import RapportCustomers
import RapportJSON
import RapportLoyalty
import RapportRPC
import RapportStorage
import TestSupport
import Testing

@testable import RapportFeedback

@Suite struct SurveyTests {
    private let questions: [Survey.Question] = [
        .init(id: "recommend", kind: .nps, text: "How likely are you to recommend us?", required: true),
        .init(id: "taste", kind: .rating, text: "How was the coffee?"),
        .init(id: "better", kind: .text, text: "What could we do better?"),
        .init(id: "visit", kind: .single, text: "How did you visit?", choices: ["store", "delivery"]),
        .init(id: "liked", kind: .multiple, text: "What did you like?", choices: ["coffee", "staff", "music"]),
    ]

    @Test func badQuestionsAreRefusedNamingTheField() async throws {
        let fixture = try FeedbackFixture()
        func field(_ questions: [Survey.Question]) async -> String? {
            await fixture.error(SurveysCreate.self, .init(name: "S", questions: questions))?.field
        }
        #expect(await field([]) == "questions")
        #expect(await field(questions + [.init(id: "six", kind: .text, text: "?")]) == "questions")
        #expect(await field([.init(id: "a", kind: .single, text: "?", choices: ["only"])]) == "questions[0].choices")
        #expect(
            await field([.init(id: "a", kind: .multiple, text: "?", choices: Array(repeating: "x", count: 11).enumerated().map { "\($0.offset)" })])
                == "questions[0].choices")
        #expect(await field([.init(id: "a", kind: .single, text: "?", choices: ["x", "x"])]) == "questions[0].choices[1]")
        #expect(await field([.init(id: "a", kind: .rating, text: "?", choices: ["x", "y"])]) == "questions[0].choices")
        #expect(await field([.init(id: "a", kind: .nps, text: "?"), .init(id: "a", kind: .text, text: "?")]) == "questions[1].id")
        #expect(await field([.init(id: "a b", kind: .nps, text: "?")]) == "questions[0].id")
        #expect(await field([.init(id: "a", kind: .nps, text: "  ")]) == "questions[0].text")
    }

    @Test func answersAreCheckedAgainstTheirQuestions() async throws {
        let fixture = try FeedbackFixture()
        let survey = try await fixture.call(SurveysCreate.self, .init(name: "After order", purpose: .afterOrder, questions: questions))
        func field(_ answers: JSONObject) async -> String? {
            await fixture.error(SurveysRespond.self, .init(surveyId: survey.id, answers: answers))?.field
        }
        #expect(await field(["recommend": 11]) == "answers.recommend")
        #expect(await field(["recommend": 5.5]) == "answers.recommend")
        #expect(await field(["recommend": "9"]) == "answers.recommend")
        #expect(await field(["recommend": 9, "taste": 0]) == "answers.taste")
        #expect(await field(["recommend": 9, "visit": "by air"]) == "answers.visit")
        #expect(await field(["recommend": 9, "liked": []]) == "answers.liked")
        #expect(await field(["recommend": 9, "liked": ["coffee", "coffee"]]) == "answers.liked")
        #expect(await field(["recommend": 9, "unknown": 1]) == "answers.unknown")
        #expect(await field(["taste": 5]) == "answers.recommend")  // required
        #expect(await field(["recommend": .null, "taste": 5]) == "answers.recommend")
    }

    @Test func oneResponsePerCustomerUnlessAllowedAndNoneWhenClosed() async throws {
        let fixture = try FeedbackFixture()
        let customer = try await fixture.customer()
        let survey = try await fixture.call(SurveysCreate.self, .init(name: "S", questions: questions))
        _ = try await fixture.call(SurveysRespond.self, .init(surveyId: survey.id, customerId: customer, answers: ["recommend": 9]))
        let again = await fixture.error(SurveysRespond.self, .init(surveyId: survey.id, customerId: customer, answers: ["recommend": 10]))
        #expect(again?.reason == .conflict)
        let many = try await fixture.call(SurveysCreate.self, .init(name: "M", questions: questions, allowMultiple: true))
        _ = try await fixture.call(SurveysRespond.self, .init(surveyId: many.id, customerId: customer, answers: ["recommend": 9]))
        _ = try await fixture.call(SurveysRespond.self, .init(surveyId: many.id, customerId: customer, answers: ["recommend": 8]))
        let closed = try await fixture.call(SurveysClose.self, .init(surveyId: many.id))
        #expect(closed.status == .closed)
        #expect(closed.responses == 2)
        let late = await fixture.error(SurveysRespond.self, .init(surveyId: many.id, answers: ["recommend": 7]))
        #expect(late?.reason == .notAllowed)
    }

    @Test func resultsCountEveryValueAndCutDaysAnywhere() async throws {
        let fixture = try FeedbackFixture()
        let survey = try await fixture.call(SurveysCreate.self, .init(name: "S", questions: questions))
        let answers: [(JSONObject, String)] = [
            (["recommend": 10, "taste": 5, "better": "More seats", "liked": ["coffee", "staff"]], "2026-03-01T08:00:00Z"),
            (["recommend": 9, "taste": 4, "visit": "store"], "2026-03-01T20:00:00Z"),
            (["recommend": 3, "taste": 2, "better": "Faster service", "visit": "delivery", "liked": ["music"]], "2026-03-02T12:00:00Z"),
            (["recommend": 7, "better": "   "], "2026-03-03T23:59:59Z"),
        ]
        for (answer, at) in answers {
            _ = try await fixture.call(
                SurveysRespond.self, .init(surveyId: survey.id, answers: answer, comment: "thanks", at: FeedbackFixture.time(at)))
        }
        let all = try await fixture.call(SurveysResults.self, .init(surveyId: survey.id))
        #expect(all.responses == 4)
        let recommend = try #require(all.questions.first)
        #expect(recommend.answered == 4)
        #expect(recommend.counts.count == 11)
        #expect(recommend.nps?.promoters == 2)
        #expect(recommend.nps?.detractors == 1)
        #expect(recommend.nps?.score == 25)
        #expect(recommend.nps?.tooFewResponses == true)
        #expect(recommend.mean == 29.0 / 4)
        let taste = all.questions[1]
        #expect(taste.answered == 3)
        #expect(taste.mean == 11.0 / 3)
        #expect(taste.counts.map(\.count) == [0, 1, 0, 1, 1])
        let better = all.questions[2]
        #expect(better.answered == 2)  // a blank text is a skipped question
        #expect(better.texts?.items.map(\.text) == ["More seats", "Faster service"])
        #expect(all.questions[3].counts.map(\.count) == [1, 1])
        #expect(all.questions[4].answered == 2)
        #expect(all.questions[4].counts.map(\.count) == [1, 1, 1])
        #expect(all.comments.items.count == 4)

        // A window cutting days in the middle reads whole days from the tallies and the edges from responses.
        let window = try await fixture.call(
            SurveysResults.self,
            .init(surveyId: survey.id, from: FeedbackFixture.time("2026-03-01T12:00:00Z"), to: FeedbackFixture.time("2026-03-03T12:00:00Z")))
        #expect(window.responses == 2)
        #expect(window.questions[0].counts.filter { $0.count > 0 }.map(\.value) == [.int(3), .int(9)])
        #expect(window.questions[2].texts?.items.map(\.text) == ["Faster service"])

        let partialHours = try await fixture.call(
            SurveysResults.self,
            .init(surveyId: survey.id, from: FeedbackFixture.time("2026-03-01T19:59:59Z"), to: FeedbackFixture.time("2026-03-02T12:00:00.001Z")))
        #expect(partialHours.responses == 2)

        let page = try await fixture.call(SurveysResults.self, .init(surveyId: survey.id, textLimit: 1))
        let next = try #require(page.questions[2].texts?.nextCursor)
        let rest = try await fixture.call(SurveysTexts.self, .init(surveyId: survey.id, questionId: "better", cursor: next))
        #expect(rest.items.map(\.text) == ["Faster service"])
        #expect(rest.nextCursor == nil)
        let notText = await fixture.error(SurveysTexts.self, .init(surveyId: survey.id, questionId: "taste"))
        #expect(notText?.field == "questionId")
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func tallyWindowsEqualCountingEveryResponse(seed: UInt64) async throws {
        let fixture = try FeedbackFixture()
        var random = SplitMix64(state: seed)
        let survey = try await fixture.call(SurveysCreate.self, .init(name: "S", questions: [questions[0], questions[4]]))
        let start = FeedbackFixture.time("2026-03-01T00:00:00Z")
        var given: [(at: Timestamp, score: Int64)] = []
        for _ in 0..<150 {
            let at = start.adding(milliseconds: Int64.random(in: 0..<(4 * 86_400_000), using: &random))
            let score = Int64.random(in: 0...10, using: &random)
            given.append((at, score))
            _ = try await fixture.call(
                SurveysRespond.self, .init(surveyId: survey.id, answers: ["recommend": .int(score), "liked": ["staff"]], at: at))
        }
        for _ in 0..<25 {
            let a = start.adding(milliseconds: Int64.random(in: -86_400_000..<(5 * 86_400_000), using: &random))
            let b = a.adding(milliseconds: Int64.random(in: 0..<(3 * 86_400_000), using: &random))
            let result = try await fixture.call(SurveysResults.self, .init(surveyId: survey.id, from: a, to: b))
            let inside = given.filter { $0.at >= a && $0.at < b }
            #expect(result.responses == Int64(inside.count))
            #expect(result.questions[0].counts.map(\.count) == (0...10).map { score in Int64(inside.filter { $0.score == score }.count) })
            #expect(result.questions[1].answered == Int64(inside.count))
        }
    }

    @Test func aCustomersResponseIsRewardedOncePerSurvey() async throws {
        let fixture = try FeedbackFixture()
        let customer = try await fixture.customer()
        _ = try await fixture.call(RewardsConfigure.self, RewardRules(rules: [.init(event: .surveyCompleted, points: 25)]))
        let survey = try await fixture.call(SurveysCreate.self, .init(name: "S", questions: questions, allowMultiple: true))
        for score: Int64 in [9, 10] {
            _ = try await fixture.call(SurveysRespond.self, .init(surveyId: survey.id, customerId: customer, answers: ["recommend": .int(score)]))
        }
        let balance = try await fixture.call(LoyaltyBalance.self, .init(customerId: customer))
        #expect(balance.available == 25)
        #expect(fixture.events.withLock { $0 }.filter { $0 == "survey.completed" }.count == 2)
    }
}

@Suite struct ReviewAndInboxTests {
    @Test func reImportIsIdempotentAndAnEditSaysSo() async throws {
        let fixture = try FeedbackFixture()
        let first = try await fixture.review(.google, "g-1", rating: 2, text: "Cold coffee", at: "2026-03-06T10:00:00Z")
        #expect(first.outcome == .created)
        #expect(first.review.negative)
        #expect(first.review.public)
        let same = try await fixture.review(.google, "g-1", rating: 2, text: "Cold coffee", at: "2026-03-06T10:00:00Z")
        #expect(same.outcome == .unchanged)
        #expect(same.review == first.review)
        let edited = try await fixture.review(.google, "g-1", rating: 4, text: "Cold coffee, but they fixed it", at: "2026-03-06T10:00:00Z")
        #expect(edited.outcome == .updated)
        #expect(edited.review.id == first.review.id)
        #expect(edited.review.edits == 1)
        #expect(edited.review.negative == false)
        #expect(edited.review.deadline == first.review.deadline)  // the item stays until someone resolves it
        let other = try await fixture.review(.yandexMaps, "g-1", rating: 5, at: "2026-03-06T10:00:00Z")
        #expect(other.review.id != first.review.id)
        let list = try await fixture.call(ReviewsList.self, .init(source: .google))
        #expect(list.items.map(\.id) == [first.review.id])
        #expect(fixture.events.withLock { $0 }.filter { $0 == "review.negative" }.count == 1)
    }

    @Test func importAnswersEveryRow() async throws {
        let fixture = try FeedbackFixture()
        let result = try await fixture.call(
            ReviewsImport.self,
            .init(reviews: [
                .init(source: .otzovik, externalId: "o-1", rating: 5, text: "Great"),
                .init(source: .otzovik, externalId: "o-2", rating: 1, customerId: "cus_unknown"),
                .init(source: .otzovik, externalId: "o-1", rating: 5, text: "Great"),
                .init(source: .otzovik, externalId: "o-3", rating: 3, topics: ["staff", "staff", "wait"]),
            ]))
        #expect(result.created == 2)
        #expect(result.unchanged == 1)
        #expect(result.failed == 1)
        #expect(result.items[1].error?.reason == "not_found")
        #expect(result.items[1].error?.field == "reviews[1].customerId")
        #expect(result.items[2].reviewId == result.items[0].reviewId)
        let staff = try await fixture.call(ReviewsList.self, .init(topic: "staff"))
        #expect(staff.items.map(\.topics) == [["staff", "wait"]])
    }

    @Test func aPublicNegativeReviewIsDueInThreeHoursAndOnlyStaffMeetsIt() async throws {
        let fixture = try FeedbackFixture()
        let customer = try await fixture.customer("Anna")
        let review = try await fixture.review(.google, "g-7", rating: 1, text: "Rude barista", customerId: customer, at: "2026-03-06T10:00:00Z")
            .review
        #expect(review.deadline == FeedbackFixture.time("2026-03-06T13:00:00Z"))
        let atNoon = try await fixture.inbox(at: "2026-03-06T12:00:00Z")
        #expect(atNoon.map(\.id) == [review.id])
        #expect(atNoon[0].overdue == false)
        #expect(atNoon[0].secondsLeft == 3600)
        #expect(atNoon[0].customer?.name == "Anna")
        #expect(atNoon[0].customer?.tier == "Silver")
        #expect(try await fixture.call(FeedbackOverdue.self, .init(at: FeedbackFixture.time("2026-03-06T12:00:00Z"))).items.isEmpty)

        let bot = try await fixture.call(
            ReviewsRespond.self,
            .init(id: review.id, text: "Thanks, we will look into it", by: "bot", byKind: .bot, at: FeedbackFixture.time("2026-03-06T10:01:00Z")))
        #expect(bot.metDeadline == nil)
        #expect(bot.item.status == .open)
        #expect(bot.item.firstResponseAt == FeedbackFixture.time("2026-03-06T10:01:00Z"))
        let late = try await fixture.inbox(at: "2026-03-06T13:30:00Z")
        #expect(late[0].overdue)
        #expect(late[0].secondsLeft == -1800)
        let overdue = try await fixture.call(FeedbackOverdue.self, .init(at: FeedbackFixture.time("2026-03-06T13:30:00Z")))
        #expect(overdue.items.map(\.id) == [review.id])

        fixture.clock.set(FeedbackFixture.time("2026-03-06T13:40:00Z"))
        let staff = try await fixture.call(
            ReviewsRespond.self, .init(id: review.id, text: "We are sorry, Anna. Please accept our apology.", by: "Olga", byKind: .staff))
        #expect(staff.metDeadline == false)
        #expect(staff.item.status == .responded)
        #expect(staff.item.respondedAt == FeedbackFixture.time("2026-03-06T13:40:00Z"))
        #expect(staff.item.firstResponseAt == FeedbackFixture.time("2026-03-06T10:01:00Z"))
        #expect(try await fixture.call(FeedbackOverdue.self, .init()).items.isEmpty)
    }

    @Test func resolutionCompensatesInTheSameTransactionAndADryRunShowsIt() async throws {
        let fixture = try FeedbackFixture()
        let customer = try await fixture.customer()
        let review = try await fixture.review(.google, "g-9", rating: 2, customerId: customer, at: "2026-03-06T08:00:00Z").review
        let before = try await fixture.call(LoyaltyBalance.self, .init(customerId: customer)).available
        let params = ResolveParams(id: review.id, resolution: "Apologised and compensated", compensation: .init(points: 200))
        let dry = try await fixture.raw(ReviewsResolve.name, try JSONValueEncoder().encode(params), options: CallOptions(dryRun: true))
        #expect(dry["result"]?["compensation"]?["points"] == .int(200))
        #expect(dry["result"]?["compensation"]?["balance"]?["available"] == .int(before + 200))
        #expect(dry["result"]?["item"]?["status"] == .string("resolved"))
        #expect(try await fixture.call(LoyaltyBalance.self, .init(customerId: customer)).available == before)
        #expect(try await fixture.call(ReviewsGet.self, .init(id: review.id)).review.status == .open)

        let resolved = try await fixture.call(ReviewsResolve.self, params)
        #expect(resolved.item.status == .resolved)
        #expect(resolved.compensation?.entry?.points == 200)
        #expect(resolved.compensation?.entry?.reference == review.id)
        #expect(try await fixture.call(LoyaltyBalance.self, .init(customerId: customer)).available == before + 200)
        #expect(try await fixture.call(LoyaltyHistory.self, .init(customerId: customer)).items.first?.points == 200)
        #expect(try await fixture.inbox(at: "2026-03-06T09:00:00Z").isEmpty)
        #expect(await fixture.error(ReviewsResolve.self, params)?.reason == .conflict)
        #expect(await fixture.error(ReviewsRespond.self, .init(id: review.id, text: "x", by: "Olga", byKind: .staff))?.reason == .conflict)
        #expect(try await fixture.call(LoyaltyCheck.self, .init()).mismatches.isEmpty)
    }

    @Test func compensationNeedsACustomerAndCanBeACoupon() async throws {
        let fixture = try FeedbackFixture()
        let anonymous = try await fixture.review(.twoGIS, "2-1", rating: 1, at: "2026-03-06T08:00:00Z").review
        let refused = await fixture.error(ReviewsResolve.self, .init(id: anonymous.id, resolution: "Sorry", compensation: .init(points: 10)))
        #expect(refused?.reason == .notAllowed)
        let customer = try await fixture.customer()
        _ = try await fixture.call(ReviewsLink.self, .init(id: anonymous.id, customerId: customer))
        let offer = try await fixture.call(OffersCreate.self, .init(name: "Free coffee", kind: .gift, gift: "coffee", validDays: 30))
        let resolved = try await fixture.call(
            ReviewsResolve.self, .init(id: anonymous.id, resolution: "Sorry", compensation: .init(offerId: offer.id)))
        #expect(resolved.compensation?.coupon?.offerId == offer.id)
        #expect(resolved.compensation?.coupon?.customerId == customer)
    }

    @Test func linkingRewardsAReviewOnce() async throws {
        let fixture = try FeedbackFixture()
        let customer = try await fixture.customer()
        _ = try await fixture.call(RewardsConfigure.self, RewardRules(rules: [.init(event: .reviewSubmitted, points: 50)]))
        let review = try await fixture.review(.yandexMaps, "y-1", rating: 5, text: "Lovely", at: "2026-03-05T10:00:00Z").review
        _ = try await fixture.call(ReviewsLink.self, .init(id: review.id, customerId: customer))
        _ = try await fixture.call(ReviewsLink.self, .init(id: review.id, customerId: customer))
        _ = try await fixture.review(.yandexMaps, "y-1", rating: 5, text: "Lovely!", at: "2026-03-05T10:00:00Z")
        #expect(try await fixture.call(LoyaltyBalance.self, .init(customerId: customer)).available == 50)
        let other = try await fixture.customer("Other")
        #expect(await fixture.error(ReviewsLink.self, .init(id: review.id, customerId: other))?.reason == .conflict)
    }

    @Test func detractorsAndComplaintsWaitInTheInboxOldestDeadlineFirst() async throws {
        let fixture = try FeedbackFixture()
        let customer = try await fixture.customer()
        _ = try await fixture.call(NPSSubmit.self, .init(score: 2, at: FeedbackFixture.time("2026-03-06T07:00:00Z")))  // anonymous: no item
        let detractor = try await fixture.call(
            NPSSubmit.self, .init(customerId: customer, score: 3, comment: "Slow", channel: "bot", at: FeedbackFixture.time("2026-03-06T07:00:00Z")))
        #expect(detractor.category == .detractor)
        let complaint = try await fixture.call(
            ComplaintsOpen.self,
            .init(customerId: customer, category: .delivery, text: "Late again", at: FeedbackFixture.time("2026-03-06T06:00:00Z")))
        #expect(complaint.deadline == FeedbackFixture.time("2026-03-07T06:00:00Z"))
        let review = try await fixture.review(.google, "g-2", rating: 3, at: "2026-03-06T08:00:00Z").review
        _ = try await fixture.review(.google, "g-3", rating: 5, at: "2026-03-06T08:00:00Z")
        let inbox = try await fixture.inbox(at: "2026-03-06T09:00:00Z")
        #expect(inbox.map(\.id) == [review.id, complaint.id, detractor.id])
        #expect(inbox[2].score == 3)
        #expect(inbox[2].text == "Slow")
        #expect(inbox[1].category == .delivery)
        #expect(inbox[1].customer?.earlierFeedback.isEmpty == true)
        #expect(inbox[2].customer?.earlierFeedback.map(\.id) == [complaint.id])

        let assigned = try await fixture.call(ComplaintsAssign.self, .init(id: complaint.id, to: "Olga"))
        #expect(assigned.assignedTo == "Olga")
        _ = try await fixture.call(
            ComplaintsRespond.self,
            .init(id: complaint.id, text: "We are on it", by: "Olga", byKind: .staff, at: FeedbackFixture.time("2026-03-06T09:00:00Z")))
        let page = try await fixture.call(FeedbackInbox.self, .init(limit: 2, at: FeedbackFixture.time("2026-03-06T09:00:00Z")))
        #expect(page.items.map(\.id) == [review.id, detractor.id])  // answered items follow those still waiting
        let rest = try await fixture.call(
            FeedbackInbox.self, .init(limit: 2, cursor: page.nextCursor, at: FeedbackFixture.time("2026-03-06T09:00:00Z")))
        #expect(rest.items.map(\.id) == [complaint.id])
        #expect(rest.nextCursor == nil)

        _ = try await fixture.call(FeedbackResolve.self, .init(id: detractor.id, resolution: "Called back"))
        let resolved = try await fixture.call(
            ComplaintsResolve.self, .init(id: complaint.id, resolution: "Refunded delivery", compensation: .init(points: 100)))
        #expect(resolved.item.status == .resolved)
        #expect(try await fixture.inbox(at: "2026-03-06T09:00:00Z").map(\.id) == [review.id])

        let stats = try await fixture.call(FeedbackStats.self, .init(at: FeedbackFixture.time("2026-03-06T09:00:00Z")))
        #expect(stats.reviews == 2)
        #expect(stats.negativeReviews == 1)
        #expect(stats.byRating.map(\.reviews) == [0, 0, 1, 0, 1])
        #expect(stats.nps.n == 2)
        #expect(stats.nps.score == -100)
        #expect(stats.complaints == 1)
        #expect(stats.openComplaints == 0)
        #expect(stats.responseTimes.items == 3)
        #expect(stats.responseTimes.responded == 1)
        #expect(stats.responseTimes.medianSeconds == 10_800)
        #expect(stats.responseTimes.withinDeadline == 2)  // the complaint answered, the detractor resolved in time
    }

    @Test func configuredBusinessHoursSetNewDeadlines() async throws {
        let fixture = try FeedbackFixture()
        _ = try await fixture.raw(
            FeedbackConfigure.name,
            [
                "publicResponseHours": 1,
                "businessHours": ["timeZone": "UTC", "days": ["mon", "tue", "wed", "thu", "fri"], "from": "09:00", "to": "17:00"],
            ])
        let review = try await fixture.review(.google, "g-5", rating: 1, at: "2026-03-06T16:30:00Z").review
        #expect(review.deadline == FeedbackFixture.time("2026-03-09T09:30:00Z"))
        let cleared = try await fixture.raw(FeedbackConfigure.name, ["businessHours": .null])
        #expect(cleared["businessHours"] == .null)
        #expect(cleared["publicResponseHours"] == .int(1))
        do {
            _ = try await fixture.raw(
                FeedbackConfigure.name, ["businessHours": ["timeZone": "Nowhere", "days": ["mon"], "from": "09:00", "to": "17:00"]])
            Issue.record("accepted an unknown time zone")
        } catch let error as RapportError {
            #expect(error.field == "businessHours.timeZone")
        }
    }
}

@Suite struct FeedbackCustomerTests {
    @Test func erasureRemovesTextsAndKeepsScores() async throws {
        let fixture = try FeedbackFixture()
        let customer = try await fixture.customer()
        let review = try await fixture.review(
            .google, "g-1", rating: 2, text: "My name is Anna and the coffee was cold", customerId: customer, at: "2026-03-06T08:00:00Z"
        ).review
        _ = try await fixture.call(ReviewsRespond.self, .init(id: review.id, text: "Sorry Anna", by: "Olga", byKind: .staff))
        let answer = try await fixture.call(NPSSubmit.self, .init(customerId: customer, score: 4, comment: "call me on +7 999"))
        let survey = try await fixture.call(
            SurveysCreate.self, .init(name: "S", questions: [.init(id: "why", kind: .text, text: "Why?"), .init(id: "r", kind: .rating, text: "?")]))
        _ = try await fixture.call(
            SurveysRespond.self, .init(surveyId: survey.id, customerId: customer, answers: ["why": "personal", "r": 2], comment: "secret"))
        _ = try await fixture.call(ComplaintsOpen.self, .init(customerId: customer, category: .staff, text: "Rude to me"))
        _ = try await fixture.raw(CustomersErase.name, ["id": .string(customer)])

        let erased = try await fixture.call(ReviewsGet.self, .init(id: review.id))
        #expect(erased.review.text == nil)
        #expect(erased.review.author == nil)
        #expect(erased.review.rating == 2)
        #expect(erased.replies.map(\.text) == [nil])
        let results = try await fixture.call(SurveysResults.self, .init(surveyId: survey.id))
        #expect(results.questions[0].answered == 1)
        #expect(results.questions[0].texts?.items.isEmpty == true)
        #expect(results.questions[1].mean == 2)
        #expect(results.comments.items.isEmpty)
        let inbox = try await fixture.inbox(at: "2026-03-06T09:00:00Z")
        #expect(inbox.first { $0.id == answer.id }?.text == nil)
        #expect(inbox.allSatisfy { $0.text == nil })
        let stats = try await fixture.call(FeedbackStats.self, .init())
        #expect(stats.nps.detractors == 1)
        // The platform sends the review again, text and all: the erased texts stay erased.
        let again = try await fixture.review(.google, "g-1", rating: 3, text: "My name is Anna and the coffee was cold", at: "2026-03-06T08:00:00Z")
        #expect(again.outcome == .updated)
        #expect(again.review.rating == 3)
        #expect(again.review.text == nil)
        #expect(again.review.customerId == customer)
    }

    @Test func aReimportCannotMoveALinkedReviewToAnotherCustomer() async throws {
        let fixture = try FeedbackFixture()
        let anna = try await fixture.customer("Anna")
        let boris = try await fixture.customer("Boris")
        _ = try await fixture.review(.google, "g-1", rating: 4, customerId: anna, at: "2026-03-04T10:00:00Z")
        do {
            _ = try await fixture.review(.google, "g-1", rating: 4, customerId: boris, at: "2026-03-04T10:00:00Z")
            Issue.record("moved a linked review")
        } catch let error as RapportError {
            #expect(error.reason == .conflict)
            #expect(error.field == "customerId")
        }
        let kept = try await fixture.review(.google, "g-1", rating: 5, at: "2026-03-04T10:00:00Z")
        #expect(kept.review.customerId == anna)
        #expect(kept.review.rating == 5)
    }

    @Test func segmentFieldsTimelineExportAndMerge() async throws {
        let fixture = try FeedbackFixture()
        let anna = try await fixture.customer("Anna")
        let boris = try await fixture.customer("Boris")
        _ = try await fixture.call(NPSSubmit.self, .init(customerId: anna, score: 9, at: FeedbackFixture.time("2026-03-01T10:00:00Z")))
        _ = try await fixture.call(NPSSubmit.self, .init(customerId: anna, score: 5, at: FeedbackFixture.time("2026-03-02T10:00:00Z")))
        _ = try await fixture.call(NPSSubmit.self, .init(customerId: boris, score: 10, at: FeedbackFixture.time("2026-03-02T10:00:00Z")))
        _ = try await fixture.call(
            ComplaintsOpen.self, .init(customerId: anna, category: .price, text: "Too dear", at: FeedbackFixture.time("2026-03-03T09:00:00Z")))
        _ = try await fixture.review(.google, "g-1", rating: 4, customerId: boris, at: "2026-03-04T10:00:00Z")
        func members(_ rule: JSONValue) async throws -> [String] {
            let result = try await fixture.raw("segments.preview", ["rule": rule, "sampleSize": 10])
            return result["sample"]?.arrayValue?.compactMap { $0["name"]?.stringValue }.sorted() ?? []
        }
        #expect(try await members(["field": "lastNps", "op": "<=", "value": 6]) == ["Anna"])
        #expect(try await members(["field": "npsCategory", "op": "=", "value": "promoter"]) == ["Boris"])
        #expect(try await members(["field": "openComplaints", "op": ">", "value": 0]) == ["Anna"])
        #expect(try await members(["field": "lastReviewRating", "op": "=", "value": 4]) == ["Boris"])
        #expect(try await members(["field": "daysSinceLastFeedback", "op": "<=", "value": 2]) == ["Boris"])  // now is 03-06 09:00

        let timeline = try await fixture.raw("customers.timeline", ["id": .string(anna)])
        let kinds = timeline["items"]?.arrayValue?.compactMap { $0["kind"]?.stringValue }
        #expect(kinds == ["complaint", "nps", "nps"])
        let export = try await fixture.raw("customers.export", ["id": .string(anna)])
        let section = export["modules"]?["feedback"] ?? export["feedback"]
        #expect(section?["npsAnswers"]?.arrayValue?.count == 2)
        #expect(section?["complaints"]?.arrayValue?.count == 1)

        _ = try await fixture.raw("customers.merge", ["into": .string(boris), "from": .string(anna)])
        #expect(try await members(["field": "openComplaints", "op": ">", "value": 0]) == ["Boris"])
        let merged = try await fixture.raw("customers.export", ["id": .string(boris)])
        #expect((merged["modules"]?["feedback"] ?? merged["feedback"])?["npsAnswers"]?.arrayValue?.count == 3)
    }
}
