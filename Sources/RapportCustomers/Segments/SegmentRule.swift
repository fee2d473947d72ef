public import RapportJSON
import RapportRPC

/// Which customers belong to a segment: conditions on customer fields, combined with `all`, `any`
/// and `not`.
///
/// A rule is JSON, so that any client can write one and a segment can store it as it came:
///
/// ```json
/// {"all": [
///     {"field": "daysSinceLastOrder", "op": ">", "value": 60},
///     {"field": "consent.email", "op": "=", "value": true},
///     {"not": {"field": "tags", "op": "contains", "value": "wholesale"}}
/// ]}
/// ```
///
/// Each object holds exactly one of `all`, `any`, `not`, or the three members of a condition.
/// Decoding is strict: an unknown or extra member, an empty `all` or `any`, an unknown operator
/// or rules nested deeper than ``maximumDepth`` are refused with a `DecodingError` whose coding
/// path points at the culprit. Whether the fields exist and the values suit them is checked when
/// the rule is compiled against a ``SegmentFieldRegistry``, since other modules add fields.
///
/// ```swift
/// let rule: SegmentRule = .all([
///     .condition(SegmentCondition(field: "daysSinceLastOrder", op: .greaterThan, value: 60)),
///     .not(.condition(SegmentCondition(field: "tags", op: .contains, value: "wholesale"))),
/// ])
/// ```
public indirect enum SegmentRule: Sendable, Hashable {
    /// Every rule holds (at least one rule).
    case all([SegmentRule])
    /// At least one rule holds (at least one rule).
    case any([SegmentRule])
    /// The rule does not hold. A condition on a missing value (a customer without orders, say)
    /// does not hold, so its negation does.
    case not(SegmentRule)
    /// A condition on one field.
    case condition(SegmentCondition)

    /// How deep rules may nest: a lone condition has depth 1, `{"not": condition}` depth 2.
    public static let maximumDepth = 16
}

/// A condition on one customer field: `{"field": "totalSpent", "op": ">=", "value": 100000}`.
///
/// The value's JSON type depends on the field's kind: an integer for counts and money (minor
/// units), an RFC 3339 string for times, a string for text and tags, `true` or `false` for
/// booleans; an array for `in` (`[a, b, …]`) and `between` (`[low, high]`, both inclusive);
/// `null` with `=` and `!=` to ask whether the field has no value.
public struct SegmentCondition: Sendable, Hashable {
    /// The field's name, as ``SegmentFieldRegistry`` knows it: `totalSpent`, `attributes.city`.
    public var field: String
    /// How the field is compared with ``value``.
    public var op: SegmentOperator
    /// What the field is compared with.
    public var value: JSONValue

    /// Creates a condition.
    public init(field: String, op: SegmentOperator, value: JSONValue) {
        self.field = field
        self.op = op
        self.value = value
    }
}

/// How a condition compares a field with its value.
public enum SegmentOperator: String, Codable, Sendable, CaseIterable, JSONSchemaEnum {
    /// Equal; with `null`, the field has no value.
    case equal = "="
    /// Not equal; a field without a value differs from every value but `null`.
    case notEqual = "!="
    /// Less than: by number, by time, or by text in byte order.
    case lessThan = "<"
    /// Less than or equal.
    case lessThanOrEqual = "<="
    /// Greater than.
    case greaterThan = ">"
    /// Greater than or equal.
    case greaterThanOrEqual = ">="
    /// Equal to one of the values of an array.
    case `in`
    /// Text: holds the value as a substring, ignoring ASCII case. Tags: has the tag.
    case contains
    /// Between the two values of `[low, high]`, both inclusive.
    case between

    /// Decodes an operator from its symbol or word, refusing an unknown one with a message listing the known ones.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let op = SegmentOperator(rawValue: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: Self.unknownOperatorMessage(text))
        }
        self = op
    }

    fileprivate static func unknownOperatorMessage(_ text: String) -> String {
        "unknown operator \"\(text)\"; use one of \(allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))"
    }
}

// MARK: - Codable

extension SegmentRule: Codable {
    /// Decodes a rule, refusing anything but the four shapes.
    ///
    /// The rule is read as one ``JSONValue`` and walked here rather than through nested
    /// `Decodable` calls, so that the depth is known at every level and a hostile document is
    /// refused before it can exhaust the stack.
    public init(from decoder: any Decoder) throws {
        let json = try decoder.singleValueContainer().decode(JSONValue.self)
        var reader = SegmentRuleReader(codingPath: decoder.codingPath)
        self = try reader.rule(json, depth: 1)
    }

    /// Encodes the rule in the JSON shape it is decoded from: `{"all": […]}`, `{"any": […]}`, `{"not": …}` or a condition.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .all(let rules):
            var container = encoder.container(keyedBy: SegmentRuleKey.self)
            try container.encode(rules, forKey: .all)
        case .any(let rules):
            var container = encoder.container(keyedBy: SegmentRuleKey.self)
            try container.encode(rules, forKey: .any)
        case .not(let rule):
            var container = encoder.container(keyedBy: SegmentRuleKey.self)
            try container.encode(rule, forKey: .not)
        case .condition(let condition):
            try condition.encode(to: encoder)
        }
    }
}

extension SegmentCondition: Codable {
    /// Decodes a lone condition, refusing `all`, `any` and `not` and any member besides `field`, `op` and `value`.
    public init(from decoder: any Decoder) throws {
        let json = try decoder.singleValueContainer().decode(JSONValue.self)
        let reader = SegmentRuleReader(codingPath: decoder.codingPath)
        guard case .object(let object) = json, !object.contains(where: { SegmentRuleKey.combinators.contains($0.key) }) else {
            throw reader.corrupted("expected a condition: {\"field\": …, \"op\": …, \"value\": …}, got \(json.shortDescription)")
        }
        self = try reader.condition(object)
    }

    /// Encodes the condition as `{"field": …, "op": …, "value": …}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: SegmentRuleKey.self)
        try container.encode(field, forKey: .field)
        try container.encode(op, forKey: .op)
        try container.encode(value, forKey: .value)
    }
}

/// The members a rule object may hold.
private enum SegmentRuleKey: String, CodingKey, CaseIterable {
    case all, any, not, field, op, value

    static let combinators: Set<String> = ["all", "any", "not"]
    static let conditionMembers: Set<String> = ["field", "op", "value"]
}

/// A coding key for an array element, written `[2]` in the paths of errors.
private struct IndexKey: CodingKey {
    var intValue: Int?
    var stringValue: String { "Index \(intValue ?? 0)" }

    init(_ index: Int) { intValue = index }
    init?(intValue: Int) { self.intValue = intValue }
    init?(stringValue: String) { nil }
}

/// A coding key for a member a rule must not hold.
private struct MemberKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }

    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// Walks the JSON of a rule, keeping the coding path for errors.
private struct SegmentRuleReader {
    var codingPath: [any CodingKey]

    static let shapes = #"{"all": […]}, {"any": […]}, {"not": {…}} or {"field": …, "op": …, "value": …}"#

    mutating func rule(_ json: JSONValue, depth: Int) throws -> SegmentRule {
        guard depth <= SegmentRule.maximumDepth else {
            throw corrupted("rules nest at most \(SegmentRule.maximumDepth) deep")
        }
        guard case .object(let object) = json else {
            throw corrupted("expected a rule: \(Self.shapes); got \(json.shortDescription)")
        }
        try refuseRepeatedMembers(object)
        for key in object.keys where SegmentRuleKey(rawValue: key) == nil {
            throw corrupted("unknown member \"\(key)\" in a rule, which is \(Self.shapes)", at: MemberKey(key))
        }
        let combinators = object.keys.filter { SegmentRuleKey.combinators.contains($0) }
        guard let combinator = combinators.first else { return .condition(try condition(object)) }
        guard object.count == 1 else {
            let members = object.keys.map { "\"\($0)\"" }.joined(separator: ", ")
            throw corrupted("a rule holds exactly one of \"all\", \"any\", \"not\" or a condition, got \(members)")
        }
        let key = SegmentRuleKey(rawValue: combinator)!
        let member = object[combinator]!
        codingPath.append(key)
        defer { codingPath.removeLast() }
        if key == .not {
            return .not(try rule(member, depth: depth + 1))
        }
        guard case .array(let elements) = member else {
            throw corrupted("\"\(combinator)\" takes an array of rules, got \(member.shortDescription)")
        }
        guard !elements.isEmpty else {
            throw corrupted("\"\(combinator)\" needs at least one rule")
        }
        var rules: [SegmentRule] = []
        rules.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            codingPath.append(IndexKey(index))
            defer { codingPath.removeLast() }
            rules.append(try rule(element, depth: depth + 1))
        }
        return key == .all ? .all(rules) : .any(rules)
    }

    /// The condition in `object`, which holds no combinator.
    func condition(_ object: JSONObject) throws -> SegmentCondition {
        try refuseRepeatedMembers(object)
        for key in object.keys where !SegmentRuleKey.conditionMembers.contains(key) {
            throw corrupted(
                "unknown member \"\(key)\" in a condition, which is {\"field\": …, \"op\": …, \"value\": …}", at: MemberKey(key))
        }
        guard let field = object["field"] else { throw missing(.field) }
        guard let op = object["op"] else { throw missing(.op) }
        guard let value = object["value"] else { throw missing(.value) }
        guard case .string(let name) = field else {
            throw mismatch(String.self, "\"field\" takes a field name such as \"totalSpent\", got \(field.shortDescription)", at: .field)
        }
        guard case .string(let symbol) = op else {
            throw mismatch(String.self, "\"op\" takes an operator such as \">=\", got \(op.shortDescription)", at: .op)
        }
        guard let segmentOperator = SegmentOperator(rawValue: symbol) else {
            throw corrupted(SegmentOperator.unknownOperatorMessage(symbol), at: SegmentRuleKey.op)
        }
        return SegmentCondition(field: name, op: segmentOperator, value: value)
    }

    /// Repeated members are refused even when the decoder in use let them through.
    private func refuseRepeatedMembers(_ object: JSONObject) throws {
        var seen: Set<String> = []
        for key in object.keys where !seen.insert(key).inserted {
            throw corrupted("member \"\(key)\" appears twice", at: MemberKey(key))
        }
    }

    func corrupted(_ message: String, at key: (any CodingKey)? = nil) -> DecodingError {
        .dataCorrupted(DecodingError.Context(codingPath: codingPath + (key.map { [$0] } ?? []), debugDescription: message))
    }

    private func missing(_ key: SegmentRuleKey) -> DecodingError {
        let message = "a condition needs \"field\", \"op\" and \"value\""
        return .keyNotFound(key, DecodingError.Context(codingPath: codingPath, debugDescription: message))
    }

    private func mismatch(_ type: Any.Type, _ message: String, at key: SegmentRuleKey) -> DecodingError {
        .typeMismatch(type, DecodingError.Context(codingPath: codingPath + [key], debugDescription: message))
    }
}

extension JSONValue {
    /// The JSON text, cut short for error messages.
    var shortDescription: String {
        let text = jsonString
        return text.count <= 60 ? text : String(text.prefix(57)) + "…"
    }
}

// MARK: - Schema

extension SegmentRule: JSONSchemaDescribing {
    /// One of the four shapes; nested rules are described as objects, since the schema cannot
    /// refer to itself from inside an OpenRPC document.
    public static var jsonSchema: JSONValue {
        let nested: JSONValue = ["type": "object", "description": .string("A rule: \(SegmentRuleReader.shapes).")]
        func combinator(_ key: String, _ value: JSONValue, _ description: String) -> JSONValue {
            [
                "type": "object",
                "description": .string(description),
                "properties": .object([key: value]),
                "required": [.string(key)],
                "additionalProperties": false,
            ]
        }
        return [
            "description": .string(
                "A segment rule: conditions on customer fields combined with all, any and not, nested at most \(maximumDepth) deep."
            ),
            "oneOf": [
                SegmentCondition.jsonSchema,
                combinator("all", ["type": "array", "minItems": 1, "items": nested], "Every rule holds."),
                combinator("any", ["type": "array", "minItems": 1, "items": nested], "At least one rule holds."),
                combinator("not", nested, "The rule does not hold."),
            ],
            "examples": [
                [
                    "all": [
                        ["field": "daysSinceLastOrder", "op": ">", "value": 60],
                        ["field": "consent.email", "op": "=", "value": true],
                    ]
                ]
            ],
        ]
    }
}

extension SegmentCondition: JSONSchemaDescribing {
    /// The JSON schema of a condition: an object of exactly `field`, `op` and `value`.
    public static var jsonSchema: JSONValue {
        [
            "type": "object",
            "description": "A condition on one customer field.",
            "properties": [
                "field": ["type": "string", "description": "A field name such as totalSpent, tags or attributes.city."],
                "op": SegmentOperator.jsonSchema,
                "value": [
                    "description":
                        "What the field is compared with: a scalar, an array for in, [low, high] for between, or null with = and !=."
                ],
            ],
            "required": ["field", "op", "value"],
            "additionalProperties": false,
            "examples": [["field": "totalSpent", "op": ">=", "value": 100_000]],
        ]
    }
}
