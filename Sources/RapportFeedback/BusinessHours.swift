import Foundation
public import RapportCore
public import RapportJSON

/// The hours in which response times run, in a time zone: `{timeZone, days, from, to}`.
///
/// A deadline counts only open time, so a complaint that comes in on Friday at 16:30 with one
/// hour to answer, under Mon–Fri 9–17, is due on Monday at 09:30 (Chatwoot's SLA fix #13392).
public struct BusinessHours: Codable, Sendable, Hashable, JSONSchemaDocumented {
    /// An IANA time zone (`Europe/Moscow`).
    public var timeZone: String
    /// The open days: `mon`, `tue`, `wed`, `thu`, `fri`, `sat`, `sun`.
    public var days: [Day]
    /// Opening time, `HH:MM`, local.
    public var from: String
    /// Closing time, `HH:MM`, local, after `from` (`24:00` for midnight).
    public var to: String

    /// A day of the week, by its three-letter lowercase name.
    public enum Day: String, Codable, Sendable, Hashable, CaseIterable, JSONSchemaEnum {
        /// Monday to Sunday.
        case mon, tue, wed, thu, fri, sat, sun

        /// Foundation's weekday number (1 is Sunday).
        var weekday: Int {
            switch self {
            case .sun: 1
            case .mon: 2
            case .tue: 3
            case .wed: 4
            case .thu: 5
            case .fri: 6
            case .sat: 7
            }
        }
    }

    /// Hours in `timeZone` on `days`, from `from` to `to` (`HH:MM`); not checked until ``validated()``.
    public init(timeZone: String, days: [Day], from: String, to: String) {
        self.timeZone = timeZone
        self.days = days
        self.from = from
        self.to = to
    }

    /// The field descriptions for protocol.md.
    public static let fieldDescriptions = [
        "timeZone": "An IANA time zone such as Europe/Moscow or UTC.",
        "days": "The open days: mon, tue, wed, thu, fri, sat, sun (at least one, each once).",
        "from": "Opening time, HH:MM local.",
        "to": "Closing time, HH:MM local, at least an hour after from (24:00 for midnight).",
    ]

    /// The hours checked: a known time zone, days given once each, `from` an hour or more before `to`.
    public func validated() throws(RapportError) -> BusinessHours {
        guard TimeZone(identifier: timeZone) != nil else {
            throw RapportError.invalid("businessHours.timeZone", "businessHours.timeZone \"\(timeZone)\" is not a known time zone")
        }
        guard !days.isEmpty, Set(days).count == days.count else {
            throw RapportError.invalid("businessHours.days", "businessHours.days must name each open day once, at least one")
        }
        guard let open = Self.minutes(from, allowingMidnight: false) else {
            throw RapportError.invalid("businessHours.from", "businessHours.from must be a time HH:MM such as 09:00")
        }
        guard let close = Self.minutes(to, allowingMidnight: true) else {
            throw RapportError.invalid("businessHours.to", "businessHours.to must be a time HH:MM such as 17:00")
        }
        guard close - open >= 60 else {
            throw RapportError.invalid("businessHours.to", "businessHours.to must be at least an hour after from")
        }
        return self
    }

    /// `start` plus `minutes` of open time.
    func adding(minutes: Int64, to start: Timestamp) -> Timestamp {
        guard let zone = TimeZone(identifier: timeZone), let open = Self.minutes(from, allowingMidnight: false),
            let close = Self.minutes(to, allowingMidnight: true)
        else { return start.adding(seconds: minutes * 60) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let openDays = Set(days.map(\.weekday))
        var remaining = minutes * 60_000
        var day = calendar.startOfDay(for: Date(timeIntervalSince1970: Double(start.millisecondsSince1970) / 1000))
        // At least an hour a week is open and at most 720 hours are counted: 720 weeks.
        for _ in 0..<(7 * 721) {
            if openDays.contains(calendar.component(.weekday, from: day)),
                let opens = calendar.date(byAdding: .minute, value: open, to: day),
                let closes = calendar.date(byAdding: .minute, value: close, to: day)
            {
                let begin = max(Self.milliseconds(opens), start.millisecondsSince1970)
                let end = Self.milliseconds(closes)
                if begin < end {
                    if remaining <= end - begin { return Timestamp(millisecondsSince1970: begin + remaining) }
                    remaining -= end - begin
                }
            }
            guard let next = calendar.date(byAdding: .day, value: 1, to: day) else { break }
            day = next
        }
        return start.adding(seconds: minutes * 60)
    }

    /// Minutes since midnight of `HH:MM`.
    private static func minutes(_ text: String, allowingMidnight: Bool) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCIIDigit) }), let hours = Int(parts[0]),
            let minutes = Int(parts[1]), (0...59).contains(minutes)
        else { return nil }
        if allowingMidnight, hours == 24, minutes == 0 { return 24 * 60 }
        guard (0...23).contains(hours) else { return nil }
        return hours * 60 + minutes
    }

    private static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
