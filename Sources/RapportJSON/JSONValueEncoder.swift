public import RapportCore

/// Encodes `Encodable` values into ``JSONValue``, keeping object members in the order they
/// are encoded.
///
/// A synthesized `encode(to:)` encodes properties in declaration order, so results read in
/// the order their types declare them. Every key is written: a nil optional becomes an
/// explicit `null` rather than a missing member, so a script never has to guess whether a key
/// exists. A ``JSONValue`` or ``JSONObject`` inside the value is copied as is.
///
/// ```swift
/// struct Customer: Encodable { var id: String; var email: String? }
/// let value = try JSONValueEncoder().encode(Customer(id: "cus_1", email: nil))
/// value.jsonString  // {"id":"cus_1","email":null}
/// ```
public struct JSONValueEncoder: Sendable {
    /// Creates an encoder.
    public init() {}

    /// Encodes `value`.
    ///
    /// - Parameter value: The value to encode.
    /// - Returns: The value as JSON; a value that encodes nothing becomes an empty object.
    /// - Throws: `EncodingError.invalidValue` for a non-finite floating-point number or an
    ///   integer outside the 64-bit signed range, or any error the value's `encode(to:)` throws.
    public func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        try EncodingNode.encode(value, codingPath: [])
    }
}

/// A type that builds its JSON directly, skipping the `Encoder` machinery: for the results that
/// busy methods return (a customer, an order). Its `jsonValue` must equal what `encode(to:)` gives.
public protocol JSONValueConvertible: Encodable {
    /// The value as JSON.
    var jsonValue: JSONValue { get }
}

extension Timestamp: JSONValueConvertible {
    /// The instant as its ``Timestamp/rfc3339`` string, as `encode(to:)` writes it.
    public var jsonValue: JSONValue { .string(rfc3339) }
}

extension Money: JSONValueConvertible {
    /// The amount as a bare integer of minor units, as `encode(to:)` writes it.
    public var jsonValue: JSONValue { .int(minorUnits) }
}

// MARK: - Storage

/// What one encoder collects: a single value, an array or an object.
private final class EncodingNode {
    /// A value already encoded, or a container still being filled through a nested container
    /// or a super encoder.
    enum Slot {
        case value(JSONValue)
        case node(EncodingNode)

        var value: JSONValue {
            switch self {
            case .value(let value): value
            case .node(let node): node.value
            }
        }
    }

    private enum Kind { case empty, single, array, object }

    private struct Member {
        var key: String
        var slot: Slot
    }

    // A node is only ever used by the one encoder call that owns it, so the dynamic
    // exclusivity checks of class properties would only cost time.
    @exclusivity(unchecked) private var kind = Kind.empty
    @exclusivity(unchecked) private var single = JSONValue.null
    @exclusivity(unchecked) private var elements: [Slot] = []
    @exclusivity(unchecked) private var members: [Member] = []
    /// Member positions by key, kept once an object is large enough for scans to cost.
    @exclusivity(unchecked) private var memberIndex: [String: Int]?

    var count: Int { kind == .array ? elements.count : members.count }

    /// What was encoded; an encoder that received nothing produces `{}`.
    var value: JSONValue {
        switch kind {
        case .empty: .object(JSONObject())
        case .single: single
        case .array: .array(elements.map(\.value))
        case .object: .object(JSONObject(members: members.map { JSONObject.Member(key: $0.key, value: $0.slot.value) }))
        }
    }

    func setSingle(_ value: JSONValue) {
        kind = .single
        single = value
    }

    func becomeArray() {
        guard kind != .array else { return }
        kind = .array
        elements = []
    }

    func becomeObject() {
        guard kind != .object else { return }
        kind = .object
        members = []
        members.reserveCapacity(8)
        memberIndex = nil
    }

    func append(_ slot: Slot) {
        elements.append(slot)
    }

    /// Sets member `key`, in place if it was encoded before.
    func set(_ slot: Slot, forKey key: String) {
        if memberIndex == nil, members.count >= 16 {
            memberIndex = Dictionary(members.indices.map { (members[$0].key, $0) }) { first, _ in first }
        }
        let existing = memberIndex != nil ? memberIndex![key] : members.firstIndex { $0.key == key }
        if let existing {
            members[existing].slot = slot
        } else {
            memberIndex?[key] = members.count
            members.append(Member(key: key, slot: slot))
        }
    }

    // MARK: Encoding values

    /// Encodes any value, copying ``JSONValue`` and the common scalars without an encoder.
    static func encode<T: Encodable>(_ value: T, codingPath: @autoclosure () -> [any CodingKey]) throws -> JSONValue {
        // Metatype comparisons are cheap even where the caller is not specialized; the casts run only on a match.
        if T.self == JSONValue.self { return value as! JSONValue }
        if T.self == JSONObject.self { return .object(value as! JSONObject) }
        if T.self == String.self { return .string(value as! String) }
        if T.self == Int.self { return .int(Int64(value as! Int)) }
        if T.self == Int64.self { return .int(value as! Int64) }
        if T.self == Bool.self { return .bool(value as! Bool) }
        if T.self == Double.self { return try number(value as! Double, codingPath: codingPath()) }
        if let convertible = value as? any JSONValueConvertible { return convertible.jsonValue }
        let node = EncodingNode()
        try value.encode(to: ValueEncoder(node: node, codingPath: codingPath()))
        return node.value
    }

    static func number(_ value: Double, codingPath: @autoclosure () -> [any CodingKey]) throws -> JSONValue {
        guard value.isFinite else {
            throw EncodingError.invalidValue(
                value, EncodingError.Context(codingPath: codingPath(), debugDescription: "\(value) cannot be written as a JSON number"))
        }
        return .double(value)
    }

    static func number(_ value: Float, codingPath: @autoclosure () -> [any CodingKey]) throws -> JSONValue {
        guard value.isFinite else {
            throw EncodingError.invalidValue(
                value, EncodingError.Context(codingPath: codingPath(), debugDescription: "\(value) cannot be written as a JSON number"))
        }
        // Through the shortest decimal text, so 0.1 as a Float is written 0.1, not 0.10000000149011612.
        return .double(Double(value.description) ?? Double(value))
    }

    static func integer(_ value: some FixedWidthInteger, codingPath: @autoclosure () -> [any CodingKey]) throws -> JSONValue {
        guard let int = Int64(exactly: value) else {
            throw EncodingError.invalidValue(
                value, EncodingError.Context(codingPath: codingPath(), debugDescription: "\(value) does not fit in a 64-bit signed integer"))
        }
        return .int(int)
    }
}

// MARK: - Encoder

private struct ValueEncoder: Encoder {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.becomeObject()
        return KeyedEncodingContainer(KeyedContainer(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.becomeArray()
        return UnkeyedContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueContainer(node: node, codingPath: codingPath)
    }
}

// MARK: - Keyed container

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    private func path(_ key: Key) -> [any CodingKey] { codingPath + [key] }

    private func set(_ value: JSONValue, forKey key: Key) {
        node.set(.value(value), forKey: key.stringValue)
    }

    mutating func encodeNil(forKey key: Key) throws { set(.null, forKey: key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { set(.bool(value), forKey: key) }
    mutating func encode(_ value: String, forKey key: Key) throws { set(.string(value), forKey: key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { set(try EncodingNode.number(value, codingPath: path(key)), forKey: key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { set(try EncodingNode.number(value, codingPath: path(key)), forKey: key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { set(.int(Int64(value)), forKey: key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { set(.int(Int64(value)), forKey: key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { set(.int(Int64(value)), forKey: key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { set(.int(Int64(value)), forKey: key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { set(.int(value), forKey: key) }
    mutating func encode(_ value: Int128, forKey key: Key) throws { set(try EncodingNode.integer(value, codingPath: path(key)), forKey: key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { set(try EncodingNode.integer(value, codingPath: path(key)), forKey: key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { set(.int(Int64(value)), forKey: key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { set(.int(Int64(value)), forKey: key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { set(.int(Int64(value)), forKey: key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { set(try EncodingNode.integer(value, codingPath: path(key)), forKey: key) }
    mutating func encode(_ value: UInt128, forKey key: Key) throws { set(try EncodingNode.integer(value, codingPath: path(key)), forKey: key) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        set(try EncodingNode.encode(value, codingPath: path(key)), forKey: key)
    }

    // Every key is written: nil becomes an explicit null instead of a missing member.
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try encodeOrNull(value, forKey: key) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { try encodeOrNull(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try encodeOrNull(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { try encodeOrNull(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try encodeOrNull(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { try encodeOrNull(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { try encodeOrNull(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { try encodeOrNull(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try encodeOrNull(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Int128?, forKey key: Key) throws { try encodeOrNull(value, forKey: key) }
    mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { try encodeOrNull(value, forKey: key) }
    mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { try encodeOrNull(value, forKey: key) }
    mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { try encodeOrNull(value, forKey: key) }
    mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { try encodeOrNull(value, forKey: key) }
    mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { try encodeOrNull(value, forKey: key) }
    mutating func encodeIfPresent(_ value: UInt128?, forKey key: Key) throws { try encodeOrNull(value, forKey: key) }
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws { try encodeOrNull(value, forKey: key) }

    private mutating func encodeOrNull<T: Encodable>(_ value: T?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let nested = EncodingNode()
        nested.becomeObject()
        node.set(.node(nested), forKey: key.stringValue)
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(node: nested, codingPath: path(key)))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = EncodingNode()
        nested.becomeArray()
        node.set(.node(nested), forKey: key.stringValue)
        return UnkeyedContainer(node: nested, codingPath: path(key))
    }

    mutating func superEncoder() -> any Encoder {
        superEncoder(named: AnyCodingKey.super)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        superEncoder(named: key)
    }

    private func superEncoder(named key: any CodingKey) -> any Encoder {
        let nested = EncodingNode()
        node.set(.node(nested), forKey: key.stringValue)
        return ValueEncoder(node: nested, codingPath: codingPath + [key])
    }
}

// MARK: - Unkeyed container

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    var count: Int { node.count }

    private var nextPath: [any CodingKey] { codingPath + [AnyCodingKey(index: count)] }

    private func append(_ value: JSONValue) { node.append(.value(value)) }

    mutating func encodeNil() throws { append(.null) }
    mutating func encode(_ value: Bool) throws { append(.bool(value)) }
    mutating func encode(_ value: String) throws { append(.string(value)) }
    mutating func encode(_ value: Double) throws { append(try EncodingNode.number(value, codingPath: nextPath)) }
    mutating func encode(_ value: Float) throws { append(try EncodingNode.number(value, codingPath: nextPath)) }
    mutating func encode(_ value: Int) throws { append(.int(Int64(value))) }
    mutating func encode(_ value: Int8) throws { append(.int(Int64(value))) }
    mutating func encode(_ value: Int16) throws { append(.int(Int64(value))) }
    mutating func encode(_ value: Int32) throws { append(.int(Int64(value))) }
    mutating func encode(_ value: Int64) throws { append(.int(value)) }
    mutating func encode(_ value: Int128) throws { append(try EncodingNode.integer(value, codingPath: nextPath)) }
    mutating func encode(_ value: UInt) throws { append(try EncodingNode.integer(value, codingPath: nextPath)) }
    mutating func encode(_ value: UInt8) throws { append(.int(Int64(value))) }
    mutating func encode(_ value: UInt16) throws { append(.int(Int64(value))) }
    mutating func encode(_ value: UInt32) throws { append(.int(Int64(value))) }
    mutating func encode(_ value: UInt64) throws { append(try EncodingNode.integer(value, codingPath: nextPath)) }
    mutating func encode(_ value: UInt128) throws { append(try EncodingNode.integer(value, codingPath: nextPath)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        append(try EncodingNode.encode(value, codingPath: nextPath))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let path = nextPath
        let nested = EncodingNode()
        nested.becomeObject()
        node.append(.node(nested))
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(node: nested, codingPath: path))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let path = nextPath
        let nested = EncodingNode()
        nested.becomeArray()
        node.append(.node(nested))
        return UnkeyedContainer(node: nested, codingPath: path)
    }

    mutating func superEncoder() -> any Encoder {
        let path = nextPath
        let nested = EncodingNode()
        node.append(.node(nested))
        return ValueEncoder(node: nested, codingPath: path)
    }
}

// MARK: - Single value container

private struct SingleValueContainer: SingleValueEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    private func set(_ value: JSONValue) { node.setSingle(value) }

    mutating func encodeNil() throws { set(.null) }
    mutating func encode(_ value: Bool) throws { set(.bool(value)) }
    mutating func encode(_ value: String) throws { set(.string(value)) }
    mutating func encode(_ value: Double) throws { set(try EncodingNode.number(value, codingPath: codingPath)) }
    mutating func encode(_ value: Float) throws { set(try EncodingNode.number(value, codingPath: codingPath)) }
    mutating func encode(_ value: Int) throws { set(.int(Int64(value))) }
    mutating func encode(_ value: Int8) throws { set(.int(Int64(value))) }
    mutating func encode(_ value: Int16) throws { set(.int(Int64(value))) }
    mutating func encode(_ value: Int32) throws { set(.int(Int64(value))) }
    mutating func encode(_ value: Int64) throws { set(.int(value)) }
    mutating func encode(_ value: Int128) throws { set(try EncodingNode.integer(value, codingPath: codingPath)) }
    mutating func encode(_ value: UInt) throws { set(try EncodingNode.integer(value, codingPath: codingPath)) }
    mutating func encode(_ value: UInt8) throws { set(.int(Int64(value))) }
    mutating func encode(_ value: UInt16) throws { set(.int(Int64(value))) }
    mutating func encode(_ value: UInt32) throws { set(.int(Int64(value))) }
    mutating func encode(_ value: UInt64) throws { set(try EncodingNode.integer(value, codingPath: codingPath)) }
    mutating func encode(_ value: UInt128) throws { set(try EncodingNode.integer(value, codingPath: codingPath)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        set(try EncodingNode.encode(value, codingPath: codingPath))
    }
}
