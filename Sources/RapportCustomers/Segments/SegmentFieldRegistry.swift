public import RapportCore

/// A customer field that segment rules can test, and the SQL that reads it.
///
/// A field is an SQL scalar over the alias `c` of a `customer` row. Modules that keep facts about
/// customers in their own tables add fields as correlated subqueries, without this module knowing
/// their tables:
///
/// ```swift
/// registry.register(SegmentField(name: "points", kind: .integer, summary: "Points available now.") { _ in
///     "(SELECT coalesce(sum(p.points), 0) FROM points_entry p WHERE p.customer_id = c.id)"
/// })
/// ```
///
/// The expression must be a fixed text: values that vary go in ``SQLFragment/arguments``, never
/// into ``SQLFragment/sql``. The time the rule is evaluated at is passed in, so that fields such as
/// `daysSinceLastOrder` stay pure functions of the row and that time.
public struct SegmentField: Sendable {
    /// The name rules use: `totalSpent`, `consent.email`.
    public var name: String
    /// What the values are, which decides the operators and value types a condition may use.
    public var kind: Kind
    /// One sentence for people choosing a field.
    public var summary: String
    /// The SQL that reads the field of the customer row `c`, at the time a rule is evaluated.
    public var expression: @Sendable (_ now: Timestamp) -> SQLFragment

    /// Creates a field.
    ///
    /// - Parameters:
    ///   - name: The name rules use: letters, digits and `_`, in dot-separated parts.
    ///   - kind: What the values are.
    ///   - summary: One sentence for people choosing a field.
    ///   - expression: The SQL that reads the field of the customer row `c` at a given time.
    public init(name: String, kind: Kind, summary: String, expression: @escaping @Sendable (_ now: Timestamp) -> SQLFragment) {
        self.name = name
        self.kind = kind
        self.summary = summary
        self.expression = expression
    }
}

extension SegmentField {
    /// What a field's values are: what its SQL yields, and what a condition compares it with.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// An SQL integer; conditions take integers (`100.0` is accepted, `1.5` is not).
        case integer
        /// An SQL integer of minor units of the store's currency; conditions take integers.
        case money
        /// SQL text; conditions take strings. `=`, `<` … compare bytes, `contains` ignores ASCII
        /// case.
        case text
        /// An SQL integer of milliseconds since 1970 (UTC); conditions take RFC 3339 strings.
        case timestamp
        /// A set of strings. The expression is not a scalar but a correlated `SELECT` of one
        /// column listing the customer's values, one per row:
        /// `SELECT t.tag FROM customer_tag t WHERE t.customer_id = c.id`. Conditions take a string
        /// (`contains`, `=`: has it) or an array of strings (`in`: has any of them).
        case tags
        /// An SQL `1`, `0` or `NULL`; conditions take `true` or `false`.
        case boolean
        /// A value read from a JSON document with `json_extract`, compared with its own JSON
        /// type: numbers as numbers, strings as text, `true`/`false` as `1`/`0`. `<`, `>`,
        /// `between` only hold between values of the same type, so `"5"` is not greater than 3.
        case json

        /// The operators a condition on a field of this kind may use.
        public var operators: [SegmentOperator] {
            switch self {
            case .integer, .money, .timestamp:
                [.equal, .notEqual, .lessThan, .lessThanOrEqual, .greaterThan, .greaterThanOrEqual, .in, .between]
            case .text, .json:
                [.equal, .notEqual, .lessThan, .lessThanOrEqual, .greaterThan, .greaterThanOrEqual, .in, .between, .contains]
            case .tags:
                [.contains, .in, .equal]
            case .boolean:
                [.equal, .notEqual]
            }
        }
    }

    /// SQL text with its `?` placeholders' values, in order.
    ///
    /// A string literal is a fragment without arguments. String interpolation is not accepted,
    /// so a value cannot slip into the SQL by accident:
    ///
    /// ```swift
    /// let total: SegmentField.SQLFragment = "c.total_spent"
    /// let days = SegmentField.SQLFragment(sql: "(? - c.last_order_at) / 86400000", arguments: [.integer(now.millisecondsSince1970)])
    /// ```
    public struct SQLFragment: Sendable, Hashable, ExpressibleByStringLiteral {
        /// SQL with `?` placeholders.
        public var sql: String
        /// The values of the placeholders, in order.
        public var arguments: [SQLArgument]

        /// Creates a fragment.
        public init(sql: String, arguments: [SQLArgument] = []) {
            self.sql = sql
            self.arguments = arguments
        }

        /// A fragment of SQL with no placeholders, written as a string literal.
        public init(stringLiteral sql: String) {
            self.init(sql: sql)
        }
    }

    /// The value of one `?` of an ``SQLFragment``.
    public enum SQLArgument: Sendable, Hashable {
        /// An integer placeholder value.
        case integer(Int64)
        /// A text placeholder value.
        case text(String)
        /// SQL `NULL`.
        case null
    }
}

/// The fields segment rules can test, by name.
///
/// ``customers`` holds the fields of the customers module. Other modules register their own
/// (loyalty's `tier` and `points`, feedback's `lastNps`) when the engine is assembled, so a
/// registry is a value built once and then shared:
///
/// ```swift
/// var fields = SegmentFieldRegistry.customers
/// fields.register(SegmentField(name: "lastNps", kind: .integer, summary: "The latest NPS score, 0–10.") { _ in
///     "(SELECT n.score FROM nps_response n WHERE n.customer_id = c.id ORDER BY n.at DESC LIMIT 1)"
/// })
/// fields.field(named: "attributes.city")?.kind  // .json
/// ```
///
/// Besides registered fields, every registry knows the family `attributes.<key>`: the member
/// `key` (1 to 64 ASCII letters, digits or `_`) of the customer's free-form `attributes` object.
public struct SegmentFieldRegistry: Sendable {
    private var fieldsByName: [String: SegmentField] = [:]

    /// Creates a registry without registered fields.
    public init() {}

    /// Adds a field.
    ///
    /// Registering a name twice, a name under `attributes.`, or a name that is not made of
    /// dot-separated parts of ASCII letters, digits and `_` (starting with a letter) is a
    /// programming error.
    public mutating func register(_ field: SegmentField) {
        precondition(Self.isValidName(field.name), "invalid segment field name \"\(field.name)\"")
        precondition(!field.name.hasPrefix(Self.attributesPrefix), "\"\(field.name)\": the attributes.<key> family is built in")
        precondition(fieldsByName[field.name] == nil, "segment field \"\(field.name)\" is already registered")
        fieldsByName[field.name] = field
    }

    /// The field named `name`: a registered field, or a member of the `attributes` family.
    public func field(named name: String) -> SegmentField? {
        if let field = fieldsByName[name] { return field }
        if name.hasPrefix(Self.attributesPrefix) {
            let key = name.dropFirst(Self.attributesPrefix.count)
            guard Self.isValidAttributeKey(key) else { return nil }
            return Self.attribute(String(key))
        }
        return nil
    }

    /// The registered fields, sorted by name. The `attributes.<key>` family is not listed.
    public var fields: [SegmentField] {
        fieldsByName.values.sorted { $0.name < $1.name }
    }

    /// How the `attributes` family is written, for messages and documentation.
    static let attributesPattern = "attributes.<key>"
    static let attributesPrefix = "attributes."

    /// Whether `key` may follow `attributes.`: 1 to 64 ASCII letters, digits or `_`.
    static func isValidAttributeKey(_ key: Substring) -> Bool {
        (1...64).contains(key.utf8.count) && key.utf8.allSatisfy(\.isWordByte)
    }

    /// Whether `name` is dot-separated parts of ASCII letters, digits and `_`, starting with a letter.
    static func isValidName(_ name: String) -> Bool {
        guard let first = name.utf8.first, first.isLetterByte, name.utf8.count <= 128 else { return false }
        return name.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { part in
            !part.isEmpty && part.utf8.allSatisfy(\.isWordByte)
        }
    }

    /// The member `key` of the customer's `attributes`; the path goes in as an argument.
    private static func attribute(_ key: String) -> SegmentField {
        let path = SegmentField.SQLArgument.text("$.\"\(key)\"")
        return SegmentField(
            name: attributesPrefix + key,
            kind: .json,
            summary: "The member \"\(key)\" of the customer's attributes, compared with its own JSON type."
        ) { _ in
            SegmentField.SQLFragment(sql: "json_extract(c.attributes, ?)", arguments: [path])
        }
    }
}

// MARK: - The customers module's fields

extension SegmentFieldRegistry {
    /// The fields of the customers module, over the `customer` row `c`.
    ///
    /// | field | kind | SQL |
    /// | --- | --- | --- |
    /// | `name`, `email`, `phone`, `locale`, `source` | text | `c.name` … |
    /// | `tags` | tags | `SELECT t.tag FROM customer_tag t WHERE t.customer_id = c.id` |
    /// | `totalSpent` | money | `c.total_spent` (net of refunds) |
    /// | `orderCount` | integer | `c.order_count` |
    /// | `averageCheck` | money | `c.total_spent / c.order_count`, NULL without orders |
    /// | `hasOrdered` | boolean | `c.order_count > 0` |
    /// | `firstOrderAt`, `lastOrderAt`, `createdAt` | timestamp | `c.first_order_at` … |
    /// | `daysSinceLastOrder` | integer | whole days since the last order, NULL without orders |
    /// | `birthdayInDays` | integer | days to the next birthday, 0 on the day, NULL without one |
    /// | `consent.email`, `consent.sms`, `consent.messenger` | boolean | `json_extract(c.consent, ?)`, path `$.email.granted` … |
    /// | `attributes.<key>` | json | `json_extract(c.attributes, ?)`, path `$."key"` |
    ///
    /// A field that is NULL makes its conditions false, except `!=` (true) and `= null`
    /// (true), and `not` turns a false condition true. So a customer without orders is in neither
    /// `daysSinceLastOrder > 60` nor `daysSinceLastOrder <= 60`, but is in
    /// `{"not": {"field": "daysSinceLastOrder", "op": "<=", "value": 60}}`; "no order for 60 days,
    /// or never" is also `{"any": [{"field": "daysSinceLastOrder", "op": ">", "value": 60},
    /// {"field": "hasOrdered", "op": "=", "value": false}]}`.
    public static let customers: SegmentFieldRegistry = {
        var registry = SegmentFieldRegistry()
        func add(_ name: String, _ kind: SegmentField.Kind, _ summary: String, _ sql: SegmentField.SQLFragment) {
            registry.register(SegmentField(name: name, kind: kind, summary: summary) { _ in sql })
        }
        add("name", .text, "The customer's full name.", "c.name")
        add("email", .text, "The email address, as given.", "c.email")
        add("phone", .text, "The phone number: + and digits.", "c.phone")
        add("locale", .text, "The BCP 47 language tag, such as ru-RU.", "c.locale")
        add("source", .text, "Where the customer came from: organic, referral, ad, import, …", "c.source")
        add(
            "tags", .tags, "The customer's tags: contains (or =) a tag, or in a list of tags (any of them).",
            "SELECT t.tag FROM customer_tag t WHERE t.customer_id = c.id")
        add("totalSpent", .money, "Total spent on orders, net of refunds, in minor units.", "c.total_spent")
        add("orderCount", .integer, "The number of orders.", "c.order_count")
        // Integer division: the average check is truncated to a whole minor unit (SQLite has no exact decimals).
        add(
            "averageCheck", .money, "Total spent divided by the number of orders, in whole minor units; null without orders.",
            "CASE WHEN c.order_count > 0 THEN c.total_spent / c.order_count END")
        add("hasOrdered", .boolean, "Whether the customer has placed an order.", "c.order_count > 0")
        add("firstOrderAt", .timestamp, "When the first order was placed; null without orders.", "c.first_order_at")
        add("lastOrderAt", .timestamp, "When the last order was placed; null without orders.", "c.last_order_at")
        add("createdAt", .timestamp, "When the customer was created.", "c.created_at")
        for channel in ["email", "sms", "messenger"] {
            add(
                "consent.\(channel)", .boolean, "Whether the customer agreed to be contacted by \(channel); null if never asked.",
                SegmentField.SQLFragment(sql: "json_extract(c.consent, ?)", arguments: [.text("$.\(channel).granted")]))
        }
        registry.register(
            SegmentField(
                name: "daysSinceLastOrder", kind: .integer,
                summary: "Whole days (of 24 hours) since the last order; null without orders, so <, >, between … "
                    + "never match such customers (see hasOrdered)."
            ) { now in
                SegmentField.SQLFragment(sql: "(? - c.last_order_at) / 86400000", arguments: [.integer(now.millisecondsSince1970)])
            })
        registry.register(
            SegmentField(
                name: "birthdayInDays", kind: .integer,
                summary: "Days from today (UTC) to the next birthday, 0 on the day; Feb 29 falls on Feb 28 in other years; "
                    + "null without a birthday.",
                expression: birthdayInDays
            ))
        return registry
    }()

    /// Days from the UTC date of `now` to the next (`birth_month`, `birth_day`), 0 when it is today.
    ///
    /// The SQL counts in integers, with the day-of-year step of the civil calendar algorithm
    /// `CivilCalendar` uses: in a year that starts on March 1, month `m` starts
    /// `(153 × ((m + 9) mod 12) + 2) / 5` days in, so the birthday in year `y` is
    /// `march1(m <= 2 ? y - 1 : y) + that + day - 1`, with Feb 29 moved to Feb 28 when `y` has
    /// none. What depends on `now` only (March 1 of last, this and next year, minus today; the
    /// length of February) is worked out here and passed as arguments, so the SQL text is the same
    /// every day. This is about three times faster than building a date string per row for
    /// `julianday`, which matters when a segment scans a million customers.
    @Sendable
    static func birthdayInDays(now: Timestamp) -> SegmentField.SQLFragment {
        let milliseconds = now.millisecondsSince1970
        let today = milliseconds >= 0 ? milliseconds / 86_400_000 : (milliseconds + 1) / 86_400_000 - 1
        let year = CivilCalendar.date(fromDaysSince1970: today).year
        func marchFirst(_ year: Int64) -> SegmentField.SQLArgument {
            .integer(CivilCalendar.daysSince1970(year: year, month: 3, day: 1) - today)
        }
        /// Days from today to the birthday in `year`, negative when it is past.
        func days(in year: Int64) -> (sql: String, arguments: [SegmentField.SQLArgument]) {
            (
                "(CASE WHEN c.birth_month <= 2 THEN ? ELSE ? END + (153 * ((c.birth_month + 9) % 12) + 2) / 5"
                    + " + CASE WHEN c.birth_month = 2 THEN min(c.birth_day, ?) ELSE c.birth_day END - 1)",
                [marchFirst(year - 1), marchFirst(year), .integer(CivilCalendar.daysIn(month: 2, year: year))]
            )
        }
        let thisYear = days(in: year)
        let nextYear = days(in: year + 1)
        return SegmentField.SQLFragment(
            sql: "CASE WHEN c.birth_month IS NULL OR c.birth_day IS NULL THEN NULL "
                + "WHEN \(thisYear.sql) >= 0 THEN \(thisYear.sql) ELSE \(nextYear.sql) END",
            arguments: thisYear.arguments + thisYear.arguments + nextYear.arguments
        )
    }
}

extension UInt8 {
    fileprivate var isLetterByte: Bool {
        (self >= UInt8(ascii: "a") && self <= UInt8(ascii: "z")) || (self >= UInt8(ascii: "A") && self <= UInt8(ascii: "Z"))
    }

    fileprivate var isWordByte: Bool {
        isLetterByte || (self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9")) || self == UInt8(ascii: "_")
    }
}
