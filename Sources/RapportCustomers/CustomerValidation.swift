import RapportCore

/// The rules of a customer's own fields, each failure naming the field; the fields every module
/// shares are in ``FieldValidation``.
enum CustomerValidation {
    /// A birthday `YYYY-MM-DD` or `--MM-DD`, checked against the calendar (Feb 29 only in leap years,
    /// or without a year). Returns the text and its month and day.
    static func birthday(_ text: String, field: String = "birthday") throws(RapportError) -> (text: String, month: Int64, day: Int64) {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int64? {
            guard range.upperBound <= bytes.count else { return nil }
            var value: Int64 = 0
            for byte in bytes[range] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int64(byte - UInt8(ascii: "0"))
            }
            return value
        }
        let year: Int64?
        let month: Int64?
        let day: Int64?
        if bytes.count == 7, bytes[0] == UInt8(ascii: "-"), bytes[1] == UInt8(ascii: "-"), bytes[4] == UInt8(ascii: "-") {
            (year, month, day) = (nil, number(2..<4), number(5..<7))
        } else if bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") {
            (year, month, day) = (number(0..<4), number(5..<7), number(8..<10))
            guard let year, year >= 1900 else {
                throw RapportError.invalid(field, "\"\(text)\" is not a birthday: the year must be 1900 or later")
            }
        } else {
            throw RapportError.invalid(field, "\"\(text)\" is not a birthday: use YYYY-MM-DD, or --MM-DD without a year")
        }
        guard let month, let day, (1...12).contains(month), day >= 1,
            day <= CivilCalendar.daysIn(month: month, year: year ?? 2000)
        else {
            throw RapportError.invalid(field, "\"\(text)\" is not a date that exists")
        }
        return (text, month, day)
    }
}
