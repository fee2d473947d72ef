import RapportCore
import Testing

@testable import RapportFeedback

@Suite struct DeadlineTests {
    private let weekdays = BusinessHours(timeZone: "UTC", days: [.mon, .tue, .wed, .thu, .fri], from: "09:00", to: "17:00")

    private func deadline(_ opened: String, hours: Int64, _ hoursOfBusiness: BusinessHours?, isPublic: Bool = false) -> String {
        let policy = FeedbackPolicy(
            negativeThreshold: 3, responseHours: hours, publicResponseHours: hours, businessHours: hoursOfBusiness, minimumResponses: 30)
        return policy.deadline(openedAt: FeedbackFixture.time(opened), isPublic: isPublic).rfc3339
    }

    @Test func aroundTheClockAddsHours() {
        #expect(
            FeedbackPolicy.standard.deadline(openedAt: FeedbackFixture.time("2026-03-06T10:00:00Z"), isPublic: true).rfc3339 == "2026-03-06T13:00:00Z"
        )
        #expect(
            FeedbackPolicy.standard.deadline(openedAt: FeedbackFixture.time("2026-03-06T10:00:00Z"), isPublic: false).rfc3339
                == "2026-03-07T10:00:00Z")
    }

    @Test func fridayAfternoonPlusOneBusinessHourIsMondayMorning() {
        #expect(deadline("2026-03-06T16:30:00Z", hours: 1, weekdays) == "2026-03-09T09:30:00Z")
    }

    @Test func outsideHoursStartsAtTheNextOpening() {
        #expect(deadline("2026-03-07T12:00:00Z", hours: 3, weekdays) == "2026-03-09T12:00:00Z")  // Saturday
        #expect(deadline("2026-03-09T07:00:00Z", hours: 1, weekdays) == "2026-03-09T10:00:00Z")  // Monday before opening
        #expect(deadline("2026-03-09T18:00:00Z", hours: 1, weekdays) == "2026-03-10T10:00:00Z")  // Monday after closing
    }

    @Test func longResponseTimesSpanDays() {
        // 24 business hours from Monday 09:00 are three full days: Wednesday 17:00.
        #expect(deadline("2026-03-09T09:00:00Z", hours: 24, weekdays) == "2026-03-11T17:00:00Z")
    }

    @Test func timeZonesAreHonoured() {
        // Moscow is UTC+3: 9–17 local is 06:00–14:00 UTC.
        let moscow = BusinessHours(timeZone: "Europe/Moscow", days: [.mon, .tue, .wed, .thu, .fri], from: "09:00", to: "17:00")
        #expect(deadline("2026-03-06T13:30:00Z", hours: 1, moscow) == "2026-03-09T06:30:00Z")
    }

    @Test func badHoursAreRefusedNamingTheField() {
        #expect(throws: RapportError.self) { try BusinessHours(timeZone: "Mars/Olympus", days: [.mon], from: "09:00", to: "17:00").validated() }
        #expect((try? BusinessHours(timeZone: "UTC", days: [], from: "09:00", to: "17:00").validated()) == nil)
        #expect((try? BusinessHours(timeZone: "UTC", days: [.mon], from: "9:00", to: "17:00").validated()) == nil)
        #expect((try? BusinessHours(timeZone: "UTC", days: [.mon], from: "09:00", to: "09:30").validated()) == nil)
        #expect((try? BusinessHours(timeZone: "UTC", days: [.mon, .mon], from: "09:00", to: "17:00").validated()) == nil)
        do {
            _ = try BusinessHours(timeZone: "UTC", days: [.mon], from: "+9:00", to: "17:00").validated()
            Issue.record("accepted +9:00")
        } catch {
            #expect(error.field == "businessHours.from")
        }
        #expect((try? BusinessHours(timeZone: "UTC", days: [.sat, .sun], from: "00:00", to: "24:00").validated()) != nil)
    }
}
