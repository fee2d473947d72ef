import RapportCore
import Testing

@Suite struct TimestampTests {
    @Test(arguments: [
        ("1970-01-01T00:00:00Z", Int64(0)),
        ("2026-03-01T10:00:00Z", Int64(1_772_359_200_000)),
        ("2026-03-01T13:00:00+03:00", Int64(1_772_359_200_000)),
        ("2026-03-01T05:30:00-04:30", Int64(1_772_359_200_000)),
        ("2026-03-01t10:00:00z", Int64(1_772_359_200_000)),
        ("2026-03-01T10:00:00.250Z", Int64(1_772_359_200_250)),
        ("2026-03-01T10:00:00.2Z", Int64(1_772_359_200_200)),
        ("2026-03-01T10:00:00.999999Z", Int64(1_772_359_200_999)),
        ("1969-12-31T23:59:59Z", Int64(-1000)),
        ("2024-02-29T00:00:00Z", Int64(1_709_164_800_000)),
    ])
    func parsesRFC3339(text: String, milliseconds: Int64) throws {
        #expect(try Timestamp(rfc3339: text).millisecondsSince1970 == milliseconds)
    }

    @Test(arguments: [
        "", "2026-03-01", "2026-03-01T10:00:00", "2026-3-01T10:00:00Z", "2026-03-01 10:00:00Z",
        "2026-13-01T10:00:00Z", "2026-02-29T10:00:00Z", "2026-04-31T00:00:00Z", "2026-03-01T24:00:00Z",
        "2026-03-01T10:60:00Z", "2026-03-01T10:00:60Z", "2026-03-01T10:00:00.Z", "2026-03-01T10:00:00+0300",
        "2026-03-01T10:00:00Z ", "x2026-03-01T10:00:00Z", "2026-03-01T10:00:00+24:00",
    ])
    func refusesMalformedTimes(text: String) {
        #expect(Timestamp(parsing: text) == nil)
        #expect(throws: RapportError.self) { try Timestamp(rfc3339: text) }
    }

    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00Z"),
        (Int64(1_772_359_200_250), "2026-03-01T10:00:00.250Z"),
        (Int64(-1), "1969-12-31T23:59:59.999Z"),
        (Int64(253_402_300_799_000), "9999-12-31T23:59:59Z"),
    ])
    func formatsUTC(milliseconds: Int64, text: String) {
        #expect(Timestamp(millisecondsSince1970: milliseconds).rfc3339 == text)
    }

    @Test func civilCalendarRoundTripsEveryDayOfFourCenturies() {
        var days = CivilCalendar.daysSince1970(year: 1900, month: 1, day: 1)
        for year in Int64(1900)...Int64(2300) {
            for month in Int64(1)...12 {
                for day in 1...CivilCalendar.daysIn(month: month, year: year) {
                    #expect(CivilCalendar.daysSince1970(year: year, month: month, day: day) == days)
                    let date = CivilCalendar.date(fromDaysSince1970: days)
                    #expect(date.year == year && date.month == month && date.day == day)
                    days += 1
                }
            }
        }
    }

    @Test func manualClockMoves() throws {
        let clock = ManualWallClock(try Timestamp(rfc3339: "2026-01-01T00:00:00Z"))
        clock.advance(days: 61)
        #expect(clock.now().rfc3339 == "2026-03-03T00:00:00Z")
        clock.advance(seconds: 90)
        #expect(clock.now().rfc3339 == "2026-03-03T00:01:30Z")
    }
}
