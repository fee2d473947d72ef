import GRDB
import RapportCore
import RapportStorage

/// One customer's day of orders, revenue and ledger entries.
struct CustomerDay: Sendable, Hashable {
    var day: Int64
    var orders: Int64
    var revenue: Int64
    var entries: Int64
}

/// One customer's life summary: what BG/NBD and the per-customer metrics read.
struct CustomerSummary: Sendable, Hashable {
    var customerId: String
    var orders: Int64
    var revenue: Int64
    var entries: Int64
    /// Distinct days with an order.
    var days: Int64
    var firstDay: Int64?
    var lastDay: Int64?
    var firstDayRevenue: Int64

    /// The summary of a customer's days.
    init(customerId: String, days rows: [CustomerDay]) {
        self.customerId = customerId
        let ordered = rows.filter { $0.orders > 0 }.sorted { $0.day < $1.day }
        orders = ordered.reduce(0) { $0.addingSaturated($1.orders) }
        revenue = ordered.reduce(0) { $0.addingSaturated($1.revenue) }
        entries = rows.reduce(0) { $0.addingSaturated($1.entries) }
        days = Int64(ordered.count)
        firstDay = ordered.first?.day
        lastDay = ordered.last?.day
        firstDayRevenue = ordered.first?.revenue ?? 0
    }

    init(_ row: Row) throws {
        customerId = try row.decode(forColumn: "customer_id")
        orders = try row.decode(forColumn: "orders")
        revenue = try row.decode(forColumn: "revenue")
        entries = try row.decode(forColumn: "entries")
        days = try row.decode(forColumn: "days")
        firstDay = try row.decode(forColumn: "first_day")
        lastDay = try row.decode(forColumn: "last_day")
        firstDayRevenue = try row.decode(forColumn: "first_day_revenue")
    }
}

/// Reading and writing the aggregate tables.
enum AggregateRows {
    /// `sum` kept within 64 bits: SQLite turns an overflowing integer sum into a float. Revenue
    /// past 2^63 minor units only comes from stores written before money had a range, whose
    /// totals the customers room also saturates.
    static func saturated(_ sum: String) -> String {
        "MIN(MAX(\(sum), -9223372036854775808), 9223372036854775807)"
    }

    static let summaryColumns = "customer_id, orders, revenue, entries, days, first_day, last_day, first_day_revenue"

    static func days(of customerId: String, in db: Database) throws -> [CustomerDay] {
        try Row.fetchAll(
            db.cachedStatement(sql: "SELECT day, orders, revenue, entries FROM metrics_customer_day WHERE customer_id = ? ORDER BY day"),
            arguments: [customerId]
        ).map(customerDay)
    }

    static func customerDay(_ row: Row) throws -> CustomerDay {
        CustomerDay(
            day: try row.decode(forColumn: "day"), orders: try row.decode(forColumn: "orders"), revenue: try row.decode(forColumn: "revenue"),
            entries: try row.decode(forColumn: "entries"))
    }

    /// Adds to a customer's day; answers the day's orders and revenue after.
    @discardableResult
    static func addToCustomerDay(
        _ customerId: String, day: Int64, orders: Int64, revenue: Int64, entries: Int64, in db: Database
    ) throws -> (orders: Int64, revenue: Int64) {
        let row = try Row.fetchOne(
            db.cachedStatement(
                sql: """
                    INSERT INTO metrics_customer_day (customer_id, day, orders, revenue, entries) VALUES (?1, ?2, ?3, ?4, ?5)
                    ON CONFLICT DO UPDATE SET orders = orders + ?3, revenue = \(saturated("revenue + ?4")), entries = entries + ?5
                    RETURNING orders, revenue
                    """), arguments: [customerId, day, orders, revenue, entries])
        return (try row?.decode(forColumn: "orders") ?? 0, try row?.decode(forColumn: "revenue") ?? 0)
    }

    /// The days on which a customer ordered.
    static func orderDays(of customerId: String, in db: Database) throws -> [Int64] {
        try Int64.fetchAll(
            db.cachedStatement(sql: "SELECT day FROM metrics_customer_day WHERE customer_id = ? AND orders > 0"), arguments: [customerId])
    }

    /// An order in a customer's summary: `dayRevenue` is its day's revenue with it, `newDay`
    /// whether it is the day's first. What ``CustomerSummary/init(customerId:days:)`` would
    /// compute from the days, without reading them.
    static func addOrder(of customerId: String, day: Int64, net: Int64, dayRevenue: Int64, newDay: Bool, in db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO metrics_customer (\(summaryColumns)) VALUES (?1, 1, ?3, 0, 1, ?2, ?2, ?4)
                ON CONFLICT DO UPDATE SET
                    orders = orders + 1, revenue = \(saturated("revenue + ?3")), days = days + ?5,
                    first_day_revenue = CASE WHEN first_day IS NULL OR ?2 <= first_day THEN ?4 ELSE first_day_revenue END,
                    first_day = CASE WHEN first_day IS NULL OR ?2 < first_day THEN ?2 ELSE first_day END,
                    last_day = CASE WHEN last_day IS NULL OR ?2 > last_day THEN ?2 ELSE last_day END
                """
        ).execute(arguments: [customerId, day, net, dayRevenue, newDay ? 1 : 0])
    }

    /// A refund of an order of `day` in its customer's summary.
    static func addRefund(of customerId: String, day: Int64, amount: Int64, in db: Database) throws {
        try db.cachedStatement(
            sql: """
                UPDATE metrics_customer SET revenue = \(saturated("revenue - ?3")),
                    first_day_revenue = CASE WHEN first_day = ?2 THEN \(saturated("first_day_revenue - ?3")) ELSE first_day_revenue END
                WHERE customer_id = ?1
                """
        ).execute(arguments: [customerId, day, amount])
    }

    static func addToDay(_ day: Int64, orders: Int64, revenue: Int64, squares: Double, in db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO metrics_day (day, orders, revenue, revenue_squares) VALUES (?1, ?2, ?3, ?4)
                ON CONFLICT DO UPDATE SET orders = orders + ?2, revenue = \(saturated("revenue + ?3")), revenue_squares = revenue_squares + ?4
                """
        ).execute(arguments: [day, orders, revenue, squares])
    }

    /// One more ledger entry in a customer's summary.
    static func addEntry(of customerId: String, in db: Database) throws {
        try db.cachedStatement(
            sql: "INSERT INTO metrics_customer (customer_id, entries) VALUES (?, 1) ON CONFLICT DO UPDATE SET entries = entries + 1"
        ).execute(arguments: [customerId])
    }

    static func summary(of customerId: String, in db: Database) throws -> CustomerSummary? {
        try Row.fetchOne(
            db.cachedStatement(sql: "SELECT \(summaryColumns) FROM metrics_customer WHERE customer_id = ?"), arguments: [customerId]
        ).map(CustomerSummary.init)
    }

    static func save(_ summary: CustomerSummary, in db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO metrics_customer (\(summaryColumns)) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                ON CONFLICT DO UPDATE SET orders = ?2, revenue = ?3, entries = ?4, days = ?5, first_day = ?6, last_day = ?7,
                    first_day_revenue = ?8
                """
        ).execute(arguments: [
            summary.customerId, summary.orders, summary.revenue, summary.entries, summary.days, summary.firstDay, summary.lastDay,
            summary.firstDayRevenue,
        ])
    }

    /// Adds an activity change to the period and cohort counts.
    static func apply(_ change: Activity, in db: Database) throws {
        let period = try db.cachedStatement(
            sql: """
                INSERT INTO metrics_period (kind, period, active, new_customers, retained) VALUES (?1, ?2, ?3, ?4, ?5)
                ON CONFLICT DO UPDATE SET active = active + ?3, new_customers = new_customers + ?4, retained = retained + ?5
                """)
        for (key, counts) in change.periods {
            try period.execute(arguments: [key.kind.rawValue, key.period, counts.active, counts.newCustomers, counts.retained])
        }
        let cohort = try db.cachedStatement(
            sql: """
                INSERT INTO metrics_cohort (kind, cohort, offset, customers) VALUES (?1, ?2, ?3, ?4)
                ON CONFLICT DO UPDATE SET customers = customers + ?4
                """)
        for (key, count) in change.cohorts {
            try cohort.execute(arguments: [key.kind.rawValue, key.cohort, key.offset, count])
        }
    }

    /// Every aggregate row, gone (before a rebuild).
    static func clear(in db: Database) throws {
        for table in ["metrics_customer", "metrics_customer_day", "metrics_day", "metrics_period", "metrics_cohort"] {
            try db.execute(sql: "DELETE FROM \(table)")
        }
    }

    static func removeCustomer(_ customerId: String, in db: Database) throws {
        try db.execute(sql: "DELETE FROM metrics_customer_day WHERE customer_id = ?", arguments: [customerId])
        try db.execute(sql: "DELETE FROM metrics_customer WHERE customer_id = ?", arguments: [customerId])
    }
}
