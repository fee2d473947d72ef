import Foundation
import GRDB
import RapportCore
import RapportJSON
import Testing

@testable import RapportCustomers

// MARK: - Cases

/// A rule and the short names of the customers it selects at ``SegmentTestDatabase/now``.
struct MembershipCase: Sendable, CustomTestStringConvertible {
    var rule: String
    var members: Set<String>
    var testDescription: String { rule }

    init(_ rule: String, _ members: Set<String>) {
        self.rule = rule
        self.members = members
    }

    /// Every live customer but `excluded`.
    static func allBut(_ excluded: Set<String>) -> Set<String> {
        SegmentTestDatabase.liveNames.subtracting(excluded)
    }
}

/// A document and where and why it is refused.
struct RefusalCase: Sendable, CustomTestStringConvertible {
    var json: String
    var field: String
    var message: String
    var testDescription: String { json }

    init(_ json: String, _ field: String, _ message: String) {
        self.json = json
        self.field = field
        self.message = message
    }
}

/// Params of a method that takes a rule, as `segments.create` will.
private struct RuleParams: Codable {
    var rule: SegmentRule
}

private let vip: Set<String> = ["anna", "clara", "fedor", "maria", "quinn"]
private let emailConsent: Set<String> = ["anna", "eva", "fedor", "kira", "maria", "olga", "quinn", "tanya"]
private let neverOrdered: Set<String> = ["clara", "jana", "lev", "pavel", "rosa"]

/// A rule nested `depth` deep: `not` around `not` … around one condition.
private func nested(depth: Int) -> String {
    String(repeating: #"{"not":"#, count: depth - 1) + #"{"field":"tags","op":"contains","value":"vip"}"#
        + String(repeating: "}", count: depth - 1)
}

// MARK: - Tests

@Suite struct SegmentCompilerTests {
    let database: DatabaseQueue

    init() throws {
        database = try SegmentTestDatabase.make()
    }

    static let membershipCases: [MembershipCase] = [
        // Days since the last order: customers without orders match neither side.
        MembershipCase(#"{"field":"daysSinceLastOrder","op":">","value":60}"#, ["boris", "dmitri", "ivan", "nikita", "olga"]),
        MembershipCase(
            #"{"field":"daysSinceLastOrder","op":"<=","value":60}"#, ["anna", "eva", "fedor", "kira", "maria", "quinn", "sergei", "tanya"]),
        MembershipCase(
            #"{"not":{"field":"daysSinceLastOrder","op":"<=","value":60}}"#,
            neverOrdered.union(["boris", "dmitri", "ivan", "nikita", "olga"])),
        MembershipCase(
            #"{"any":[{"field":"daysSinceLastOrder","op":">","value":60},{"field":"hasOrdered","op":"=","value":false}]}"#,
            neverOrdered.union(["boris", "dmitri", "ivan", "nikita", "olga"])),
        MembershipCase(#"{"field":"daysSinceLastOrder","op":"=","value":null}"#, neverOrdered),
        // Birthdays: Dec 28 to Jan 4 across the year end, inclusive; Feb 29 and Feb 28 are 62 days away.
        MembershipCase(
            #"{"field":"birthdayInDays","op":"between","value":[0,7]}"#, ["anna", "boris", "fedor", "kira", "maria", "olga", "pavel"]),
        MembershipCase(#"{"field":"birthdayInDays","op":"=","value":0}"#, ["fedor"]),
        MembershipCase(#"{"field":"birthdayInDays","op":"=","value":364}"#, ["ivan"]),
        MembershipCase(#"{"field":"birthdayInDays","op":"=","value":62}"#, ["dmitri", "sergei"]),
        // Tags: exact and case-sensitive, never from erased or merged customers.
        MembershipCase(#"{"field":"tags","op":"contains","value":"vip"}"#, vip),
        MembershipCase(#"{"field":"tags","op":"=","value":"wholesale"}"#, ["dmitri", "fedor", "nikita"]),
        MembershipCase(
            #"{"field":"tags","op":"in","value":["wholesale","newsletter"]}"#, ["anna", "dmitri", "eva", "fedor", "kira", "nikita", "olga"]),
        MembershipCase(#"{"not":{"field":"tags","op":"contains","value":"vip"}}"#, MembershipCase.allBut(vip)),
        MembershipCase(#"{"field":"tags","op":"contains","value":"VIP"}"#, ["tanya"]),
        // Consent: true, withdrawn, never asked.
        MembershipCase(#"{"field":"consent.email","op":"=","value":true}"#, emailConsent),
        MembershipCase(#"{"field":"consent.email","op":"=","value":false}"#, ["clara", "lev", "pavel"]),
        MembershipCase(#"{"field":"consent.email","op":"!=","value":true}"#, MembershipCase.allBut(emailConsent)),
        MembershipCase(#"{"field":"consent.email","op":"=","value":null}"#, MembershipCase.allBut(emailConsent.union(["clara", "lev", "pavel"]))),
        MembershipCase(#"{"field":"consent.messenger","op":"=","value":true}"#, ["ivan", "quinn"]),
        // Attributes, compared with their own JSON type.
        MembershipCase(#"{"field":"attributes.city","op":"=","value":"Paris"}"#, ["anna", "fedor", "kira", "quinn"]),
        MembershipCase(
            #"{"field":"attributes.city","op":"contains","value":"paris"}"#, ["anna", "clara", "fedor", "kira", "maria", "quinn", "tanya"]),
        MembershipCase(#"{"field":"attributes.visits","op":">","value":3}"#, ["anna", "eva", "fedor", "nikita", "quinn", "tanya"]),
        MembershipCase(#"{"field":"attributes.visits","op":"between","value":[3,4]}"#, ["eva", "fedor", "lev", "tanya"]),
        MembershipCase(#"{"field":"attributes.visits","op":"=","value":"5"}"#, ["dmitri"]),
        MembershipCase(#"{"field":"attributes.visits","op":"<","value":"n"}"#, ["dmitri", "kira"]),
        MembershipCase(#"{"field":"attributes.visits","op":"in","value":[2,"many",3.5]}"#, ["boris", "eva", "kira"]),
        MembershipCase(#"{"field":"attributes.vip","op":"=","value":true}"#, ["ivan"]),
        MembershipCase(
            #"{"field":"attributes.city","op":"=","value":null}"#, ["dmitri", "eva", "ivan", "jana", "lev", "nikita", "pavel", "rosa", "sergei"]),
        // Money and counts; the average check is an integer division.
        MembershipCase(
            #"{"field":"averageCheck","op":">=","value":100000}"#, ["anna", "dmitri", "fedor", "kira", "maria", "nikita", "quinn"]),
        MembershipCase(#"{"field":"averageCheck","op":"in","value":[15000,33]}"#, ["boris", "eva"]),
        MembershipCase(#"{"field":"totalSpent","op":"between","value":[100000,500000]}"#, ["anna", "maria", "nikita", "olga"]),
        MembershipCase(#"{"field":"totalSpent","op":">=","value":1000000.0}"#, ["dmitri", "fedor", "quinn"]),
        MembershipCase(#"{"field":"orderCount","op":"=","value":0}"#, neverOrdered),
        MembershipCase(#"{"field":"orderCount","op":">=","value":10}"#, ["fedor", "quinn"]),
        // Times, in any offset.
        MembershipCase(#"{"field":"lastOrderAt","op":">=","value":"2025-12-01T00:00:00Z"}"#, ["anna", "fedor", "maria", "quinn", "tanya"]),
        MembershipCase(#"{"field":"firstOrderAt","op":"<","value":"2024-01-01T00:00:00+03:00"}"#, ["fedor", "quinn"]),
        MembershipCase(
            #"{"field":"createdAt","op":"between","value":["2025-11-01T00:00:00Z","2025-12-31T00:00:00Z"]}"#, ["clara", "lev", "tanya"]),
        // Text: `!=` counts NULL as different; `contains` ignores ASCII case.
        MembershipCase(#"{"field":"email","op":"!=","value":"anna@example.com"}"#, MembershipCase.allBut(["anna"])),
        MembershipCase(
            #"{"field":"email","op":"=","value":null}"#, MembershipCase.allBut(["anna", "clara", "dmitri", "eva", "fedor", "ivan", "maria"])),
        MembershipCase(#"{"field":"email","op":"contains","value":"EXAMPLE.COM"}"#, ["anna", "clara", "eva", "fedor", "maria"]),
        MembershipCase(#"{"field":"name","op":"contains","value":"petROVA"}"#, ["anna"]),
        MembershipCase(#"{"field":"name","op":"contains","value":"Смирнов"}"#, ["dmitri"]),
        MembershipCase(#"{"field":"source","op":"in","value":["referral","ad"]}"#, ["boris", "clara", "kira", "lev", "pavel", "quinn", "tanya"]),
        MembershipCase(#"{"field":"locale","op":"=","value":"ru-RU"}"#, ["anna", "kira"]),
        MembershipCase(#"{"field":"phone","op":"!=","value":null}"#, ["pavel"]),
        // Nesting.
        MembershipCase(
            #"""
            {"all":[
                {"any":[{"field":"tags","op":"contains","value":"vip"},{"field":"totalSpent","op":">=","value":1000000}]},
                {"not":{"field":"consent.email","op":"=","value":false}},
                {"field":"daysSinceLastOrder","op":"<=","value":30}
            ]}
            """#,
            ["anna", "fedor", "maria", "quinn"]),
        MembershipCase(
            #"""
            {"any":[
                {"all":[{"field":"source","op":"=","value":"organic"},{"field":"orderCount","op":"=","value":0}]},
                {"field":"attributes.city","op":"=","value":"Berlin"}
            ]}
            """#,
            ["boris", "jana", "rosa"]),
        MembershipCase(#"{"not":{"not":{"field":"tags","op":"contains","value":"vip"}}}"#, vip),
        MembershipCase(nested(depth: 16), MembershipCase.allBut(vip)),
        // Values that look like SQL are only ever values.
        MembershipCase(#"{"field":"name","op":"=","value":"' OR 1=1 --"}"#, ["jana"]),
        MembershipCase(#"{"field":"tags","op":"contains","value":"' OR 1=1 --"}"#, ["jana"]),
        MembershipCase(#"{"field":"name","op":"contains","value":"'); DROP TABLE customer; --"}"#, []),
        MembershipCase(#"{"field":"attributes.city","op":"in","value":["x' OR '1'='1","\") OR 1=1 --"]}"#, []),
    ]

    @Test(arguments: membershipCases)
    func membership(_ testCase: MembershipCase) throws {
        let rule = try Self.rule(testCase.rule)
        #expect(try members(of: rule) == testCase.members)
    }

    /// Days to the next birthday of the customers born on Feb 29 (dmitri) and Feb 28 (sergei),
    /// and of some around the year end.
    @Test(arguments: [
        ("2025-12-28T12:00:00Z", "dmitri", 62), ("2025-12-28T12:00:00Z", "sergei", 62),
        ("2027-02-25T10:00:00Z", "dmitri", 3), ("2027-02-25T10:00:00Z", "sergei", 3),
        ("2028-02-25T10:00:00Z", "dmitri", 4), ("2028-02-25T10:00:00Z", "sergei", 3),
        ("2027-02-28T23:59:59Z", "dmitri", 0), ("2027-02-28T23:59:59Z", "sergei", 0),
        ("2027-03-01T00:00:00Z", "dmitri", 365), ("2027-03-01T00:00:00Z", "sergei", 364),
        ("2028-02-29T08:00:00Z", "dmitri", 0), ("2028-02-29T08:00:00Z", "sergei", 365),
        ("2028-03-01T00:00:00Z", "dmitri", 364), ("2028-03-01T00:00:00Z", "sergei", 364),
        ("2025-12-31T23:00:00Z", "olga", 1), ("2025-12-31T23:00:00Z", "anna", 364),
        ("2026-01-01T00:00:00Z", "olga", 0), ("2025-12-28T00:00:00Z", "fedor", 0),
    ])
    func birthdayInDays(now: String, name: String, days: Int64) throws {
        #expect(try value(of: "birthdayInDays", for: name, at: SegmentTestDatabase.time(now)) == days)
    }

    /// Every month and day of the year, against the calendar worked out in Swift.
    @Test(arguments: [
        "2025-12-28T12:00:00Z", "2026-01-01T00:00:00Z", "2027-02-28T23:59:59Z", "2028-02-29T00:00:00Z", "2028-12-31T23:59:59Z",
        "2099-03-01T00:00:00Z", "2100-02-27T00:00:00Z", "2000-02-28T12:00:00Z", "1969-12-31T12:00:00Z",
    ])
    func birthdayInDaysFollowsTheCalendar(now: String) throws {
        let time = SegmentTestDatabase.time(now)
        let milliseconds = time.millisecondsSince1970
        let today = milliseconds >= 0 ? milliseconds / 86_400_000 : (milliseconds + 1) / 86_400_000 - 1
        let year = CivilCalendar.date(fromDaysSince1970: today).year
        func expected(month: Int64, day: Int64) -> Int64 {
            for year in [year, year + 1] {
                let observed = month == 2 && day == 29 && !CivilCalendar.isLeap(year) ? 28 : day
                let days = CivilCalendar.daysSince1970(year: year, month: month, day: observed) - today
                if days >= 0 { return days }
            }
            preconditionFailure("a birthday comes within a year")
        }
        let dates = (1...Int64(12)).flatMap { month in (1...CivilCalendar.daysIn(month: month, year: 2000)).map { month * 100 + $0 } }
        let expression = SegmentFieldRegistry.birthdayInDays(now: time)
        let rows = try database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    WITH c(birth_month, birth_day) AS (SELECT value / 100, value % 100 FROM json_each(?))
                    SELECT c.birth_month, c.birth_day, (\(expression.sql)) FROM c
                    """,
                arguments: StatementArguments(["[" + dates.map(String.init).joined(separator: ",") + "]"] + expression.arguments.map(\.databaseValue))
            )
        }
        #expect(rows.count == 366)
        for row in rows {
            let (month, day, days): (Int64, Int64, Int64) = (row[0], row[1], row[2])
            #expect(days == expected(month: month, day: day), "born \(month)-\(day), now \(now)")
        }
    }

    @Test func birthdayInDaysIsNullWithoutABirthday() throws {
        #expect(try value(of: "birthdayInDays", for: "rosa", at: SegmentTestDatabase.now) == nil)
    }

    @Test func birthdaysAroundFebruaryOfACommonYear() throws {
        let rule = try Self.rule(#"{"field":"birthdayInDays","op":"between","value":[0,7]}"#)
        #expect(try members(of: rule, at: SegmentTestDatabase.time("2027-02-25T10:00:00Z")) == ["dmitri", "sergei"])
    }

    @Test func daysSinceLastOrderCountsWholeDays() throws {
        let now = SegmentTestDatabase.now
        #expect(try value(of: "daysSinceLastOrder", for: "fedor", at: now) == 0)
        #expect(try value(of: "daysSinceLastOrder", for: "eva", at: now) == 60)
        #expect(try value(of: "daysSinceLastOrder", for: "dmitri", at: now) == 61)
        #expect(try value(of: "daysSinceLastOrder", for: "rosa", at: now) == nil)
    }

    // MARK: SQL

    @Test func compilesToOneParameterisedCondition() throws {
        let rule = try Self.rule(
            #"{"all":[{"field":"daysSinceLastOrder","op":">","value":60},{"not":{"field":"tags","op":"in","value":["vip","x"]}}]}"#)
        let compiled = try SegmentCompiler.compile(rule, fields: .customers, now: SegmentTestDatabase.now)
        #expect(
            compiled.whereClause == """
                (((? - c.last_order_at) / 86400000) > ? AND NOT coalesce(EXISTS (WITH segment_values(element) AS (\
                SELECT t.tag FROM customer_tag t WHERE t.customer_id = c.id) SELECT 1 FROM segment_values \
                WHERE element IN (SELECT value FROM json_each(?))), 0))
                """)
        #expect(compiled.arguments == [SegmentTestDatabase.now.millisecondsSince1970, 60, #"["vip","x"]"#])
    }

    @Test func theSQLDoesNotDependOnTheTimeOrTheListLength() throws {
        let rule = try Self.rule(
            #"{"all":[{"field":"birthdayInDays","op":"<=","value":7},{"field":"source","op":"in","value":["a","b"]}]}"#)
        let longer = try Self.rule(
            #"{"all":[{"field":"birthdayInDays","op":"<=","value":7},{"field":"source","op":"in","value":["a","b","c"]}]}"#)
        let today = try SegmentCompiler.compile(rule, fields: .customers, now: SegmentTestDatabase.now)
        let later = try SegmentCompiler.compile(longer, fields: .customers, now: SegmentTestDatabase.time("2031-07-04T00:00:00Z"))
        #expect(today.whereClause == later.whereClause)
        #expect(today.arguments != later.arguments)
    }

    @Test func fieldsFromOtherModules() throws {
        var fields = SegmentFieldRegistry.customers
        fields.register(
            SegmentField(name: "lastNps", kind: .integer, summary: "The latest NPS score.") { _ in
                "(SELECT 9 WHERE c.id IN ('cus_anna', 'cus_rosa'))"
            })
        fields.register(
            SegmentField(name: "skus", kind: .tags, summary: "SKUs bought.") { _ in
                SegmentField.SQLFragment(sql: "SELECT ? WHERE c.order_count > ?", arguments: [.text("A-1"), .integer(5)])
            })
        #expect(fields.fields.map(\.name).contains("lastNps"))
        #expect(try members(of: Self.rule(#"{"field":"lastNps","op":">=","value":9}"#), fields: fields) == ["anna", "rosa"])
        #expect(try members(of: Self.rule(#"{"field":"skus","op":"contains","value":"A-1"}"#), fields: fields) == ["fedor", "kira", "quinn"])
        #expect(try members(of: Self.rule(#"{"field":"skus","op":"in","value":["B-2"]}"#), fields: fields) == [])
    }

    @Test func theRegistryListsItsFieldsByName() {
        let names = SegmentFieldRegistry.customers.fields.map(\.name)
        #expect(names == names.sorted())
        #expect(
            names == [
                "averageCheck", "birthdayInDays", "consent.email", "consent.messenger", "consent.sms", "createdAt",
                "daysSinceLastOrder", "email", "firstOrderAt", "hasOrdered", "lastOrderAt", "locale", "name", "orderCount",
                "phone", "source", "tags", "totalSpent",
            ])
        #expect(SegmentFieldRegistry.customers.field(named: "attributes.loyalty_card_2")?.kind == .json)
        #expect(SegmentFieldRegistry.customers.field(named: "attributes.") == nil)
        #expect(SegmentFieldRegistry.customers.field(named: "attributes.a.b") == nil)
        #expect(SegmentFieldRegistry.customers.field(named: "attributes." + String(repeating: "k", count: 65)) == nil)
        #expect(SegmentFieldRegistry.customers.field(named: "consent.pigeon") == nil)
    }

    // MARK: Refusals

    static let decodingRefusals: [RefusalCase] = [
        RefusalCase(#"{"rule":{"all":[{"field":"orderCount","op":">","value":1}],"field":"orderCount"}}"#, "rule", "exactly one of"),
        RefusalCase(#"{"rule":{"not":{"field":"orderCount","op":">","value":1},"any":[]}}"#, "rule", "exactly one of"),
        RefusalCase(#"{"rule":{"field":"orderCount","op":">","value":1,"colour":"red"}}"#, "rule.colour", #"unknown member "colour""#),
        RefusalCase(#"{"rule":{"all":[]}}"#, "rule.all", "needs at least one rule"),
        RefusalCase(#"{"rule":{"any":{"field":"orderCount","op":">","value":1}}}"#, "rule.any", "takes an array of rules"),
        RefusalCase(#"{"rule":{"not":[{"field":"orderCount","op":">","value":1}]}}"#, "rule.not", "expected a rule"),
        RefusalCase(
            #"{"rule":{"all":[{"field":"orderCount","op":"~","value":1}]}}"#, "rule.all[0].op",
            #"unknown operator "~"; use one of "=", "!=", "<", "<=", ">", ">=", "in", "contains", "between""#),
        RefusalCase(#"{"rule":{"field":"orderCount","op":">"}}"#, "rule.value", "missing field"),
        RefusalCase(#"{"rule":{}}"#, "rule.field", "missing field"),
        RefusalCase(#"{"rule":{"field":7,"op":">","value":1}}"#, "rule.field", "takes a field name"),
        RefusalCase(#"{"rule":{"field":"orderCount","op":null,"value":1}}"#, "rule.op", "takes an operator"),
        RefusalCase(#"{"rule":[{"field":"orderCount","op":">","value":1}]}"#, "rule", "expected a rule"),
        RefusalCase(#"{"rule":{"any":[{"field":"a","op":"=","value":1},"vip"]}}"#, "rule.any[1]", "expected a rule"),
        RefusalCase(#"{"rule":{"field":"a","op":"=","value":1,"op":"<"}}"#, "rule.op", "duplicate field"),
        RefusalCase(
            #"{"rule":\#(nested(depth: 17))}"#, "rule" + String(repeating: ".not", count: 16), "rules nest at most 16 deep"),
    ]

    @Test(arguments: decodingRefusals)
    func decodingRefuses(_ testCase: RefusalCase) throws {
        let params = try JSONParser.parse(testCase.json)
        let error = #expect(throws: ParamsDecodingError.self) {
            try JSONValueDecoder().decode(RuleParams.self, from: params)
        }
        #expect(error?.field == testCase.field)
        #expect(error?.message.contains(testCase.message) == true, "\(error?.message ?? "")")
    }

    @Test func foundationDecodesTheSameRulesAndRefusesTheSameWay() throws {
        // Foundation reads `1000000.0` as an integer, so the rules are compared by what they compile to.
        for testCase in Self.membershipCases {
            let foundation = try JSONDecoder().decode(SegmentRule.self, from: Data(testCase.rule.utf8))
            let compiled = try SegmentCompiler.compile(foundation, fields: .customers, now: SegmentTestDatabase.now)
            let expected = try SegmentCompiler.compile(Self.rule(testCase.rule), fields: .customers, now: SegmentTestDatabase.now)
            #expect(compiled.whereClause == expected.whereClause)
            #expect(compiled.arguments == expected.arguments)
        }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(SegmentRule.self, from: Data(nested(depth: 17).utf8))
        }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(SegmentRule.self, from: Data(#"{"all":[],"extra":1}"#.utf8))
        }
    }

    @Test(arguments: membershipCases)
    func encodingRoundTrips(_ testCase: MembershipCase) throws {
        let json = try JSONParser.parse(testCase.rule)
        let rule = try JSONValueDecoder().decode(SegmentRule.self, from: json)
        #expect(try JSONValueEncoder().encode(rule) == json)
    }

    static let compileRefusals: [RefusalCase] = [
        RefusalCase(
            #"{"all":[{"field":"orderCount","op":">","value":1},{"field":"hasOrdered","op":"=","value":true},{"field":"colour","op":"=","value":"red"}]}"#,
            "rule.all[2].field",
            #"unknown field "colour"; known fields: averageCheck, birthdayInDays, consent.email, consent.messenger, consent.sms, createdAt, "#
                + "daysSinceLastOrder, email, firstOrderAt, hasOrdered, lastOrderAt, locale, name, orderCount, phone, source, tags, "
                + "totalSpent, attributes.<key>"),
        RefusalCase(
            #"{"field":"totalSpent","op":"contains","value":100}"#, "rule.op",
            #"operator "contains" does not apply to totalSpent, a money field; use "=", "!=", "<", "<=", ">", ">=", "in", "between""#),
        RefusalCase(#"{"field":"tags","op":">","value":"vip"}"#, "rule.op", #"use "contains", "in", "=", and "not" for a tag"#),
        RefusalCase(#"{"field":"consent.email","op":"<","value":true}"#, "rule.op", #"a boolean field; use "=", "!=""#),
        RefusalCase(#"{"field":"totalSpent","op":">","value":"1000"}"#, "rule.value", #"totalSpent takes an amount in minor units"#),
        RefusalCase(#"{"field":"orderCount","op":">","value":1.5}"#, "rule.value", "orderCount takes an integer, got 1.5"),
        RefusalCase(#"{"field":"orderCount","op":">","value":null}"#, "rule.value", "orderCount takes an integer, got null"),
        RefusalCase(
            #"{"field":"lastOrderAt","op":">","value":"yesterday"}"#, "rule.value",
            #""yesterday" is not an RFC 3339 time such as 2026-03-01T10:00:00Z"#),
        RefusalCase(#"{"field":"consent.email","op":"=","value":"yes"}"#, "rule.value", #"consent.email takes true or false, got "yes""#),
        RefusalCase(#"{"field":"name","op":"=","value":5}"#, "rule.value", "name takes a string, got 5"),
        RefusalCase(#"{"field":"totalSpent","op":"between","value":[1,2,3]}"#, "rule.value", #""between" takes [low, high], got [1,2,3]"#),
        RefusalCase(#"{"field":"totalSpent","op":"between","value":[5,1]}"#, "rule.value", "with low first"),
        RefusalCase(#"{"field":"attributes.visits","op":"between","value":[3,"z"]}"#, "rule.value", "two numbers or two strings"),
        RefusalCase(
            #"{"field":"createdAt","op":"between","value":["2025-01-01T00:00:00Z","soon"]}"#, "rule.value[1]",
            #""soon" is not an RFC 3339 time"#),
        RefusalCase(#"{"field":"source","op":"in","value":[]}"#, "rule.value", #""in" takes an array of 1 to 1000 values"#),
        RefusalCase(#"{"field":"source","op":"in","value":["ad",7]}"#, "rule.value[1]", "source takes a string, got 7"),
        RefusalCase(#"{"not":{"any":[{"field":"tags","op":"in","value":"vip"}]}}"#, "rule.not.any[0].value", #""in" takes an array"#),
        RefusalCase(#"{"field":"tags","op":"contains","value":["vip"]}"#, "rule.value", "tags takes a string here"),
        RefusalCase(#"{"field":"attributes.visits","op":">","value":[3]}"#, "rule.value", "takes a string, a number, true or false"),
        RefusalCase(#"{"field":"attributes.x') OR 1=1 --","op":"=","value":1}"#, "rule.field", "names no attribute"),
        RefusalCase(#"{"field":"totalSpent; DROP TABLE customer","op":">","value":0}"#, "rule.field", #"unknown field "totalSpent; DROP"#),
        RefusalCase(#"{"field":"c.total_spent","op":">","value":0}"#, "rule.field", "unknown field"),
        RefusalCase(#"{"field":"consent.email') OR 1=1 --","op":"=","value":true}"#, "rule.field", "unknown field"),
    ]

    @Test(arguments: compileRefusals)
    func compilingRefuses(_ testCase: RefusalCase) throws {
        let rule = try Self.rule(testCase.json)
        let error = #expect(throws: RapportError.self) {
            try SegmentCompiler.compile(rule, fields: .customers, now: SegmentTestDatabase.now)
        }
        #expect(error?.reason == .invalidParams)
        #expect(error?.field == testCase.field)
        #expect(error?.message.contains(testCase.message) == true, "\(error?.message ?? "")")
    }

    @Test func compilingEnforcesTheLimits() throws {
        let condition = SegmentRule.condition(SegmentCondition(field: "orderCount", op: .greaterThan, value: 1))
        func refusal(_ rule: SegmentRule, path: String = "rule") -> RapportError? {
            #expect(throws: RapportError.self) {
                try SegmentCompiler.compile(rule, fields: .customers, now: SegmentTestDatabase.now, path: path)
            }
        }
        _ = try SegmentCompiler.compile(.all(Array(repeating: condition, count: 100)), fields: .customers, now: SegmentTestDatabase.now)
        #expect(refusal(.all(Array(repeating: condition, count: 101)))?.message == "a rule holds at most 100 conditions")
        #expect(refusal(.any([.all([]), condition]))?.field == "rule.any[0].all")

        var deep = condition
        for _ in 1..<SegmentRule.maximumDepth { deep = .not(deep) }
        _ = try SegmentCompiler.compile(deep, fields: .customers, now: SegmentTestDatabase.now)
        let tooDeep = refusal(.all([.not(deep)]), path: "filter")
        #expect(tooDeep?.field == "filter.all[0]" + String(repeating: ".not", count: 15))
        #expect(tooDeep?.message == "rules nest at most 16 deep")

        let values = JSONValue.array((0...1000).map { .string("s\($0)") })
        let list = refusal(.condition(SegmentCondition(field: "source", op: .in, value: values)))
        #expect(list?.message.contains("1 to 1000 values") == true)
        let thousand = JSONValue.array((1...1000).map { .int($0) })
        _ = try SegmentCompiler.compile(
            .condition(SegmentCondition(field: "orderCount", op: .in, value: thousand)), fields: .customers, now: SegmentTestDatabase.now)
    }

    @Test func injectionLeavesTheTablesAlone() throws {
        let attempts = [
            #"{"field":"totalSpent; DROP TABLE customer","op":">","value":0}"#,
            #"{"field":"attributes.x') OR 1=1 --","op":"=","value":1}"#,
            #"{"field":"name","op":"=","value":"'; DROP TABLE customer; --"}"#,
            #"{"field":"tags","op":"in","value":["'); DELETE FROM customer_tag; --"]}"#,
            #"{"field":"attributes.city","op":"contains","value":"\")); DROP TABLE customer_tag; --"}"#,
        ]
        for attempt in attempts {
            let rule = try Self.rule(attempt)
            if let compiled = try? SegmentCompiler.compile(rule, fields: .customers, now: SegmentTestDatabase.now) {
                #expect(try members(compiled).isEmpty)
            }
        }
        let (customers, tags) = try database.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM customer"), try Int.fetchOne(db, sql: "SELECT count(*) FROM customer_tag"))
        }
        #expect(customers == SegmentTestDatabase.customers.count)
        #expect(tags == SegmentTestDatabase.customers.map(\.tags.count).reduce(0, +))
    }

    // MARK: Schema

    @Test func schemaDescribesTheFourShapes() throws {
        let schema = SegmentRule.jsonSchema
        let shapes = try #require(schema["oneOf"]?.arrayValue)
        #expect(shapes.count == 4)
        #expect(shapes[0]["required"] == ["field", "op", "value"])
        #expect(shapes[0]["properties"]?["op"]?["enum"] == .array(SegmentOperator.allCases.map { .string($0.rawValue) }))
        #expect(shapes[1]["required"] == ["all"])
        #expect(shapes[3]["required"] == ["not"])
        for example in try #require(schema["examples"]?.arrayValue) {
            let rule = try JSONValueDecoder().decode(SegmentRule.self, from: example)
            _ = try SegmentCompiler.compile(rule, fields: .customers, now: SegmentTestDatabase.now)
        }
        let params = JSONSchemaGenerator.schema(for: RuleParams.self)
        #expect(params["properties"]?["rule"] == schema)
        #expect(params["required"] == ["rule"])
    }

    // MARK: Helpers

    static func rule(_ text: String) throws -> SegmentRule {
        try JSONValueDecoder().decode(SegmentRule.self, from: JSONParser.parse(text))
    }

    /// The short names of the live customers `rule` selects.
    func members(
        of rule: SegmentRule, at now: Timestamp = SegmentTestDatabase.now, fields: SegmentFieldRegistry = .customers
    ) throws -> Set<String> {
        try members(SegmentCompiler.compile(rule, fields: fields, now: now))
    }

    func members(_ compiled: CompiledSegment) throws -> Set<String> {
        let ids = try database.read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT c.id FROM customer c
                    WHERE c.erased_at IS NULL AND c.merged_into IS NULL AND (\(compiled.whereClause))
                    """,
                arguments: compiled.arguments)
        }
        return Set(ids.map { String($0.dropFirst("cus_".count)) })
    }

    /// The value of a field for one customer.
    func value(of fieldName: String, for name: String, at now: Timestamp) throws -> Int64? {
        let field = try #require(SegmentFieldRegistry.customers.field(named: fieldName))
        let expression = field.expression(now)
        let arguments = StatementArguments(expression.arguments.map(\.databaseValue) + ["cus_\(name)".databaseValue])
        let row = try database.read { db in
            try Row.fetchOne(db, sql: "SELECT (\(expression.sql)) FROM customer c WHERE c.id = ?", arguments: arguments)
        }
        guard let row else { return nil }
        return row[0] as Int64?
    }
}
