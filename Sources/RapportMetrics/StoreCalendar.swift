import Foundation
import RapportCore
public import RapportJSON

/// Calendar days, months, quarters and years in the store's time zone, as metrics count them.
///
/// A day is numbered as days since 1970-01-01 in the zone; a month as `year × 12 + month − 1`, a
/// quarter as `year × 4 + quarter − 1`, a year as itself. Metric windows are whole local days: a
/// `from` or `to` inside a day counts from that day's start.
struct StoreCalendar: Sendable {
    let zone: TimeZone
    /// Day numbers standing for "no bound".
    static let unbounded: Range<Int64> = -10_000_000..<10_000_000

    init(timeZone identifier: String) {
        zone = TimeZone(identifier: identifier) ?? TimeZone(identifier: "UTC")!
    }

    /// The local day a moment falls on.
    func day(of time: Timestamp) -> Int64 {
        let milliseconds = time.millisecondsSince1970
        let offset = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(milliseconds) / 1000))) * 1000
        return floorDiv(milliseconds + offset, 86_400_000)
    }

    /// The moment a local day starts.
    func start(ofDay day: Int64) -> Timestamp {
        let guess = day * 86_400_000
        // The offset at the local midnight, found from the offset a few hours around it.
        var offset = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(guess) / 1000))) * 1000
        offset = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(guess - offset) / 1000))) * 1000
        return Timestamp(millisecondsSince1970: guess - offset)
    }

    /// The period of `kind` that a local day falls in.
    func period(_ kind: PeriodKind, ofDay day: Int64) -> Int64 {
        let (year, month, _) = CivilCalendar.date(fromDaysSince1970: day)
        switch kind {
        case .month: return year * 12 + month - 1
        case .quarter: return year * 4 + (month - 1) / 3
        case .year: return year
        }
    }

    /// The first local day of a period.
    func firstDay(of period: Int64, _ kind: PeriodKind) -> Int64 {
        switch kind {
        case .month: CivilCalendar.daysSince1970(year: floorDiv(period, 12), month: period - floorDiv(period, 12) * 12 + 1, day: 1)
        case .quarter: CivilCalendar.daysSince1970(year: floorDiv(period, 4), month: (period - floorDiv(period, 4) * 4) * 3 + 1, day: 1)
        case .year: CivilCalendar.daysSince1970(year: period, month: 1, day: 1)
        }
    }

    /// A period's name: `2024-01`, `2024Q1`, `2024`.
    func name(of period: Int64, _ kind: PeriodKind) -> String {
        func padded(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        switch kind {
        case .month: return "\(padded(floorDiv(period, 12), 4))-\(padded(period - floorDiv(period, 12) * 12 + 1, 2))"
        case .quarter: return "\(padded(floorDiv(period, 4), 4))Q\(period - floorDiv(period, 4) * 4 + 1)"
        case .year: return padded(period, 4)
        }
    }

    /// The local days `[first, end)` of a window given in moments (nil: unbounded).
    func days(from: Timestamp?, to: Timestamp?) -> (first: Int64, end: Int64) {
        (from.map(day(of:)) ?? Self.unbounded.lowerBound, to.map(day(of:)) ?? Self.unbounded.upperBound)
    }
}

/// How periods are cut.
public enum PeriodKind: String, Codable, Sendable, Hashable, CaseIterable, JSONSchemaEnum {
    /// A calendar month (`2024-01`), quarter (`2024Q1`) or year (`2024`) in the store's time zone.
    case month, quarter, year
}

func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let quotient = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient
}
