import Foundation
import RapportCore
import Testing

@testable import RapportJSON

// MARK: - Fixtures

private struct Item: Codable, Equatable {
    var sku: String
    var qty: Int64
}

private enum Tier: String, Codable, JSONSchemaEnum {
    case bronze, silver, gold
}

/// A string enumeration that did not adopt `JSONSchemaEnum`.
private enum Colour: String, Codable, CaseIterable {
    case red, green
}

private struct Order: Codable, Equatable {
    var customer: String
    var items: [Item]
    var note: String?
    var tier: Tier?
    var attributes: JSONValue?
}

/// A date string checked by its own `init(from:)`, like `Timestamp`.
private struct Day: Codable, Equatable, JSONSchemaDescribing {
    var text: String

    static var jsonSchema: JSONValue { ["type": "string", "format": "date"] }

    init(text: String) { self.text = text }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        text = try container.decode(String.self)
        guard text.utf8.count == 10, text.split(separator: "-").count == 3 else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a date like 2024-05-01, got \"\(text)\"")
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}

private struct Person: Codable, Equatable {
    var name: String
    var born: Day
}

private struct Team: Codable, Equatable {
    var people: [Person]
}

/// A value refused with an error that is not a `DecodingError`.
private struct Positive: Codable, Equatable {
    struct NotPositive: Error, CustomStringConvertible {
        var description: String { "must be positive" }
    }

    var value: Int

    init(from decoder: any Decoder) throws {
        value = try decoder.singleValueContainer().decode(Int.self)
        guard value > 0 else { throw NotPositive() }
    }
}

private struct Ranged: Codable, Equatable, JSONSchemaDocumented {
    var points: Int64
    var price: Money
    var nested: Nested?

    struct Nested: Codable, Equatable, JSONSchemaDocumented {
        var points: Int64
        var price: Money
        static let fieldRanges: [String: ClosedRange<Int64>] = ["price": 0...Money.maximum]
    }

    static let fieldRanges: [String: ClosedRange<Int64>] = ["points": -10...10, "price": 0...Money.maximum]
}

private struct Quantities: Codable, Equatable {
    var count: Int64
    var small: Int8?
    var unsigned: UInt32?
    var ratio: Double?
}

private func decodingError<T: Decodable>(_ type: T.Type, _ value: JSONValue) -> ParamsDecodingError? {
    do {
        _ = try JSONValueDecoder().decode(type, from: value)
        return nil
    } catch {
        return error
    }
}

// MARK: - Decoder

@Suite struct JSONValueDecoderTests {
    static let order: JSONValue = [
        "customer": "cus_1",
        "items": [["sku": "A-1", "qty": 2], ["sku": "B-2", "qty": 1]],
        "note": nil,
        "tier": "gold",
        "attributes": ["anything": [1, ["deep": true]], "goes": nil],
    ]

    @Test func decodesAValidValue() throws {
        let order = try JSONValueDecoder().decode(Order.self, from: Self.order)
        #expect(
            order
                == Order(
                    customer: "cus_1",
                    items: [Item(sku: "A-1", qty: 2), Item(sku: "B-2", qty: 1)],
                    note: nil,
                    tier: .gold,
                    attributes: ["anything": [1, ["deep": true]], "goes": nil]))
    }

    @Test func optionalFieldsMayBeAbsentOrNull() throws {
        let order = try JSONValueDecoder().decode(Order.self, from: ["customer": "c", "items": [], "note": nil])
        #expect(order.note == nil)
        #expect(order.tier == nil)
        #expect(order.attributes == nil)
    }

    @Test func refusesAnUnknownFieldAtTheRoot() {
        var value = Self.order.objectValue!
        value.append(key: "colour", value: "red")
        #expect(
            decodingError(Order.self, .object(value))
                == ParamsDecodingError(
                    kind: .unknownField, field: "colour", message: #"unknown field "colour""#))
    }

    @Test func refusesAnUnknownFieldInANestedObject() {
        let value: JSONValue = ["customer": "c", "items": [["sku": "A", "qty": 1], ["sku": "B", "qty": 1, "colour": "red"]]]
        #expect(
            decodingError(Order.self, value)
                == ParamsDecodingError(
                    kind: .unknownField, field: "items[1].colour", message: #"unknown field "items[1].colour""#))
    }

    /// A member named by the empty string is still named, so a client can find it.
    @Test func namesAnUnknownFieldWithAnEmptyName() {
        #expect(decodingError(Order.self, ["customer": "c", "items": [], "": 1])?.field == #""""#)
    }

    @Test func refusesAMissingField() {
        let value: JSONValue = ["customer": "c", "items": [["sku": "A", "qty": 1], ["qty": 1]]]
        #expect(
            decodingError(Order.self, value)
                == ParamsDecodingError(
                    kind: .missingField, field: "items[1].sku", message: #"missing field "items[1].sku""#))
        #expect(decodingError(Order.self, [:])?.field == "customer")
    }

    @Test func refusesAWrongType() {
        let value: JSONValue = ["customer": "c", "items": [["sku": "A", "qty": "2"]]]
        #expect(
            decodingError(Order.self, value)
                == ParamsDecodingError(
                    kind: .typeMismatch, field: "items[0].qty", message: #""items[0].qty": expected integer, got string"#))
        #expect(decodingError(Order.self, ["customer": 7, "items": []])?.message == #""customer": expected string, got integer"#)
        #expect(decodingError(Order.self, ["customer": "c", "items": ["a": 1]])?.message == #""items": expected array, got object"#)
        #expect(
            decodingError(Order.self, [1, 2])
                == ParamsDecodingError(
                    kind: .typeMismatch, field: "", message: "expected object, got array"))
    }

    @Test func refusesNullForARequiredField() {
        #expect(
            decodingError(Order.self, ["customer": nil, "items": []])
                == ParamsDecodingError(
                    kind: .typeMismatch, field: "customer", message: #""customer": expected string, got null"#))
        #expect(decodingError([Int].self, [1, nil])?.field == "[1]")
    }

    @Test func acceptsIntegralNumbersForIntegers() throws {
        let decoded = try JSONValueDecoder().decode(Quantities.self, from: ["count": 100.0, "small": -128.0, "unsigned": 4e9, "ratio": 2])
        #expect(decoded == Quantities(count: 100, small: -128, unsigned: 4_000_000_000, ratio: 2))
        #expect(try JSONValueDecoder().decode(Int64.self, from: .double(-0.0)) == 0)
    }

    /// Every integer lies within ±(2^53 − 1); a field whose type names a narrower range is held
    /// to it, in the schema and in decoding, and money to ±10^13 minor units.
    @Test func integersStayWithinTheirRanges() throws {
        let limit = JSONValueDecoder.maximumInteger
        #expect(try JSONValueDecoder().decode(Quantities.self, from: ["count": .int(limit)]).count == limit)
        #expect(try JSONValueDecoder().decode(Quantities.self, from: ["count": .int(-limit)]).count == -limit)
        for value: JSONValue in [.int(limit + 1), .int(.min), .int(.max), .bigInteger("9223372036854775808"), .double(0x1p60)] {
            #expect(decodingError(Quantities.self, ["count": value])?.kind == .invalidValue, "\(value)")
        }
        #expect(decodingError(Ranged.self, ["points": 11, "price": 0])?.message == #""points": expected an integer from -10 to 10, got 11"#)
        #expect(decodingError(Ranged.self, ["points": -10, "price": .int(Money.maximum + 1)])?.field == "price")
        #expect(decodingError(Ranged.self, ["points": 0, "price": .int(-Money.maximum - 1)])?.field == "price")
        #expect(decodingError(Ranged.self, ["points": 0, "price": 1, "nested": ["points": 1, "price": -1]])?.field == "nested.price")
        #expect(try JSONValueDecoder().decode(Ranged.self, from: ["points": 10, "price": .int(Money.maximum)]).price.minorUnits == Money.maximum)
        let schema = JSONSchemaGenerator.schema(for: Ranged.self)
        #expect(schema["properties"]?["points"]?["minimum"] == -10 && schema["properties"]?["points"]?["maximum"] == 10)
        #expect(schema["properties"]?["price"]?["minimum"] == 0)
    }

    @Test func stringsMayNotHoldNUL() {
        #expect(
            decodingError(Order.self, ["customer": "a\u{0}b", "items": []])
                == ParamsDecodingError(
                    kind: .invalidValue, field: "customer", message: #""customer": strings may not contain U+0000"#))
    }

    @Test func refusesFractionsAndOutOfRangeIntegers() {
        #expect(
            decodingError(Quantities.self, ["count": 1.5])
                == ParamsDecodingError(
                    kind: .typeMismatch, field: "count", message: #""count": expected integer, got 1.5"#))
        #expect(
            decodingError(Quantities.self, ["count": 1e30])
                == ParamsDecodingError(
                    kind: .invalidValue, field: "count",
                    message: #""count": expected an integer from -9007199254740991 to 9007199254740991, got 1e+30"#))
        #expect(decodingError(Quantities.self, ["count": 1, "small": 300])?.message == #""small": expected an integer from -128 to 127, got 300"#)
        #expect(decodingError(Quantities.self, ["count": 1, "unsigned": -1])?.kind == .invalidValue)
        #expect(decodingError(Quantities.self, ["count": .double(.infinity)])?.kind == .typeMismatch)
        #expect(decodingError(Quantities.self, ["count": true])?.message == #""count": expected integer, got boolean"#)
    }

    @Test func refusesDuplicateFields() {
        let root: JSONValue = ["customer": "a", "customer": "b", "items": []]
        #expect(
            decodingError(Order.self, root)
                == ParamsDecodingError(
                    kind: .duplicateField, field: "customer", message: #"duplicate field "customer""#))
        let nested: JSONValue = ["customer": "a", "items": [["sku": "A", "qty": 1, "qty": 2]]]
        #expect(decodingError(Order.self, nested)?.field == "items[0].qty")
        let freeForm: JSONValue = ["customer": "a", "items": [], "attributes": ["x": [["y": 1, "y": 2]]]]
        #expect(
            decodingError(Order.self, freeForm)
                == ParamsDecodingError(
                    kind: .duplicateField, field: "attributes.x[0].y", message: #"duplicate field "attributes.x[0].y""#))
    }

    @Test func findsDuplicatesAndUnknownsInLargeObjects() throws {
        var members = JSONObject()
        for index in 0..<100 { members.append(key: "k\(index)", value: .int(Int64(index))) }
        #expect(try JSONValueDecoder().decode([String: Int].self, from: .object(members)).count == 100)
        members.append(key: "k42", value: 0)
        #expect(decodingError([String: Int].self, .object(members))?.kind == .duplicateField)
    }

    @Test func takesFreeFormValuesWhole() throws {
        let attributes: JSONValue = ["anything": [1, ["deep": ["deeper": true]]], "unknown": "kept"]
        let order = try JSONValueDecoder().decode(Order.self, from: ["customer": "c", "items": [], "attributes": attributes])
        #expect(order.attributes == attributes)
        #expect(try JSONValueDecoder().decode(JSONValue.self, from: Self.order) == Self.order)
    }

    @Test func takesFreeFormObjectsWhole() throws {
        struct Tagged: Codable, Equatable { var tags: JSONObject }
        let value: JSONValue = ["tags": ["b": 1, "a": [true]]]
        let decoded = try JSONValueDecoder().decode(Tagged.self, from: value)
        #expect(decoded.tags == ["b": 1, "a": [true]])
        #expect(try JSONValueEncoder().encode(decoded) == value)
        #expect(
            decodingError(Tagged.self, ["tags": [1]])
                == ParamsDecodingError(
                    kind: .typeMismatch, field: "tags", message: #""tags": expected object, got array"#))
        #expect(JSONSchemaGenerator.schema(for: Tagged.self)["properties"]?["tags"] == ["type": "object"])
    }

    @Test func dictionariesAcceptEveryKey() throws {
        let decoded = try JSONValueDecoder().decode([String: Int64].self, from: ["a": 1, "b": 2])
        #expect(decoded == ["a": 1, "b": 2])
    }

    @Test func mapsAnErrorFromACustomInitializerToItsField() {
        let team: JSONValue = ["people": [["name": "Ann", "born": "1990-01-01"], ["name": "Bob", "born": "yesterday"]]]
        #expect(
            decodingError(Team.self, team)
                == ParamsDecodingError(
                    kind: .invalidValue, field: "people[1].born",
                    message: #""people[1].born": expected a date like 2024-05-01, got "yesterday""#))
        #expect(
            decodingError([Positive].self, [1, -1])
                == ParamsDecodingError(
                    kind: .invalidValue, field: "[1]", message: #""[1]": must be positive"#))
    }

    @Test func namesTheCasesOfAnEnumeration() {
        #expect(
            decodingError(Order.self, ["customer": "c", "items": [], "tier": "platinum"])
                == ParamsDecodingError(
                    kind: .invalidValue, field: "tier", message: #""tier": expected one of "bronze", "silver", "gold", got "platinum""#))
    }

    @Test func namesTheCasesOfAnyCaseIterableStringEnumeration() {
        #expect(
            decodingError([Colour].self, ["red", "blue"])
                == ParamsDecodingError(
                    kind: .invalidValue, field: "[1]", message: #""[1]": expected one of "red", "green", got "blue""#))
    }

    @Test func pathsReachIntoNestedArrays() {
        #expect(decodingError([[Int]].self, [[1], [2, "x"]])?.field == "[1][1]")
    }

    @Test func countsKeysAskedForByACustomInitializer() throws {
        struct Flexible: Decodable {
            enum Keys: String, CodingKey { case name, alias, limit }
            var name: String

            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: Keys.self)
                name = try container.decodeIfPresent(String.self, forKey: .name) ?? container.decode(String.self, forKey: .alias)
                _ = container.contains(.limit)
            }
        }
        #expect(try JSONValueDecoder().decode(Flexible.self, from: ["alias": "x", "limit": 3]).name == "x")
        #expect(
            decodingError(Flexible.self, ["limit": 3]) == ParamsDecodingError(kind: .missingField, field: "alias", message: #"missing field "alias""#)
        )
        #expect(decodingError(Flexible.self, ["name": "x", "other": 3])?.field == "other")
    }

    @Test func anObjectOpenedTwiceKnowsTheKeysOfBothOpenings() throws {
        struct TwoViews: Decodable {
            enum First: CodingKey { case a }
            enum Second: CodingKey { case b }

            init(from decoder: any Decoder) throws {
                _ = try decoder.container(keyedBy: First.self).decode(Int.self, forKey: .a)
                _ = try decoder.container(keyedBy: Second.self).decode(Int.self, forKey: .b)
            }
        }
        #expect(decodingError(TwoViews.self, ["a": 1, "b": 2]) == nil)
        #expect(decodingError(TwoViews.self, ["a": 1, "b": 2, "c": 3])?.field == "c")
    }

    @Test func noParamsAcceptsOnlyEmptyObjects() {
        struct None: Decodable {
            enum Keys: CodingKey {}
            init(from decoder: any Decoder) throws { _ = try decoder.container(keyedBy: Keys.self) }
        }
        #expect(decodingError(None.self, [:]) == nil)
        #expect(decodingError(None.self, ["x": 1])?.kind == .unknownField)
    }
}

// MARK: - Encoder

@Suite struct JSONValueEncoderTests {
    @Test func keepsDeclarationOrder() throws {
        struct Reply: Encodable {
            var zulu = 1
            var alpha = "a"
            var mike = true
        }
        #expect(try JSONValueEncoder().encode(Reply()).jsonString == #"{"zulu":1,"alpha":"a","mike":true}"#)
    }

    @Test func writesNilOptionalsAsNull() throws {
        struct Customer: Encodable {
            var id: String
            var email: String?
            var age: Int?
            var score: Double?
            var tier: Tier?
        }
        let value = try JSONValueEncoder().encode(Customer(id: "cus_1", email: nil, age: nil, score: nil, tier: nil))
        #expect(value.jsonString == #"{"id":"cus_1","email":null,"age":null,"score":null,"tier":null}"#)
        let filled = try JSONValueEncoder().encode(Customer(id: "cus_1", email: "a@b", age: 3, score: 0.5, tier: .gold))
        #expect(filled.jsonString == #"{"id":"cus_1","email":"a@b","age":3,"score":0.5,"tier":"gold"}"#)
    }

    @Test func encodesNestedArraysAndObjects() throws {
        struct Grid: Encodable {
            var rows: [[Int]]
            var origin: Item
            var labels: [String: Int64]
            var free: JSONValue
            var optionals: [Int?]
        }
        let grid = Grid(rows: [[1, 2], [], [3]], origin: Item(sku: "A", qty: 1), labels: ["x": 1], free: ["k": [nil]], optionals: [1, nil])
        #expect(
            try JSONValueEncoder().encode(grid).jsonString
                == #"{"rows":[[1,2],[],[3]],"origin":{"sku":"A","qty":1},"labels":{"x":1},"free":{"k":[null]},"optionals":[1,null]}"#)
    }

    @Test func supportsNestedContainersAndSuperEncoders() throws {
        struct Custom: Encodable {
            enum Keys: String, CodingKey { case id, meta, list, base }
            enum MetaKeys: String, CodingKey { case version }

            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: Keys.self)
                try container.encode(1, forKey: .id)
                var meta = container.nestedContainer(keyedBy: MetaKeys.self, forKey: .meta)
                var list = container.nestedUnkeyedContainer(forKey: .list)
                try list.encode("a")
                var inner = list.nestedContainer(keyedBy: MetaKeys.self)
                try list.encode(2.5)
                try inner.encode(3, forKey: .version)
                try meta.encode(2, forKey: .version)
                try Item(sku: "S", qty: 0).encode(to: container.superEncoder(forKey: .base))
                try "parent".encode(to: container.superEncoder())
                try container.encode(9, forKey: .id)
            }
        }
        #expect(
            try JSONValueEncoder().encode(Custom()).jsonString
                == #"{"id":9,"meta":{"version":2},"list":["a",{"version":3},2.5],"base":{"sku":"S","qty":0},"super":"parent"}"#)
    }

    @Test func refusesNonFiniteNumbersAndHugeIntegers() throws {
        #expect(throws: EncodingError.self) { try JSONValueEncoder().encode(["x": Double.nan]) }
        #expect(throws: EncodingError.self) { try JSONValueEncoder().encode([Double.infinity]) }
        #expect(throws: EncodingError.self) { try JSONValueEncoder().encode(Float.infinity) }
        #expect(throws: EncodingError.self) { try JSONValueEncoder().encode(UInt64.max) }
        #expect(try JSONValueEncoder().encode(UInt64(Int64.max)) == .int(.max))
    }

    @Test func encodesScalarsAtTheTop() throws {
        let encoder = JSONValueEncoder()
        #expect(try encoder.encode("x") == "x")
        #expect(try encoder.encode(Float(0.1)) == .double(0.1))
        #expect(try encoder.encode(Int8(-3)) == -3)
        #expect(try encoder.encode(Optional<Int>.none) == nil)
        #expect(try encoder.encode(["a": 1] as JSONValue) == ["a": 1])
    }

    @Test func roundTripsThroughTextAndBack() throws {
        let order = Order(
            customer: "José \u{1F600} \"quoted\"\n",
            items: [Item(sku: "A-1", qty: JSONValueDecoder.maximumInteger), Item(sku: "", qty: -JSONValueDecoder.maximumInteger)],
            note: nil,
            tier: .silver,
            attributes: ["nested": [["x": 1.25], "y", nil, false]])
        let encoded = try JSONValueEncoder().encode(order)
        let parsed = try JSONParser.parse(encoded.jsonBytes)
        #expect(parsed == encoded)
        #expect(try JSONValueDecoder().decode(Order.self, from: parsed) == order)
    }

    @Test func jsonValueWorksWithFoundationCoders() throws {
        let value: JSONValue = ["a": [1, 2.5, "s", nil, true, ["b": false]], "c": [:], "d": []]
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = try encoder.encode(value)
        #expect(String(decoding: data, as: UTF8.self) == value.jsonString)
        // Foundation's keyed containers list keys in no particular order.
        let decoded = try JSONDecoder().decode(JSONValue.self, from: data)
        #expect(sortingKeys(decoded) == value, "\(decoded)")
        #expect(try JSONDecoder().decode(JSONValue.self, from: Data("[null,-7,1e-3]".utf8)) == [nil, -7, 0.001])
    }
}

/// `value` with every object's members sorted by key.
private func sortingKeys(_ value: JSONValue) -> JSONValue {
    switch value {
    case .array(let elements): .array(elements.map(sortingKeys))
    case .object(let object): .object(JSONObject(object.sorted { $0.key < $1.key }.map { (key: $0.key, value: sortingKeys($0.value)) }))
    default: value
    }
}

// MARK: - Schema

private struct Address: Codable {
    var city: String
    var zip: String?
}

private struct Category: Codable {
    var name: String
    var children: [Category]
}

private struct SchemaParams: Codable, JSONSchemaDocumented {
    var sku: String
    var qty: Int64?
    var ratio: Double
    var active: Bool
    var count: UInt8
    var address: Address
    var addresses: [Address]
    var tags: [String]
    var tier: Tier
    var maybeTier: Tier?
    var attributes: JSONValue
    var born: Day
    var labels: [String: Int]
    var explicit: String?

    static let fieldDescriptions = ["sku": "Stock keeping unit.", "tier": "Loyalty tier."]

    enum CodingKeys: String, CodingKey {
        case sku, qty, ratio, active, count, address, addresses, tags, tier, maybeTier, attributes, born, labels, explicit
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        sku = try container.decode(String.self, forKey: .sku)
        qty = try container.decodeIfPresent(Int64.self, forKey: .qty)
        ratio = try container.decode(Double.self, forKey: .ratio)
        active = try container.decode(Bool.self, forKey: .active)
        count = try container.decode(UInt8.self, forKey: .count)
        address = try container.decode(Address.self, forKey: .address)
        addresses = try container.decode([Address].self, forKey: .addresses)
        tags = try container.decode([String].self, forKey: .tags)
        tier = try container.decode(Tier.self, forKey: .tier)
        maybeTier = try container.decodeIfPresent(Tier.self, forKey: .maybeTier)
        attributes = try container.decode(JSONValue.self, forKey: .attributes)
        born = try container.decode(Day.self, forKey: .born)
        labels = try container.decode([String: Int].self, forKey: .labels)
        explicit = try container.decode(String?.self, forKey: .explicit)
    }
}

@Suite struct JSONSchemaGeneratorTests {
    static let address: JSONValue = [
        "type": "object",
        "properties": ["city": ["type": "string"], "zip": ["type": ["string", "null"]]],
        "required": ["city"],
        "additionalProperties": false,
    ]
    static let tier: JSONValue = ["type": "string", "enum": ["bronze", "silver", "gold"]]

    @Test func describesAStruct() {
        let expected: JSONValue = [
            "type": "object",
            "properties": [
                "sku": ["type": "string", "description": "Stock keeping unit."],
                "qty": ["type": ["integer", "null"]],
                "ratio": ["type": "number"],
                "active": ["type": "boolean"],
                "count": ["type": "integer", "minimum": 0],
                "address": Self.address,
                "addresses": ["type": "array", "items": Self.address],
                "tags": ["type": "array", "items": ["type": "string"]],
                "tier": ["type": "string", "enum": ["bronze", "silver", "gold"], "description": "Loyalty tier."],
                "maybeTier": ["type": ["string", "null"], "enum": ["bronze", "silver", "gold", nil]],
                "attributes": [:],
                "born": ["type": "string", "format": "date"],
                "labels": ["type": "object", "additionalProperties": ["type": "integer"]],
                "explicit": ["type": ["string", "null"]],
            ],
            "required": ["sku", "ratio", "active", "count", "address", "addresses", "tags", "tier", "attributes", "born", "labels"],
            "additionalProperties": false,
        ]
        let schema = JSONSchemaGenerator.schema(for: SchemaParams.self)
        #expect(schema == expected, "\(schema.prettyPrinted())")
    }

    @Test func synthesizedOptionalsAreOptional() {
        #expect(JSONSchemaGenerator.schema(for: Address.self) == Self.address)
        #expect(JSONSchemaGenerator.schema(for: Order.self)["required"] == ["customer", "items"])
    }

    @Test func stopsRecursiveTypes() {
        let innermost: JSONValue = [
            "type": "object",
            "properties": ["name": ["type": "string"], "children": ["type": "array", "items": [:]]],
            "required": ["name", "children"],
            "additionalProperties": false,
        ]
        let expected: JSONValue = [
            "type": "object",
            "properties": ["name": ["type": "string"], "children": ["type": "array", "items": innermost]],
            "required": ["name", "children"],
            "additionalProperties": false,
        ]
        #expect(JSONSchemaGenerator.schema(for: Category.self) == expected)
    }

    @Test func describesTopLevelScalarsOptionalsAndSelfDescribingTypes() {
        #expect(JSONSchemaGenerator.schema(for: Int.self) == ["type": "integer"])
        #expect(JSONSchemaGenerator.schema(for: Int?.self) == ["type": ["integer", "null"]])
        #expect(JSONSchemaGenerator.schema(for: [Double].self) == ["type": "array", "items": ["type": "number"]])
        #expect(JSONSchemaGenerator.schema(for: Tier.self) == Self.tier)
        #expect(JSONSchemaGenerator.schema(for: JSONValue.self) == [:])
        #expect(JSONSchemaGenerator.schema(for: JSONValue?.self) == [:])
        #expect(JSONSchemaGenerator.schema(for: Address?.self)["type"] == ["object", "null"])
        #expect(JSONSchemaGenerator.schema(for: Day.self) == Day.jsonSchema)
        #expect(JSONSchemaGenerator.schema(for: [Colour].self) == ["type": "array", "items": ["type": "string", "enum": ["red", "green"]]])
    }

    @Test func fallsBackToAnythingWhenProbingFails() {
        #expect(JSONSchemaGenerator.schema(for: Positive.self) == [:])
        #expect(JSONSchemaGenerator.schema(for: [Positive].self) == [:])
    }

    @Test func schemaMatchesWhatTheDecoderAccepts() throws {
        // Every required member present and nothing else: the decoder takes it.
        let params: JSONValue = [
            "sku": "A", "ratio": 1, "active": true, "count": 1, "address": ["city": "X"], "addresses": [], "tags": [],
            "tier": "gold", "attributes": nil, "born": "2024-05-01", "labels": [:],
        ]
        _ = try JSONValueDecoder().decode(SchemaParams.self, from: params)
        let required = JSONSchemaGenerator.schema(for: SchemaParams.self)["required"]?.arrayValue?.compactMap(\.stringValue) ?? []
        for key in required {
            var missing = params.objectValue!
            missing.removeValue(forKey: key)
            #expect(decodingError(SchemaParams.self, .object(missing))?.kind == .missingField, "\(key)")
        }
    }
}
