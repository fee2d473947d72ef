import RapportCore
import RapportStorage

/// A part of the loyalty configuration, kept in `loyalty_config`.
protocol LoyaltySetting: ModuleSetting {}

/// A number of days written `"365d"`, as tier windows and reward periods are given.
enum DayCount {
    /// The days in `"<N>d"` (1 ≤ N ≤ 36,500).
    static func parse(_ text: String, field: String) throws(RapportError) -> Int64 {
        guard text.hasSuffix("d"), let days = Int64(text.dropLast()), (1...36_500).contains(days) else {
            throw RapportError.invalid(field, "\(field) must be a number of days such as \"365d\" (1d to 36500d), not \"\(text)\"")
        }
        return days
    }
}
