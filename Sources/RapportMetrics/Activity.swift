/// What one customer's order days add to the period and cohort counts: active in each period
/// with an order, new in the first, retained in each period whose previous one was active too,
/// and in their cohort's row at each offset they were active.
///
/// Aggregates are kept by adding a customer's activity when it changes and taking the old one
/// away, so that the kept counts always equal a count from scratch.
struct Activity: Sendable, Equatable {
    struct PeriodKey: Hashable, Sendable {
        var kind: PeriodKind
        var period: Int64
    }

    struct CohortKey: Hashable, Sendable {
        var kind: PeriodKind
        var cohort: Int64
        var offset: Int64
    }

    struct Counts: Equatable, Sendable {
        var active: Int64 = 0
        var newCustomers: Int64 = 0
        var retained: Int64 = 0

        static func += (lhs: inout Counts, rhs: Counts) {
            lhs.active += rhs.active
            lhs.newCustomers += rhs.newCustomers
            lhs.retained += rhs.retained
        }

        var isZero: Bool { active == 0 && newCustomers == 0 && retained == 0 }
    }

    /// The cohorts are by month and by quarter.
    static let cohortKinds: [PeriodKind] = [.month, .quarter]

    var periods: [PeriodKey: Counts] = [:]
    var cohorts: [CohortKey: Int64] = [:]

    init() {}

    /// The activity of a customer whose orders fall on `days` (any order, repeats allowed).
    init(days: some Sequence<Int64>, calendar: StoreCalendar) {
        var byKind: [PeriodKind: Set<Int64>] = [:]
        for day in days {
            for kind in PeriodKind.allCases { byKind[kind, default: []].insert(calendar.period(kind, ofDay: day)) }
        }
        for (kind, active) in byKind {
            guard let first = active.min() else { continue }
            for period in active {
                var counts = Counts(active: 1)
                if period == first { counts.newCustomers = 1 }
                if active.contains(period - 1) { counts.retained = 1 }
                periods[PeriodKey(kind: kind, period: period)] = counts
                if Self.cohortKinds.contains(kind) { cohorts[CohortKey(kind: kind, cohort: first, offset: period - first)] = 1 }
            }
        }
    }

    /// Adds `other` times `sign` (+1 or −1).
    mutating func add(_ other: Activity, times sign: Int64) {
        for (key, counts) in other.periods {
            periods[key, default: Counts()] += Counts(
                active: sign * counts.active, newCustomers: sign * counts.newCustomers, retained: sign * counts.retained)
        }
        for (key, count) in other.cohorts { cohorts[key, default: 0] += sign * count }
    }

    /// `new` minus `old`, without the keys that did not change.
    static func change(from old: Activity, to new: Activity) -> Activity {
        var change = new
        change.add(old, times: -1)
        change.periods = change.periods.filter { !$0.value.isZero }
        change.cohorts = change.cohorts.filter { $0.value != 0 }
        return change
    }
}
