/// A JSON document held in memory, exactly as it was read or will be written.
///
/// Numbers keep the distinction JSON-RPC clients care about: a number written without a
/// fraction or exponent that fits in 64 bits is an ``int(_:)``, one that does not is a
/// ``bigInteger(_:)`` kept as written (so that a request id such as `9223372036854775808` is
/// echoed exactly), and any other number is a ``double(_:)``. Objects are ``JSONObject`` values, which keep their members in order, so
/// what a method encodes is what the client reads, key by key.
///
/// ```swift
/// let request: JSONValue = ["jsonrpc": "2.0", "id": 1, "method": "server.ping"]
/// request["method"]?.stringValue  // "server.ping"
/// request.jsonString              // {"jsonrpc":"2.0","id":1,"method":"server.ping"}
/// ```
///
/// Equality is structural and exact: `.int(1)` differs from `.double(1)`, and two objects are
/// equal only when they hold the same members in the same order.
public enum JSONValue: Sendable, Hashable {
    /// JSON `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// An integer written without a fraction or exponent that fits in 64 bits.
    case int(Int64)
    /// An integer too large for 64 bits, as its decimal text (`-` and digits only).
    case bigInteger(String)
    /// Any other number: one with a fraction or an exponent.
    case double(Double)
    /// A string.
    case string(String)
    /// An array, its elements in order.
    case array([JSONValue])
    /// An object, its members in order (a key may repeat).
    case object(JSONObject)
}

// MARK: - Accessors

extension JSONValue {
    /// The member named `key` when this is an object (the first one, if the key repeats); nil otherwise.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let object) = self else { return nil }
        return object[key]
    }

    /// The element at `index` when this is an array and the index is in range; nil otherwise.
    public subscript(index: Int) -> JSONValue? {
        guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
        return elements[index]
    }

    /// Whether this is `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The Boolean, if this is `true` or `false`.
    public var boolValue: Bool? {
        guard case .bool(let value) = self else { return nil }
        return value
    }

    /// The integer, if this is an ``int(_:)``.
    public var intValue: Int64? {
        guard case .int(let value) = self else { return nil }
        return value
    }

    /// The number as a `Double`, if this is an ``int(_:)`` or a ``double(_:)``.
    public var doubleValue: Double? {
        switch self {
        case .int(let value): Double(value)
        case .bigInteger(let text): Double(text)
        case .double(let value): value
        default: nil
        }
    }

    /// The string, if this is a string.
    public var stringValue: String? {
        guard case .string(let value) = self else { return nil }
        return value
    }

    /// The elements, if this is an array.
    public var arrayValue: [JSONValue]? {
        guard case .array(let value) = self else { return nil }
        return value
    }

    /// The members, if this is an object.
    public var objectValue: JSONObject? {
        guard case .object(let value) = self else { return nil }
        return value
    }

    /// The JSON type, as error messages name it: `null`, `boolean`, `integer`, `number`,
    /// `string`, `array` or `object`.
    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .int, .bigInteger: "integer"
        case .double: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

// MARK: - Literals

extension JSONValue: ExpressibleByNilLiteral {
    /// `nil` as JSON `null`.
    public init(nilLiteral: ()) { self = .null }
}

extension JSONValue: ExpressibleByBooleanLiteral {
    /// A Boolean literal as ``bool(_:)``.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension JSONValue: ExpressibleByIntegerLiteral {
    /// An integer literal as ``int(_:)``.
    public init(integerLiteral value: Int64) { self = .int(value) }
}

extension JSONValue: ExpressibleByFloatLiteral {
    /// A floating-point literal as ``double(_:)``.
    public init(floatLiteral value: Double) { self = .double(value) }
}

extension JSONValue: ExpressibleByStringLiteral {
    /// A string literal as ``string(_:)``.
    public init(stringLiteral value: String) { self = .string(value) }
}

extension JSONValue: ExpressibleByArrayLiteral {
    /// An array literal as ``array(_:)``, elements in the order written.
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
}

extension JSONValue: ExpressibleByDictionaryLiteral {
    /// An object with the members in the order written; a repeated key is kept twice.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        var object = JSONObject()
        object.reserveCapacity(elements.count)
        for (key, value) in elements { object.append(key: key, value: value) }
        self = .object(object)
    }
}

extension JSONValue: CustomStringConvertible {
    /// The compact JSON text.
    public var description: String { jsonString }
}

// MARK: - Codable

extension JSONValue: Codable {
    /// Reads any JSON value; with ``JSONValueDecoder`` the value is taken whole, with other
    /// decoders (Foundation's `JSONDecoder`) it is rebuilt from their containers, objects in
    /// the order their `allKeys` lists the members.
    public init(from decoder: any Decoder) throws {
        if let object = try? decoder.container(keyedBy: AnyCodingKey.self) {
            var members = JSONObject()
            members.reserveCapacity(object.allKeys.count)
            for key in object.allKeys {
                members.append(key: key.stringValue, value: try object.decode(JSONValue.self, forKey: key))
            }
            self = .object(members)
        } else if var array = try? decoder.unkeyedContainer() {
            var elements: [JSONValue] = []
            elements.reserveCapacity(array.count ?? 0)
            while !array.isAtEnd {
                elements.append(try array.decode(JSONValue.self))
            }
            self = .array(elements)
        } else {
            let single = try decoder.singleValueContainer()
            if single.decodeNil() {
                self = .null
            } else if let value = try? single.decode(Bool.self) {
                self = .bool(value)
            } else if let value = try? single.decode(Int64.self) {
                self = .int(value)
            } else if let value = try? single.decode(Double.self) {
                self = .double(value)
            } else {
                self = .string(try single.decode(String.self))
            }
        }
    }

    /// Writes the value through the encoder's containers; outside ``JSONValueEncoder``, a ``bigInteger(_:)`` becomes a `Double` (lossy).
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var single = encoder.singleValueContainer()
            try single.encodeNil()
        case .bool(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .int(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .double(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .bigInteger(let text):
            var single = encoder.singleValueContainer()
            try single.encode(Double(text) ?? .nan)
        case .string(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .array(let elements):
            var array = encoder.unkeyedContainer()
            for element in elements { try array.encode(element) }
        case .object(let members):
            var object = encoder.container(keyedBy: AnyCodingKey.self)
            for (key, value) in members { try object.encode(value, forKey: AnyCodingKey(key)) }
        }
    }
}

/// A coding key for any member name or array index.
struct AnyCodingKey: CodingKey, Sendable {
    var stringValue: String
    var intValue: Int?

    init(_ string: String) {
        stringValue = string
        intValue = nil
    }

    init(index: Int) {
        stringValue = "Index \(index)"
        intValue = index
    }

    init(stringValue: String) { self.init(stringValue) }

    init(intValue: Int) { self.init(index: intValue) }

    static let `super` = AnyCodingKey("super")
}

// MARK: - JSONObject

/// The members of a JSON object, in order.
///
/// Members stay in the order they were parsed or appended, which is the order they are
/// written. Lookups by key scan the members, which beats hashing for the handful of members a
/// request or a result holds. An object read from the wire may repeat a key; ``subscript(_:)``
/// then answers the first, and ``JSONValueDecoder`` refuses the object.
///
/// ```swift
/// var params: JSONObject = ["sku": "A-1", "dryRun": true]
/// let dryRun = params.removeValue(forKey: "dryRun")  // .bool(true)
/// params.append(key: "qty", value: 2)
/// JSONValue.object(params).jsonString                 // {"sku":"A-1","qty":2}
/// ```
public struct JSONObject: Sendable, Hashable, RandomAccessCollection, ExpressibleByDictionaryLiteral {
    /// One member: its key and its value.
    public typealias Element = (key: String, value: JSONValue)

    /// One member; a struct rather than a tuple, so copying and freeing it is specialized code.
    ///
    /// Usable from inlinable code, like the members and the collection API below: a module that
    /// reads an object (the dispatcher validating an envelope) then iterates it with code
    /// specialized for it, not through generic metadata looked up at run time for every request.
    @usableFromInline
    struct Member: Sendable, Hashable {
        @usableFromInline var key: String
        @usableFromInline var value: JSONValue

        @inlinable
        init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// The members, in order; read directly by the writer and the parser.
    @usableFromInline
    var members: [Member]

    /// An empty object.
    public init() { members = [] }

    /// An object with `members`, in their order.
    public init(_ members: some Sequence<Element>) {
        self.members = members.map { Member(key: $0.key, value: $0.value) }
    }

    /// An object with the members in the order written; a repeated key is kept twice.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        members = elements.map { Member(key: $0.0, value: $0.1) }
    }

    /// An object taking `members` as they are, for the parser.
    init(members: [Member]) { self.members = members }

    /// The position of the first member (always 0).
    @inlinable public var startIndex: Int { members.startIndex }
    /// The position past the last member: the member count.
    @inlinable public var endIndex: Int { members.endIndex }
    /// The member at `position`, which must be a valid index.
    @inlinable public subscript(position: Int) -> Element { (key: members[position].key, value: members[position].value) }

    /// The member keys, in order.
    @inlinable public var keys: some RandomAccessCollection<String> { members.lazy.map(\.key) }

    /// The member values, in order.
    @inlinable public var values: some RandomAccessCollection<JSONValue> { members.lazy.map(\.value) }

    /// The value of the first member named `key`.
    ///
    /// Setting a value replaces the first member named `key` in place, or appends a member when
    /// there is none; setting nil removes every member named `key`.
    @inlinable
    public subscript(key: String) -> JSONValue? {
        get {
            for member in members where member.key == key { return member.value }
            return nil
        }
        set {
            if let newValue { set(key: key, value: newValue) } else { removeValue(forKey: key) }
        }
    }

    /// Replaces the value of the first member named `key`, or appends the member if there is none.
    public mutating func set(key: String, value: JSONValue) {
        if let index = members.firstIndex(where: { $0.key == key }) {
            members[index].value = value
        } else {
            members.append(Member(key: key, value: value))
        }
    }

    /// Appends a member without looking for an existing one with the same key.
    @inlinable
    public mutating func append(key: String, value: JSONValue) {
        members.append(Member(key: key, value: value))
    }

    /// Removes every member named `key`.
    ///
    /// - Returns: The value of the first removed member, or nil if there was none.
    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSONValue? {
        guard let removed = self[key] else { return nil }
        members.removeAll { $0.key == key }
        return removed
    }

    /// Reserves room for `capacity` members.
    public mutating func reserveCapacity(_ capacity: Int) {
        members.reserveCapacity(capacity)
    }
}

extension JSONObject: Codable {
    /// Reads a JSON object; anything else is a type mismatch.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard case .object(let object) = try container.decode(JSONValue.self) else {
            throw DecodingError.typeMismatch(
                JSONObject.self, DecodingError.Context(codingPath: decoder.codingPath, debugDescription: "expected object"))
        }
        self = object
    }

    /// Writes the object through the encoder's keyed container, member by member in order (``JSONValueEncoder`` copies it as is).
    public func encode(to encoder: any Encoder) throws {
        try JSONValue.object(self).encode(to: encoder)
    }
}

extension JSONObject: CustomStringConvertible {
    /// The compact JSON text.
    public var description: String { JSONValue.object(self).jsonString }
}
