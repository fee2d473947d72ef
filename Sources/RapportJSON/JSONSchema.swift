/// A type that states its own JSON Schema instead of having it derived from its `Decodable`
/// conformance.
///
/// Conform types whose JSON form is not what their containers suggest: a value wrapper
/// decoded from a string, an integer with a meaning, a free-form value. The schema generator
/// also needs a valid value of the type to go on probing its container; it decodes one from
/// the schema's first `examples` entry, `default`, `const` or `enum` case, or else from the
/// simplest value of the schema's `type` (a `date-time` string for that format).
///
/// ```swift
/// extension Timestamp: JSONSchemaDescribing {
///     public static var jsonSchema: JSONValue { ["type": "string", "format": "date-time"] }
/// }
/// ```
public protocol JSONSchemaDescribing {
    /// The JSON Schema of the type's JSON form.
    static var jsonSchema: JSONValue { get }
}

/// A string enumeration whose schema lists its cases.
///
/// ```swift
/// enum Tier: String, Codable, JSONSchemaEnum { case bronze, silver, gold }
/// Tier.jsonSchema  // {"type":"string","enum":["bronze","silver","gold"]}
/// ```
///
/// ``JSONValueDecoder`` also names the cases when a client sends another string.
public protocol JSONSchemaEnum: JSONSchemaDescribing, CaseIterable, RawRepresentable where RawValue == String {}

extension JSONSchemaEnum {
    /// `{"type":"string","enum":[…]}` listing every case's raw value, in `allCases` order.
    public static var jsonSchema: JSONValue {
        ["type": "string", "enum": .array(allCases.map { .string($0.rawValue) })]
    }
}

/// A type whose schema describes its fields.
///
/// ```swift
/// struct Params: Decodable, JSONSchemaDocumented {
///     var email: String
///     static let fieldDescriptions = ["email": "The customer's email address, unique per store."]
/// }
/// ```
public protocol JSONSchemaDocumented {
    /// A description for each field, by coding key.
    static var fieldDescriptions: [String: String] { get }
    /// The range of each integer field that has a narrower one than every integer's
    /// (±``JSONValueDecoder/maximumInteger``), by coding key: ``JSONValueDecoder`` refuses a
    /// value outside it, naming the field, and the schema states it as `minimum` and `maximum`.
    static var fieldRanges: [String: ClosedRange<Int64>] { get }
}

extension JSONSchemaDocumented {
    /// No field descriptions by default.
    public static var fieldDescriptions: [String: String] { [:] }
    /// No narrower ranges by default: integer fields take ±``JSONValueDecoder/maximumInteger``.
    public static var fieldRanges: [String: ClosedRange<Int64>] { [:] }
}

extension JSONValue: JSONSchemaDescribing {
    /// `{}`: any JSON value.
    public static var jsonSchema: JSONValue { .object(JSONObject()) }
}

extension JSONObject: JSONSchemaDescribing {
    /// `{"type":"object"}`: any JSON object.
    public static var jsonSchema: JSONValue { ["type": "object"] }
}

/// Derives JSON Schemas (a subset of draft 2020-12) from `Decodable` types.
///
/// The generator runs the type's `init(from:)` against a decoder that answers every request
/// with a placeholder and notes what was asked: a keyed container becomes an object whose
/// members are the keys asked for (required when read with `decode`, optional and nullable
/// when read with `decodeIfPresent` or as an `Optional`) with `additionalProperties: false`,
/// as ``JSONValueDecoder`` enforces; an unkeyed container becomes an array of its first
/// element's schema; `[String: Value]` becomes an object of `Value`s; scalars map to
/// `boolean`, `integer`, `number` and `string`; a `CaseIterable` enumeration with string raw
/// values lists its cases. Types conforming to ``JSONSchemaDescribing`` supply their own
/// schema, and ``JSONSchemaDocumented`` types describe their fields.
///
/// ```swift
/// struct Params: Decodable { var sku: String; var qty: Int64?; var tags: [String] }
/// JSONSchemaGenerator.schema(for: Params.self)
/// // {"type":"object","properties":{"sku":{"type":"string"},"qty":{"type":["integer","null"]},
/// //  "tags":{"type":"array","items":{"type":"string"}}},"required":["sku","tags"],"additionalProperties":false}
/// ```
///
/// A type nested in itself is expanded once more, then described as `{}`. If some type's
/// `init(from:)` refuses its placeholder (an empty string, zero, `false`), the probe cannot go
/// on and the whole schema is `{}`; give such a type a ``JSONSchemaDescribing`` schema whose
/// `examples`, `default` or `format` yields a value it accepts.
public enum JSONSchemaGenerator {
    /// The schema of `type`'s JSON form.
    public static func schema<T: Decodable>(for type: T.Type) -> JSONValue {
        let node = ShapeNode()
        do {
            _ = try SchemaProbe().value(T.self, into: node, isExhausted: false)
        } catch {
            return .object(JSONObject())
        }
        return node.schema
    }
}

// MARK: - Shapes

/// What the probe learned about one value.
private final class ShapeNode {
    /// A member of an object, and how it was asked for.
    final class Property {
        let key: String
        let node = ShapeNode()
        var isAskedRequired = false
        var isAskedOptionally = false

        init(key: String) { self.key = key }
    }

    /// A schema given whole: a scalar's, or one a type describes itself.
    var fixed: JSONValue?
    var isObject = false
    var properties: [Property] = []
    /// Whether the object accepts any key (its container's `allKeys` was read).
    var isOpen = false
    var descriptions: [String: String] = [:]
    var ranges: [String: ClosedRange<Int64>] = [:]
    var isArray = false
    var items: ShapeNode?
    var isNullable = false

    func property(_ key: String) -> Property {
        if let existing = properties.first(where: { $0.key == key }) { return existing }
        let property = Property(key: key)
        properties.append(property)
        return property
    }

    var schema: JSONValue {
        let schema: JSONValue
        if let fixed {
            schema = fixed
        } else if isObject {
            var members = JSONObject()
            var required: [JSONValue] = []
            for property in properties {
                var member = property.node.schema
                if let description = descriptions[property.key], case .object(var object) = member {
                    object.set(key: "description", value: .string(description))
                    member = .object(object)
                }
                if let range = ranges[property.key], case .object(var object) = member {
                    object.set(key: "minimum", value: .int(range.lowerBound))
                    object.set(key: "maximum", value: .int(range.upperBound))
                    member = .object(object)
                }
                members.append(key: property.key, value: member)
                if property.isAskedRequired, !property.isAskedOptionally { required.append(.string(property.key)) }
            }
            var object: JSONObject = ["type": "object", "properties": .object(members)]
            if !required.isEmpty { object.append(key: "required", value: .array(required)) }
            if !isOpen { object.append(key: "additionalProperties", value: false) }
            schema = .object(object)
        } else if isArray {
            schema = ["type": "array", "items": items?.schema ?? .object(JSONObject())]
        } else {
            schema = .object(JSONObject())
        }
        return isNullable ? Self.allowingNull(schema) : schema
    }

    /// `schema` widened to accept `null` too.
    static func allowingNull(_ schema: JSONValue) -> JSONValue {
        guard case .object(var object) = schema, !object.isEmpty else { return schema }
        switch object["type"] {
        case .string(let type)?:
            object.set(key: "type", value: [.string(type), "null"])
        case .array(var types)? where !types.contains("null"):
            types.append("null")
            object.set(key: "type", value: .array(types))
        case .array?:
            break
        default:
            return ["anyOf": [schema, ["type": "null"]]]
        }
        if case .array(var cases)? = object["enum"], !cases.contains(.null) {
            cases.append(.null)
            object.set(key: "enum", value: .array(cases))
        }
        return .object(object)
    }
}

// MARK: - Probe

/// Runs `init(from:)` implementations against placeholder values, recording what they ask for.
private final class SchemaProbe {
    /// The types being probed, outermost first, to stop recursive types.
    private var stack: [ObjectIdentifier] = []

    /// A value of `type`, with its shape recorded in `node`. When `isExhausted`, nothing is
    /// recorded and containers look empty, so recursive types come to an end.
    func value<T: Decodable>(_ type: T.Type, into node: ShapeNode, isExhausted: Bool) throws -> T {
        if let scalar = Self.scalar(T.self) {
            node.fixed = scalar.schema
            return scalar.placeholder as! T
        }
        if let described = T.self as? any JSONSchemaDescribing.Type {
            let schema = described.jsonSchema
            node.fixed = schema
            if let placeholder = try? JSONValueDecoder().decode(T.self, from: Self.placeholder(for: schema)) {
                return placeholder
            }
            return try T(from: ProbeDecoder(node: ShapeNode(), probe: self, isExhausted: true))
        }
        if let enumeration = StringEnumeration(T.self) {
            // A string enumeration that did not adopt `JSONSchemaEnum` still lists its cases.
            node.fixed = ["type": "string", "enum": .array(enumeration.rawValues.map(JSONValue.string))]
            guard let first = enumeration.firstCase as? T else {
                throw DecodingError.valueNotFound(T.self, DecodingError.Context(codingPath: [], debugDescription: "an enumeration without cases"))
            }
            return first
        }
        if let optional = T.self as? any OptionalProbing.Type {
            node.isNullable = true
            return try optional.probeNone(into: node, probe: self, isExhausted: isExhausted) as! T
        }
        if let dictionary = T.self as? any DictionaryProbing.Type {
            let values = ShapeNode()
            let empty = try dictionary.probeEmpty(into: values, probe: self, isExhausted: isExhausted)
            node.fixed = ["type": "object", "additionalProperties": values.schema]
            return empty as! T
        }
        let identifier = ObjectIdentifier(T.self)
        if isExhausted || stack.count >= 24 || stack.lazy.filter({ $0 == identifier }).count >= 2 {
            node.fixed = .object(JSONObject())
            return try T(from: ProbeDecoder(node: ShapeNode(), probe: self, isExhausted: true))
        }
        stack.append(identifier)
        defer { stack.removeLast() }
        let value = try T(from: ProbeDecoder(node: node, probe: self, isExhausted: false))
        if let documented = T.self as? any JSONSchemaDocumented.Type {
            node.descriptions = documented.fieldDescriptions
            node.ranges = documented.fieldRanges
        }
        return value
    }

    private static func scalar(_ type: Any.Type) -> (schema: JSONValue, placeholder: Any)? {
        switch type {
        case is Bool.Type: (["type": "boolean"], false)
        case is String.Type: (["type": "string"], "")
        case is Double.Type: (["type": "number"], 0 as Double)
        case is Float.Type: (["type": "number"], 0 as Float)
        case is Int.Type: (["type": "integer"], 0 as Int)
        case is Int8.Type: (["type": "integer"], 0 as Int8)
        case is Int16.Type: (["type": "integer"], 0 as Int16)
        case is Int32.Type: (["type": "integer"], 0 as Int32)
        case is Int64.Type: (["type": "integer"], 0 as Int64)
        case is Int128.Type: (["type": "integer"], 0 as Int128)
        case is UInt.Type: (["type": "integer", "minimum": 0], 0 as UInt)
        case is UInt8.Type: (["type": "integer", "minimum": 0], 0 as UInt8)
        case is UInt16.Type: (["type": "integer", "minimum": 0], 0 as UInt16)
        case is UInt32.Type: (["type": "integer", "minimum": 0], 0 as UInt32)
        case is UInt64.Type: (["type": "integer", "minimum": 0], 0 as UInt64)
        case is UInt128.Type: (["type": "integer", "minimum": 0], 0 as UInt128)
        default: nil
        }
    }

    /// A simple value valid against `schema`, to decode a self-describing type from.
    static func placeholder(for schema: JSONValue) -> JSONValue {
        guard case .object(let object) = schema else { return .null }
        if case .array(let examples)? = object["examples"], let first = examples.first { return first }
        if let value = object["default"] ?? object["const"] { return value }
        if case .array(let cases)? = object["enum"], let first = cases.first { return first }
        if case .array(let choices)? = object["anyOf"] ?? object["oneOf"], let first = choices.first {
            return placeholder(for: first)
        }
        let type: String?
        switch object["type"] {
        case .string(let name)?: type = name
        case .array(let names)?: type = names.lazy.compactMap(\.stringValue).first { $0 != "null" } ?? "null"
        default: type = nil
        }
        switch type {
        case "boolean":
            return false
        case "integer":
            return .int(object["minimum"]?.intValue ?? 0)
        case "number":
            return object["minimum"] ?? 0
        case "string":
            switch object["format"]?.stringValue {
            case "date-time": return "1970-01-01T00:00:00Z"
            case "date": return "1970-01-01"
            case "time": return "00:00:00Z"
            case "uuid": return "00000000-0000-0000-0000-000000000000"
            case "email": return "user@example.com"
            case "uri": return "https://example.com"
            default: return .string(String(repeating: "a", count: Int(object["minLength"]?.intValue ?? 0)))
            }
        case "array":
            let count = Int(object["minItems"]?.intValue ?? 0)
            return .array(Array(repeating: placeholder(for: object["items"] ?? .null), count: count))
        case "object":
            var members = JSONObject()
            if case .array(let required)? = object["required"] {
                for case .string(let key) in required {
                    members.append(key: key, value: placeholder(for: object["properties"]?[key] ?? .null))
                }
            }
            return .object(members)
        default:
            return .null
        }
    }
}

/// The cases of an enumeration with string raw values, found at run time.
struct StringEnumeration {
    var rawValues: [String]
    var firstCase: Any?

    init?(_ type: Any.Type) {
        guard let enumeration = type as? any (CaseIterable & RawRepresentable<String>).Type else { return nil }
        self.init(opening: enumeration)
    }

    private init<Enumeration: CaseIterable & RawRepresentable<String>>(opening type: Enumeration.Type) {
        rawValues = Enumeration.allCases.map(\.rawValue)
        firstCase = Enumeration.allCases.first
    }
}

/// Optionals: nullable, and probed through their wrapped type.
private protocol OptionalProbing {
    static func probeNone(into node: ShapeNode, probe: SchemaProbe, isExhausted: Bool) throws -> Self
}

extension Optional: OptionalProbing where Wrapped: Decodable {
    fileprivate static func probeNone(into node: ShapeNode, probe: SchemaProbe, isExhausted: Bool) throws -> Self {
        _ = try probe.value(Wrapped.self, into: node, isExhausted: isExhausted)
        return nil
    }
}

/// String-keyed dictionaries: objects whose members all have the value's schema.
private protocol DictionaryProbing {
    static func probeEmpty(into values: ShapeNode, probe: SchemaProbe, isExhausted: Bool) throws -> Self
}

extension Dictionary: DictionaryProbing where Key == String, Value: Decodable {
    fileprivate static func probeEmpty(into values: ShapeNode, probe: SchemaProbe, isExhausted: Bool) throws -> Self {
        _ = try probe.value(Value.self, into: values, isExhausted: isExhausted)
        return [:]
    }
}

// MARK: - Probe decoder

private struct ProbeDecoder: Decoder, SingleValueDecodingContainer {
    let node: ShapeNode
    let probe: SchemaProbe
    let isExhausted: Bool
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedDecodingContainer<Key> {
        node.isObject = true
        return KeyedDecodingContainer(ProbeKeyedContainer<Key>(node: node, probe: probe, isExhausted: isExhausted))
    }

    func unkeyedContainer() -> any UnkeyedDecodingContainer {
        node.isArray = true
        if node.items == nil { node.items = ShapeNode() }
        return ProbeUnkeyedContainer(items: node.items!, probe: probe, isExhausted: isExhausted)
    }

    func singleValueContainer() -> any SingleValueDecodingContainer { self }

    func decodeNil() -> Bool { false }

    func decode<T: Decodable>(_ type: T.Type) throws -> T { try probed(type) }
    func decode(_ type: Bool.Type) throws -> Bool { try probed(type) }
    func decode(_ type: String.Type) throws -> String { try probed(type) }
    func decode(_ type: Double.Type) throws -> Double { try probed(type) }
    func decode(_ type: Float.Type) throws -> Float { try probed(type) }
    func decode(_ type: Int.Type) throws -> Int { try probed(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try probed(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try probed(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try probed(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try probed(type) }
    func decode(_ type: Int128.Type) throws -> Int128 { try probed(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try probed(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try probed(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try probed(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try probed(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try probed(type) }
    func decode(_ type: UInt128.Type) throws -> UInt128 { try probed(type) }

    private func probed<T: Decodable>(_ type: T.Type) throws -> T {
        try probe.value(type, into: node, isExhausted: isExhausted)
    }
}

private struct ProbeKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let node: ShapeNode
    let probe: SchemaProbe
    let isExhausted: Bool
    var codingPath: [any CodingKey] { [] }

    /// A container whose keys are read is a dictionary-like object: it accepts any member.
    var allKeys: [Key] {
        node.isOpen = true
        return []
    }

    func contains(_ key: Key) -> Bool {
        guard !isExhausted else { return false }
        node.property(key.stringValue).isAskedOptionally = true
        return true
    }

    func decodeNil(forKey key: Key) -> Bool {
        guard !isExhausted else { return true }
        let property = node.property(key.stringValue)
        property.isAskedOptionally = true
        property.node.isNullable = true
        return false
    }

    // `decodeIfPresent` keeps its default implementation: `contains` and `decodeNil` mark the
    // member optional and nullable, then `decode` records its schema.
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try probed(type, forKey: key) }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try probed(type, forKey: key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try probed(type, forKey: key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try probed(type, forKey: key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try probed(type, forKey: key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try probed(type, forKey: key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try probed(type, forKey: key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try probed(type, forKey: key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try probed(type, forKey: key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try probed(type, forKey: key) }
    func decode(_ type: Int128.Type, forKey key: Key) throws -> Int128 { try probed(type, forKey: key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try probed(type, forKey: key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try probed(type, forKey: key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try probed(type, forKey: key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try probed(type, forKey: key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try probed(type, forKey: key) }
    func decode(_ type: UInt128.Type, forKey key: Key) throws -> UInt128 { try probed(type, forKey: key) }

    private func probed<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let property = node.property(key.stringValue)
        property.isAskedRequired = true
        if T.self is any OptionalProbing.Type { property.isAskedOptionally = true }
        return try probe.value(type, into: property.node, isExhausted: isExhausted)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) -> KeyedDecodingContainer<NestedKey> {
        let property = node.property(key.stringValue)
        property.isAskedRequired = true
        return ProbeDecoder(node: property.node, probe: probe, isExhausted: isExhausted).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedDecodingContainer {
        let property = node.property(key.stringValue)
        property.isAskedRequired = true
        return ProbeDecoder(node: property.node, probe: probe, isExhausted: isExhausted).unkeyedContainer()
    }

    func superDecoder() -> any Decoder {
        superDecoder(named: AnyCodingKey.super.stringValue)
    }

    func superDecoder(forKey key: Key) -> any Decoder {
        superDecoder(named: key.stringValue)
    }

    private func superDecoder(named key: String) -> any Decoder {
        let property = node.property(key)
        property.isAskedRequired = true
        return ProbeDecoder(node: property.node, probe: probe, isExhausted: isExhausted)
    }
}

private struct ProbeUnkeyedContainer: UnkeyedDecodingContainer {
    let items: ShapeNode
    let probe: SchemaProbe
    let isExhausted: Bool
    var codingPath: [any CodingKey] { [] }
    private(set) var currentIndex = 0

    init(items: ShapeNode, probe: SchemaProbe, isExhausted: Bool) {
        self.items = items
        self.probe = probe
        self.isExhausted = isExhausted
    }

    /// One element is probed; later ones, if a type reads past the end anyway, are not recorded.
    var count: Int? { isExhausted ? 0 : 1 }
    var isAtEnd: Bool { isExhausted || currentIndex >= 1 }

    private mutating func nextNode() -> ShapeNode {
        defer { currentIndex += 1 }
        return currentIndex == 0 ? items : ShapeNode()
    }

    mutating func decodeNil() -> Bool { false }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try probed(type) }
    mutating func decode(_ type: Bool.Type) throws -> Bool { try probed(type) }
    mutating func decode(_ type: String.Type) throws -> String { try probed(type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try probed(type) }
    mutating func decode(_ type: Float.Type) throws -> Float { try probed(type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try probed(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try probed(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try probed(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try probed(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try probed(type) }
    mutating func decode(_ type: Int128.Type) throws -> Int128 { try probed(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try probed(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try probed(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try probed(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try probed(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try probed(type) }
    mutating func decode(_ type: UInt128.Type) throws -> UInt128 { try probed(type) }

    private mutating func probed<T: Decodable>(_ type: T.Type) throws -> T {
        let exhausted = isAtEnd
        return try probe.value(type, into: nextNode(), isExhausted: exhausted)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) -> KeyedDecodingContainer<NestedKey> {
        let exhausted = isAtEnd
        return ProbeDecoder(node: nextNode(), probe: probe, isExhausted: exhausted).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedDecodingContainer {
        let exhausted = isAtEnd
        return ProbeDecoder(node: nextNode(), probe: probe, isExhausted: exhausted).unkeyedContainer()
    }

    mutating func superDecoder() -> any Decoder {
        let exhausted = isAtEnd
        return ProbeDecoder(node: nextNode(), probe: probe, isExhausted: exhausted)
    }
}
