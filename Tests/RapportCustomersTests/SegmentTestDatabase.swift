import GRDB
import RapportCore
import RapportStorage

@testable import RapportCustomers

/// An in-memory database with the real customers schema and the customers the segment tests ask about.
enum SegmentTestDatabase {
    /// The time every membership test is evaluated at, unless it says otherwise.
    static let now = time("2025-12-28T12:00:00Z")

    /// A fresh database with the fixture customers.
    static func make() throws -> DatabaseQueue {
        let queue = try DatabaseQueue()
        var plan = MigrationPlan()
        CustomersMigrations.register(in: &plan)
        try plan.migrate(queue)
        try queue.write { db in
            for customer in customers { try customer.insert(db) }
        }
        return queue
    }

    /// The live customers' short names: those neither erased nor merged.
    static var liveNames: Set<String> {
        Set(customers.filter { !$0.erased && $0.mergedInto == nil }.map(\.name))
    }

    static func time(_ text: String) -> Timestamp {
        guard let time = Timestamp(parsing: text) else { preconditionFailure("bad fixture time \(text)") }
        return time
    }

    /// One hand-made customer. Its id is `cus_` and its short name.
    struct Customer {
        var name: String
        var fullName: String?
        var email: String?
        var phone: String?
        var locale: String?
        var source = "organic"
        var tags: [String] = []
        var orders: (count: Int64, total: Int64, first: String, last: String)?
        var birthday: (month: Int64, day: Int64)?
        var consent = "{}"
        var attributes = "{}"
        var createdAt = "2025-01-01T00:00:00Z"
        var erased = false
        var mergedInto: String?

        var id: String { "cus_" + name }

        func insert(_ db: Database) throws {
            try db.execute(
                sql: """
                    INSERT INTO customer (id, name, email, phone, birth_month, birth_day, locale, tags, attributes, consent,
                        source, created_at, updated_at, erased_at, merged_into, order_count, total_spent, first_order_at, last_order_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    id, fullName ?? name.prefix(1).uppercased() + name.dropFirst(), email, phone, birthday?.month, birthday?.day, locale,
                    "[" + tags.map { "\"\($0)\"" }.joined(separator: ",") + "]", attributes, consent,
                    source, created, created, erased ? SegmentTestDatabase.now.millisecondsSince1970 : nil,
                    mergedInto.map { "cus_" + $0 }, orders?.count ?? 0, orders?.total ?? 0,
                    orders.map { SegmentTestDatabase.time($0.first).millisecondsSince1970 },
                    orders.map { SegmentTestDatabase.time($0.last).millisecondsSince1970 },
                ])
            for tag in tags {
                try db.execute(sql: "INSERT INTO customer_tag (tag, customer_id) VALUES (?, ?)", arguments: [tag, id])
            }
        }

        private var created: Int64 { SegmentTestDatabase.time(createdAt).millisecondsSince1970 }
    }

    static func consent(email: Bool? = nil, sms: Bool? = nil, messenger: Bool? = nil) -> String {
        let states = [("email", email), ("sms", sms), ("messenger", messenger)].compactMap { channel, granted in
            granted.map { "\"\(channel)\":{\"granted\":\($0),\"at\":\"2025-01-01T00:00:00Z\"}" }
        }
        return "{" + states.joined(separator: ",") + "}"
    }

    /// Twenty customers; days since the last order and days to the birthday are as of ``now``.
    static let customers: [Customer] = [
        // Last order 8 days ago; birthday in 2 days.
        Customer(
            name: "anna", fullName: "Anna Petrova", email: "anna@example.com", locale: "ru-RU", tags: ["newsletter", "vip"],
            orders: (5, 500_000, "2024-01-10T10:00:00Z", "2025-12-20T10:00:00Z"), birthday: (12, 30),
            consent: consent(email: true, sms: false), attributes: #"{"city":"Paris","visits":12}"#, createdAt: "2024-01-01T00:00:00Z"),
        // Last order 118 days ago; birthday in 6 days, across the year end; average check 30001 / 2 = 15000.
        Customer(
            name: "boris", fullName: "Boris Ivanov", source: "referral", orders: (2, 30_001, "2025-08-01T12:00:00Z", "2025-09-01T12:00:00Z"),
            birthday: (1, 3), attributes: #"{"city":"Berlin","visits":2}"#),
        // Never ordered; email consent withdrawn; city in lower case.
        Customer(
            name: "clara", fullName: "Clara Schmidt", email: "CLARA@Example.COM", source: "ad", tags: ["vip"],
            consent: consent(email: false), attributes: #"{"city":"paris"}"#, createdAt: "2025-11-01T00:00:00Z"),
        // Last order 61 days and 1 hour ago; born on Feb 29; visits is a string.
        Customer(
            name: "dmitri", fullName: "Дмитрий Смирнов", email: "dmitri@example.ru", source: "import", tags: ["wholesale"],
            orders: (1, 1_000_000, "2025-10-28T11:00:00Z", "2025-10-28T11:00:00Z"), birthday: (2, 29),
            consent: consent(sms: true), attributes: #"{"visits":"5"}"#),
        // Last order exactly 60 days ago; birthday in 8 days; visits is 3.5; average check 100 / 3 = 33.
        Customer(
            name: "eva", fullName: "Eva Green", email: "eva@example.com", tags: ["newsletter"],
            orders: (3, 100, "2025-05-01T12:00:00Z", "2025-10-29T12:00:00Z"), birthday: (1, 5),
            consent: consent(email: true), attributes: #"{"visits":3.5}"#),
        // Ordered an hour ago; birthday today.
        Customer(
            name: "fedor", email: "fedor@example.com", tags: ["vip", "wholesale"],
            orders: (10, 2_000_000, "2023-03-01T12:00:00Z", "2025-12-28T11:00:00Z"), birthday: (12, 28),
            consent: consent(email: true, sms: true), attributes: #"{"city":"Paris","visits":4}"#, createdAt: "2023-02-01T00:00:00Z"),
        // Erased: matches much, appears nowhere.
        Customer(
            name: "gleb", tags: ["vip"], orders: (4, 999_999, "2025-01-01T00:00:00Z", "2025-01-01T00:00:00Z"), birthday: (12, 29),
            consent: consent(email: true), attributes: #"{"city":"Paris","visits":9}"#, erased: true),
        // Merged into anna: matches much, appears nowhere.
        Customer(
            name: "hanna", tags: ["vip"], consent: consent(email: true), attributes: #"{"city":"Paris","visits":100}"#,
            mergedInto: "anna"),
        // Last order 575 days ago; birthday yesterday, so in 364 days.
        Customer(
            name: "ivan", fullName: "Ivan O'Neil", email: "ivan@shop.example", locale: "en-GB",
            orders: (1, 50_000, "2024-06-01T00:00:00Z", "2024-06-01T00:00:00Z"), birthday: (12, 27),
            consent: consent(messenger: true), attributes: #"{"vip":true}"#),
        // A name and a tag that look like SQL.
        Customer(name: "jana", fullName: "' OR 1=1 --", tags: ["' OR 1=1 --"]),
        // Last order 30 days ago; birthday in 7 days; visits is a word.
        Customer(
            name: "kira", locale: "ru-RU", source: "referral", tags: ["newsletter"],
            orders: (7, 700_000, "2025-01-01T12:00:00Z", "2025-11-28T12:00:00Z"), birthday: (1, 4),
            consent: consent(email: true), attributes: #"{"city":"Paris","visits":"many"}"#),
        // Never ordered; visits is exactly 3.
        Customer(
            name: "lev", source: "ad", birthday: (6, 15), consent: consent(email: false, sms: true), attributes: #"{"visits":3}"#,
            createdAt: "2025-12-01T00:00:00Z"),
        // Last order 27.5 days ago; birthday in 3 days; city in upper case.
        Customer(
            name: "maria", fullName: "Maria Lopez", email: "maria@example.com", locale: "es-ES", tags: ["vip"],
            orders: (1, 250_000, "2025-12-01T00:00:00Z", "2025-12-01T00:00:00Z"), birthday: (12, 31),
            consent: consent(email: true), attributes: #"{"city":"PARIS"}"#),
        // Last order 181 days ago.
        Customer(
            name: "nikita", source: "import", tags: ["newsletter", "wholesale"],
            orders: (4, 400_000, "2025-01-15T12:00:00Z", "2025-06-30T12:00:00Z"), attributes: #"{"visits":10}"#),
        // Last order 69 days ago; birthday in 4 days, on Jan 1; average check 199999 / 2 = 99999.
        Customer(
            name: "olga", tags: ["newsletter"], orders: (2, 199_999, "2025-02-01T12:00:00Z", "2025-10-20T12:00:00Z"),
            birthday: (1, 1), consent: consent(email: true), attributes: #"{"city":"Lyon"}"#),
        // Never ordered; the only phone; birthday tomorrow.
        Customer(name: "pavel", phone: "+79990001122", source: "referral", birthday: (12, 29), consent: consent(email: false)),
        // Last order 18 days ago; the biggest spender.
        Customer(
            name: "quinn", source: "ad", tags: ["vip"], orders: (12, 3_600_000, "2022-05-01T12:00:00Z", "2025-12-10T12:00:00Z"),
            birthday: (7, 7), consent: consent(email: true, sms: false, messenger: true), attributes: #"{"visits":20,"city":"Paris"}"#),
        // Nothing at all.
        Customer(name: "rosa"),
        // Last order 60 days and 1 hour ago; born on Feb 28.
        Customer(
            name: "sergei", orders: (1, 10_000, "2025-10-29T11:00:00Z", "2025-10-29T11:00:00Z"), birthday: (2, 28)),
        // Last order 3 days ago; the tag VIP in upper case; a city with a trailing space.
        Customer(
            name: "tanya", source: "referral", tags: ["VIP"], orders: (2, 80_000, "2025-11-01T12:00:00Z", "2025-12-25T12:00:00Z"),
            consent: consent(email: true), attributes: #"{"visits":4,"city":"Paris "}"#, createdAt: "2025-12-15T00:00:00Z"),
    ]
}
