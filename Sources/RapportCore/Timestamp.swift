/// An instant in UTC with millisecond precision, spoken on the wire as RFC 3339.
///
/// Storage keeps the integer ``millisecondsSince1970`` so that ranges are plain integer
/// comparisons; the protocol reads any RFC 3339 time (`2026-03-01T10:00:00Z`,
/// `2026-03-01T13:00:00.250+03:00`) and always writes UTC with a `Z`, with milliseconds only
/// when they are not zero.
///
/// ```swift
/// let t = try Timestamp(rfc3339: "2026-03-01T10:00:00+03:00")
/// t.rfc3339 // "2026-03-01T07:00:00Z"
/// ```
public struct Timestamp: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public var millisecondsSince1970: Int64

    /// Creates a timestamp from milliseconds since the Unix epoch.
    public init(millisecondsSince1970: Int64) {
        self.millisecondsSince1970 = millisecondsSince1970
    }

    /// Orders instants chronologically.
    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.millisecondsSince1970 < rhs.millisecondsSince1970
    }

    /// The earliest and latest instants a timestamp holds: arithmetic stops there rather than
    /// overflow, so "365 000 000 days after" is the end of time, never a trap.
    public static let distantPast = Timestamp(millisecondsSince1970: .min)
    /// See ``distantPast``.
    public static let distantFuture = Timestamp(millisecondsSince1970: .max)

    /// This instant moved by whole milliseconds, saturating at ``distantPast`` and ``distantFuture``.
    public func adding(milliseconds: Int64) -> Timestamp {
        let (sum, overflow) = millisecondsSince1970.addingReportingOverflow(milliseconds)
        guard !overflow else { return milliseconds < 0 ? .distantPast : .distantFuture }
        return Timestamp(millisecondsSince1970: sum)
    }

    /// This instant moved by whole seconds (negative moves back), saturating.
    public func adding(seconds: Int64) -> Timestamp { adding(milliseconds: seconds, times: 1000) }

    /// This instant moved by whole days of 24 hours, saturating.
    public func adding(days: Int64) -> Timestamp { adding(milliseconds: days, times: 86_400_000) }

    private func adding(milliseconds count: Int64, times unit: Int64) -> Timestamp {
        let (product, overflow) = count.multipliedReportingOverflow(by: unit)
        guard !overflow else { return count < 0 ? .distantPast : .distantFuture }
        return adding(milliseconds: product)
    }

    /// The ``rfc3339`` form, for logs and messages.
    public var description: String { rfc3339 }

    /// Decodes an RFC 3339 string (any offset), throwing `DecodingError.dataCorrupted` when it is not one.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let parsed = Timestamp(parsing: text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "expected an RFC 3339 time such as 2026-03-01T10:00:00Z, got \"\(text)\""
            )
        }
        self = parsed
    }

    /// Encodes the instant as its ``rfc3339`` string in UTC.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rfc3339)
    }
}

// MARK: - RFC 3339

extension Timestamp {
    /// Parses an RFC 3339 date-time, or throws `invalid_params`.
    public init(rfc3339 text: String) throws(RapportError) {
        guard let parsed = Timestamp(parsing: text) else {
            throw RapportError(.invalidParams, "expected an RFC 3339 time such as 2026-03-01T10:00:00Z, got \"\(text)\"")
        }
        self = parsed
    }

    /// Parses an RFC 3339 date-time (`YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`), or returns nil.
    ///
    /// Fractions beyond milliseconds are truncated. Leap seconds (`:60`) are refused.
    public init?(parsing text: String) {
        var text = text
        guard let value = text.withUTF8({ Timestamp.parse(UnsafeRawBufferPointer($0)) }) else { return nil }
        self = value
    }

    /// The RFC 3339 form in UTC: `2026-03-01T10:00:00Z`, or `…:00.250Z` when milliseconds are set.
    public var rfc3339: String {
        let (days, millisecondOfDay) = millisecondsSince1970.floorDivided(by: 86_400_000)
        let (year, month, day) = CivilCalendar.date(fromDaysSince1970: days)
        let seconds = millisecondOfDay / 1000
        let milliseconds = millisecondOfDay % 1000
        guard (0...9999).contains(year) else { return Self.wideYearText(year, month, day, seconds, milliseconds) }
        // Written digit by digit into a fixed buffer: this runs for every time in every result.
        return String(unsafeUninitializedCapacity: 24) { buffer in
            var index = 0
            func put(_ value: Int64, width: Int) {
                var remaining = value
                for offset in stride(from: width - 1, through: 0, by: -1) {
                    buffer[index + offset] = UInt8(ascii: "0") + UInt8(remaining % 10)
                    remaining /= 10
                }
                index += width
            }
            func put(_ character: Unicode.Scalar) {
                buffer[index] = UInt8(ascii: character)
                index += 1
            }
            put(year, width: 4)
            put("-")
            put(month, width: 2)
            put("-")
            put(day, width: 2)
            put("T")
            put(seconds / 3600, width: 2)
            put(":")
            put(seconds / 60 % 60, width: 2)
            put(":")
            put(seconds % 60, width: 2)
            if milliseconds != 0 {
                put(".")
                put(milliseconds, width: 3)
            }
            put("Z")
            return index
        }
    }

    /// The same form for years outside 0000–9999, which RFC 3339 cannot express; kept readable.
    private static func wideYearText(_ year: Int64, _ month: Int64, _ day: Int64, _ seconds: Int64, _ milliseconds: Int64) -> String {
        func padded(_ value: Int64, _ width: Int) -> String {
            let digits = String(value.magnitude)
            return (value < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        var text = padded(year, 4) + "-" + padded(month, 2) + "-" + padded(day, 2)
        text += "T" + padded(seconds / 3600, 2) + ":" + padded(seconds / 60 % 60, 2) + ":" + padded(seconds % 60, 2)
        if milliseconds != 0 { text += "." + padded(milliseconds, 3) }
        return text + "Z"
    }

    private static func parse(_ bytes: UnsafeRawBufferPointer) -> Timestamp? {
        var index = 0
        func digits(_ count: Int) -> Int64? {
            guard index + count <= bytes.count else { return nil }
            var value: Int64 = 0
            for _ in 0..<count {
                let byte = bytes[index]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int64(byte - UInt8(ascii: "0"))
                index += 1
            }
            return value
        }
        func expect(_ characters: UInt8...) -> Bool {
            guard index < bytes.count, characters.contains(bytes[index]) else { return false }
            index += 1
            return true
        }
        guard let year = digits(4), expect(UInt8(ascii: "-")), let month = digits(2), expect(UInt8(ascii: "-")),
            let day = digits(2), expect(UInt8(ascii: "T"), UInt8(ascii: "t")),
            let hour = digits(2), expect(UInt8(ascii: ":")), let minute = digits(2), expect(UInt8(ascii: ":")),
            let second = digits(2)
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= CivilCalendar.daysIn(month: month, year: year),
            hour < 24, minute < 60, second < 60
        else { return nil }
        var milliseconds: Int64 = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var scale: Int64 = 100
            let start = index
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                milliseconds += Int64(bytes[index] - UInt8(ascii: "0")) * scale
                scale /= 10
                index += 1
            }
            guard index > start else { return nil }
        }
        var offsetMinutes: Int64 = 0
        if expect(UInt8(ascii: "Z"), UInt8(ascii: "z")) {
            offsetMinutes = 0
        } else if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            let negative = bytes[index] == UInt8(ascii: "-")
            index += 1
            guard let offsetHours = digits(2), expect(UInt8(ascii: ":")), let offsetMins = digits(2),
                offsetHours < 24, offsetMins < 60
            else { return nil }
            offsetMinutes = (offsetHours * 60 + offsetMins) * (negative ? -1 : 1)
        } else {
            return nil
        }
        guard index == bytes.count else { return nil }
        let days = CivilCalendar.daysSince1970(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetMinutes * 60
        return Timestamp(millisecondsSince1970: seconds * 1000 + milliseconds)
    }
}

/// Proleptic Gregorian calendar arithmetic on plain integers (Howard Hinnant's algorithms).
public enum CivilCalendar {
    /// Days from 1970-01-01 to the given date (negative before it).
    public static func daysSince1970(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date that is `days` days after 1970-01-01.
    public static func date(fromDaysSince1970 days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Whether `year` is a Gregorian leap year.
    public static func isLeap(_ year: Int64) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// The number of days in `month` (1–12) of `year`.
    public static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

extension Int64 {
    /// Division rounding toward negative infinity, with a non-negative remainder.
    fileprivate func floorDivided(by divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let quotient = self / divisor
        let remainder = self % divisor
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }
}
