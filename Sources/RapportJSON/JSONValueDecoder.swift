import RapportCore

/// Why params could not be decoded, naming the field at fault.
///
/// ```swift
/// do {
///     _ = try JSONValueDecoder().decode(Order.self, from: params)
/// } catch {
///     error.kind     // .unknownField
///     error.field    // "items[2].colour"
///     error.message  // unknown field "items[2].colour"
/// }
/// ```
public struct ParamsDecodingError: Error, Sendable, Equatable {
    /// What is wrong.
    public enum Kind: String, Sendable {
        /// The object has a member the type does not declare.
        case unknownField
        /// A required member is absent.
        case missingField
        /// A value has the wrong JSON type, including `null` where a value is required.
        case typeMismatch
        /// A value has the right JSON type but is not acceptable: an integer out of range, a
        /// string that is not one of an enumeration's cases, or anything a type's own
        /// `init(from:)` refuses.
        case invalidValue
        /// The same member appears twice in one object.
        case duplicateField
    }

    /// What is wrong.
    public var kind: Kind
    /// The path of the field at fault, such as `items[2].sku`; empty for the params themselves.
    public var field: String
    /// One sentence for a person, naming the field.
    public var message: String

    /// Creates an error.
    public init(kind: Kind, field: String, message: String) {
        self.kind = kind
        self.field = field
        self.message = message
    }
}

extension ParamsDecodingError: CustomStringConvertible {
    /// The ``message``, which names the field.
    public var description: String { message }
}

/// Decodes `Decodable` values from ``JSONValue``, strictly.
///
/// Params come from scripts and people, so the decoder refuses whatever a type does not say it
/// accepts, and names the field at fault:
///
/// - an object member the type never asks for is an ``ParamsDecodingError/Kind/unknownField``
///   (a dictionary accepts every key; a ``JSONValue`` or ``JSONObject`` field takes its value
///   as is);
/// - an absent required member is a ``ParamsDecodingError/Kind/missingField`` (a member read
///   with `decodeIfPresent`, or with `decode` as an `Optional`, may be absent);
/// - a value of the wrong JSON type, `null` for a non-optional field included, is a
///   ``ParamsDecodingError/Kind/typeMismatch`` ("expected integer, got string");
/// - an integer field accepts an integral number written with a fraction (`100.0`, as
///   spreadsheets send), but not `1.5`, and not a value outside the integer type's range,
///   outside ±``maximumInteger``, or outside the field's own range when its type is
///   ``JSONSchemaDocumented`` and names one in `fieldRanges`;
/// - a string holding U+0000 is an ``ParamsDecodingError/Kind/invalidValue``;
/// - a member repeated in one object is a ``ParamsDecodingError/Kind/duplicateField``;
/// - an error thrown by a type's own `init(from:)` becomes an
///   ``ParamsDecodingError/Kind/invalidValue`` at the path where it was thrown.
///
/// ```swift
/// struct Params: Decodable { var sku: String; var qty: Int64 }
/// let params: JSONValue = ["sku": "A-1", "qty": 2, "colour": "red"]
/// try JSONValueDecoder().decode(Params.self, from: params)
/// // throws ParamsDecodingError(kind: .unknownField, field: "colour", …)
/// ```
public struct JSONValueDecoder: Sendable {
    /// The largest magnitude of any integer the decoder accepts, 2^53 − 1: every JSON reader
    /// holds such integers exactly, and sums and products of a few of them cannot overflow 64
    /// bits. Fields with a narrower range say so in their type's
    /// ``JSONSchemaDocumented/fieldRanges``.
    public static let maximumInteger: Int64 = (1 << 53) - 1

    /// Whether integers are held to ±``maximumInteger`` and to their fields' ranges: true for
    /// what clients send, false for what the server itself stored or answered.
    public var enforcesRanges: Bool

    /// Creates a decoder.
    public init(enforcesRanges: Bool = true) { self.enforcesRanges = enforcesRanges }

    /// Decodes a value of `type` from `value`.
    ///
    /// - Parameters:
    ///   - type: The type to decode.
    ///   - value: The JSON to read.
    /// - Returns: The decoded value.
    /// - Throws: ``ParamsDecodingError`` naming the first field at fault.
    public func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws(ParamsDecodingError) -> T {
        let session = DecodingSession(enforcesRanges: enforcesRanges)
        let decoded: T
        do {
            decoded = try session.decode(T.self, from: value, at: [])
        } catch {
            throw session.duplicate ?? ParamsDecodingError(error)
        }
        if let duplicate = session.duplicate { throw duplicate }
        if let unknown = session.firstUnknownField() { throw unknown }
        return decoded
    }
}

// MARK: - Errors

extension ParamsDecodingError {
    /// Maps an error thrown while decoding to the field it concerns.
    fileprivate init(_ error: any Error) {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            let field = CodingPath.render(context.codingPath + [key])
            self.init(kind: .missingField, field: field, message: "missing field \"\(field)\"")
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            self.init(.typeMismatch, context)
        case DecodingError.dataCorrupted(let context):
            self.init(.invalidValue, context)
        default:
            self.init(kind: .invalidValue, field: "", message: "\(error)")
        }
    }

    private init(_ kind: Kind, _ context: DecodingError.Context) {
        let field = CodingPath.render(context.codingPath)
        let message = field.isEmpty ? context.debugDescription : "\"\(field)\": \(context.debugDescription)"
        self.init(kind: kind, field: field, message: message)
    }
}

/// Coding paths written as people read them: `items[2].sku`; a member named by the empty string
/// is written `""`, so that it is still named.
private enum CodingPath {
    static func render(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue, key is AnyCodingKey || key.stringValue == "Index \(index)" {
                text += "[\(index)]"
            } else {
                if !text.isEmpty { text += "." }
                text += key.stringValue.isEmpty ? "\"\"" : key.stringValue
            }
        }
        return text
    }
}

// MARK: - Session

/// State shared by every container of one `decode` call: which object members were asked
/// for, and the first repeated key found.
private final class DecodingSession {
    /// One keyed container's object and the members it asked for.
    final class KeyUsage {
        let codingPath: [any CodingKey]
        let members: [JSONObject.Member]
        /// Member positions by key, for objects too large to scan.
        let positions: [String: Int]?
        @exclusivity(unchecked) var asked: [Bool]
        @exclusivity(unchecked) var askedAll = false

        init(codingPath: [any CodingKey], members: [JSONObject.Member], positions: [String: Int]?) {
            self.codingPath = codingPath
            self.members = members
            self.positions = positions
            asked = Array(repeating: false, count: members.count)
        }

        /// The value of member `key`, which now counts as asked for.
        func ask(_ key: String) -> JSONValue? {
            let position: Int?
            if let positions {
                position = positions[key]
            } else {
                position = members.indices.first { members[$0].key == key }
            }
            guard let position else { return nil }
            asked[position] = true
            return members[position].value
        }

        func wasAsked(_ key: String) -> Bool {
            askedAll || members.indices.contains { members[$0].key == key && asked[$0] }
        }
    }

    /// Whether integers are held to ±2^53 − 1 and to their fields' ranges.
    let enforcesRanges: Bool
    @exclusivity(unchecked) private var usages: [KeyUsage] = []

    init(enforcesRanges: Bool) { self.enforcesRanges = enforcesRanges }
    @exclusivity(unchecked) private(set) var duplicate: ParamsDecodingError?

    /// Starts tracking the members of an object opened as a keyed container.
    func open(_ object: JSONObject, at codingPath: [any CodingKey]) throws -> KeyUsage {
        let members = object.members
        var positions: [String: Int]?
        if members.count <= 16 {
            if let key = Self.firstRepeatedKey(in: members) { try reportDuplicate(key, in: codingPath) }
        } else {
            var seen: [String: Int] = [:]
            seen.reserveCapacity(members.count)
            for index in members.indices where seen.updateValue(index, forKey: members[index].key) != nil {
                try reportDuplicate(members[index].key, in: codingPath)
            }
            positions = seen
        }
        let usage = KeyUsage(codingPath: codingPath, members: members, positions: positions)
        usages.append(usage)
        return usage
    }

    /// Refuses repeated keys anywhere in a value taken whole.
    func checkDuplicates(in value: JSONValue, at codingPath: @autoclosure () -> [any CodingKey]) throws {
        if let (path, key) = Self.firstDuplicate(in: value) {
            try reportDuplicate(key, in: codingPath() + path)
        }
    }

    /// The first repeated key in `value`, with the path of its object relative to `value`.
    private static func firstDuplicate(in value: JSONValue) -> (path: [any CodingKey], key: String)? {
        switch value {
        case .array(let elements):
            for index in elements.indices {
                if let (path, key) = firstDuplicate(in: elements[index]) { return ([AnyCodingKey(index: index)] + path, key) }
            }
        case .object(let object):
            let members = object.members
            if let key = firstRepeatedKey(in: members) { return ([], key) }
            for member in members {
                if let (path, key) = firstDuplicate(in: member.value) { return ([AnyCodingKey(member.key)] + path, key) }
            }
        default:
            break
        }
        return nil
    }

    private static func firstRepeatedKey(in members: [JSONObject.Member]) -> String? {
        if members.count <= 16 {
            for index in members.indices.dropFirst() {
                for earlier in 0..<index where members[earlier].key == members[index].key { return members[index].key }
            }
            return nil
        }
        var seen = Set<String>(minimumCapacity: members.count)
        return members.first { !seen.insert($0.key).inserted }?.key
    }

    private func reportDuplicate(_ key: String, in codingPath: [any CodingKey]) throws -> Never {
        let field = CodingPath.render(codingPath + [AnyCodingKey(key)])
        let error = ParamsDecodingError(kind: .duplicateField, field: field, message: "duplicate field \"\(field)\"")
        if duplicate == nil { duplicate = error }
        throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: codingPath, debugDescription: error.message))
    }

    /// The first member no container asked for, once decoding is over. An object opened more
    /// than once (by a class and its superclass, say) counts the keys all its openings asked for.
    func firstUnknownField() -> ParamsDecodingError? {
        for usage in usages where !usage.askedAll {
            for (position, member) in usage.members.enumerated() where !usage.asked[position] {
                let askedElsewhere =
                    usages.count > 1
                    && usages.contains { other in
                        other !== usage && other.wasAsked(member.key)
                            && CodingPath.render(other.codingPath) == CodingPath.render(usage.codingPath)
                    }
                guard !askedElsewhere else { continue }
                let field = CodingPath.render(usage.codingPath + [AnyCodingKey(member.key)])
                return ParamsDecodingError(kind: .unknownField, field: field, message: "unknown field \"\(field)\"")
            }
        }
        return nil
    }

    // MARK: Values

    /// Decodes `T` from `value`; scalars are read directly, other types through their `init(from:)`.
    func decode<T: Decodable>(_ type: T.Type, from value: JSONValue, at codingPath: @autoclosure () -> [any CodingKey]) throws -> T {
        // Metatype comparisons are cheap even where the caller is not specialized; the casts run only on a match.
        if T.self == String.self { return try Self.string(value, at: codingPath()) as! T }
        if T.self == Int64.self { return try integer(Int64.self, value, at: codingPath()) as! T }
        if T.self == Int.self { return try integer(Int.self, value, at: codingPath()) as! T }
        if T.self == Bool.self { return try Self.bool(value, at: codingPath()) as! T }
        if T.self == Double.self { return try Self.double(value, at: codingPath()) as! T }
        if T.self == JSONValue.self {
            try checkDuplicates(in: value, at: codingPath())
            return value as! T
        }
        if T.self == JSONObject.self {
            guard case .object(let object) = value else { throw Self.mismatch("object", JSONObject.self, value, at: codingPath()) }
            try checkDuplicates(in: value, at: codingPath())
            return object as! T
        }
        let path = codingPath()
        if enforcesRanges, T.self == Money.self { try Self.check(value, in: -Money.maximum...Money.maximum, at: path) }
        let ranges = enforcesRanges ? (T.self as? any JSONSchemaDocumented.Type)?.fieldRanges ?? [:] : [:]
        do {
            return try T(from: ValueDecoder(value: value, codingPath: path, session: self, ranges: ranges))
        } catch let error as DecodingError {
            // A string enumeration names its cases rather than saying the raw value is invalid.
            if case .dataCorrupted(let context) = error, context.codingPath.count == path.count,
                case .string(let text) = value, let enumeration = StringEnumeration(T.self)
            {
                let cases = enumeration.rawValues.map { "\"\($0)\"" }.joined(separator: ", ")
                throw DecodingError.dataCorrupted(
                    DecodingError.Context(codingPath: path, debugDescription: "expected one of \(cases), got \"\(text)\""))
            }
            throw error
        } catch {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: path, debugDescription: "\(error)", underlyingError: error))
        }
    }

    static func mismatch(_ expected: String, _ type: Any.Type, _ value: JSONValue, at codingPath: [any CodingKey]) -> DecodingError {
        let context = DecodingError.Context(codingPath: codingPath, debugDescription: "expected \(expected), got \(value.typeName)")
        return value.isNull ? .valueNotFound(type, context) : .typeMismatch(type, context)
    }

    static func bool(_ value: JSONValue, at codingPath: @autoclosure () -> [any CodingKey]) throws -> Bool {
        guard case .bool(let bool) = value else { throw mismatch("boolean", Bool.self, value, at: codingPath()) }
        return bool
    }

    /// A string without U+0000, which SQLite's text functions and full-text queries would cut
    /// short or refuse.
    static func string(_ value: JSONValue, at codingPath: @autoclosure () -> [any CodingKey]) throws -> String {
        guard case .string(let string) = value else { throw mismatch("string", String.self, value, at: codingPath()) }
        guard !string.utf8.contains(0) else {
            throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: codingPath(), debugDescription: "strings may not contain U+0000"))
        }
        return string
    }

    static func double(_ value: JSONValue, at codingPath: @autoclosure () -> [any CodingKey]) throws -> Double {
        switch value {
        case .double(let double): return double
        case .int(let int): return Double(int)
        case .bigInteger(let text): return Double(text) ?? .infinity
        default: throw mismatch("number", Double.self, value, at: codingPath())
        }
    }

    static func float(_ value: JSONValue, at codingPath: @autoclosure () -> [any CodingKey]) throws -> Float {
        let double = try double(value, at: codingPath())
        let float = Float(double)
        // Neither overflow to infinity nor a non-zero value flushed to zero: out of range both.
        guard float.isFinite, float != 0 || double == 0 else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: codingPath(), debugDescription: "\(double) is out of range for a 32-bit float"))
        }
        return float
    }

    /// An integer within ±``JSONValueDecoder/maximumInteger`` (when ranges are enforced), also
    /// from a number written with a zero fraction such as `100.0`.
    func integer<I: FixedWidthInteger>(_ type: I.Type, _ value: JSONValue, at codingPath: @autoclosure () -> [any CodingKey]) throws -> I {
        let limit = UInt64(enforcesRanges ? JSONValueDecoder.maximumInteger : .max) + (enforcesRanges ? 0 : 1)
        switch value {
        case .int(let int):
            if int.magnitude <= limit, let exact = I(exactly: int) { return exact }
            throw Self.outOfRange(I.self, "\(int)", limited: enforcesRanges, at: codingPath())
        case .double(let double) where Self.isIntegral(double):
            if !enforcesRanges || double.magnitude <= Double(limit), let exact: I = Self.exactInteger(double) { return exact }
            throw Self.outOfRange(I.self, "\(double)", limited: enforcesRanges, at: codingPath())
        case .bigInteger(let text):
            throw Self.outOfRange(I.self, text, limited: enforcesRanges, at: codingPath())
        case .double(let double):
            throw DecodingError.typeMismatch(
                I.self, DecodingError.Context(codingPath: codingPath(), debugDescription: "expected integer, got \(double)"))
        default:
            throw Self.mismatch("integer", I.self, value, at: codingPath())
        }
    }

    // These two work with conversions and bits only, as `rounded()` and `init(exactly:)` need
    // libm, which a target without Foundation does not link.

    /// Whether `double` has no fraction; every double of magnitude 2^52 or more is integral.
    private static func isIntegral(_ double: Double) -> Bool {
        double.isFinite && (double.magnitude >= 0x1p52 || Double(Int64(double)) == double)
    }

    /// The integral `double` as an `I`, or nil if it is out of range.
    private static func exactInteger<I: FixedWidthInteger>(_ double: Double) -> I? {
        if double.magnitude < 0x1p63 || double == -0x1p63 { return I(exactly: Int64(double)) }
        if double > 0, double < 0x1p64 { return I(exactly: UInt64(double)) }
        // 2^64 or more in magnitude: only integers wider than 64 bits can hold it.
        let exponent = Int(double.exponent)
        let valueBits = I.bitWidth - (I.isSigned ? 1 : 0)
        if exponent >= valueBits {
            let isMinimum = I.isSigned && double < 0 && exponent == valueBits && double.significandBitPattern == 0
            return isMinimum ? I.min : nil
        }
        guard double > 0 || I.isSigned else { return nil }
        let significand = I(truncatingIfNeeded: UInt64(1) << Double.significandBitCount | double.significandBitPattern)
        let magnitude = significand << (exponent - Double.significandBitCount)
        return double < 0 ? 0 - magnitude : magnitude
    }

    private static func outOfRange<I: FixedWidthInteger>(_ type: I.Type, _ text: String, limited: Bool, at codingPath: [any CodingKey])
        -> DecodingError
    {
        let limit = JSONValueDecoder.maximumInteger
        let low = I.min == 0 ? "0" : limited && I.bitWidth >= 64 ? "-\(limit)" : "\(I.min)"
        let high = limited && I.bitWidth >= 64 ? "\(limit)" : "\(I.max)"
        return .dataCorrupted(
            DecodingError.Context(
                codingPath: codingPath, debugDescription: "expected an integer from \(low) to \(high), got \(text)"))
    }

    /// Refuses an integer `value` outside the `range` its field declares; other values pass
    /// on to their type, which judges them.
    static func check(_ value: JSONValue, in range: ClosedRange<Int64>, at codingPath: @autoclosure () -> [any CodingKey]) throws {
        let inRange: Bool
        switch value {
        case .int(let int): inRange = range.contains(int)
        case .bigInteger: inRange = false
        case .double(let double) where isIntegral(double):
            inRange = double >= Double(range.lowerBound) && double <= Double(range.upperBound)
        default: return
        }
        guard inRange else {
            let text = value.jsonString
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: codingPath(), debugDescription: "expected an integer from \(range.lowerBound) to \(range.upperBound), got \(text)"))
        }
    }
}

// MARK: - Decoder

/// Decodes one value; it is also its own single value container.
private struct ValueDecoder: Decoder, SingleValueDecodingContainer {
    let value: JSONValue
    let codingPath: [any CodingKey]
    let session: DecodingSession
    /// The ranges of the integer fields of the type being decoded, by key.
    var ranges: [String: ClosedRange<Int64>] = [:]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let object) = value else {
            throw DecodingSession.mismatch("object", [String: JSONValue].self, value, at: codingPath)
        }
        let usage = try session.open(object, at: codingPath)
        return KeyedDecodingContainer(KeyedContainer<Key>(usage: usage, codingPath: codingPath, session: session, ranges: ranges))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else {
            throw DecodingSession.mismatch("array", [JSONValue].self, value, at: codingPath)
        }
        return UnkeyedContainer(elements: elements, codingPath: codingPath, session: session)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    func decodeNil() -> Bool { value.isNull }
    func decode(_ type: Bool.Type) throws -> Bool { try DecodingSession.bool(value, at: codingPath) }
    func decode(_ type: String.Type) throws -> String { try DecodingSession.string(value, at: codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try DecodingSession.double(value, at: codingPath) }
    func decode(_ type: Float.Type) throws -> Float { try DecodingSession.float(value, at: codingPath) }
    func decode(_ type: Int.Type) throws -> Int { try session.integer(type, value, at: codingPath) }
    func decode(_ type: Int8.Type) throws -> Int8 { try session.integer(type, value, at: codingPath) }
    func decode(_ type: Int16.Type) throws -> Int16 { try session.integer(type, value, at: codingPath) }
    func decode(_ type: Int32.Type) throws -> Int32 { try session.integer(type, value, at: codingPath) }
    func decode(_ type: Int64.Type) throws -> Int64 { try session.integer(type, value, at: codingPath) }
    func decode(_ type: Int128.Type) throws -> Int128 { try session.integer(type, value, at: codingPath) }
    func decode(_ type: UInt.Type) throws -> UInt { try session.integer(type, value, at: codingPath) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try session.integer(type, value, at: codingPath) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try session.integer(type, value, at: codingPath) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try session.integer(type, value, at: codingPath) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try session.integer(type, value, at: codingPath) }
    func decode(_ type: UInt128.Type) throws -> UInt128 { try session.integer(type, value, at: codingPath) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try session.decode(type, from: value, at: codingPath) }
}

// MARK: - Keyed container

private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let usage: DecodingSession.KeyUsage
    let codingPath: [any CodingKey]
    let session: DecodingSession
    let ranges: [String: ClosedRange<Int64>]

    /// Every key of the object, which therefore all count as asked for (this is how
    /// dictionaries read).
    var allKeys: [Key] {
        usage.askedAll = true
        return usage.members.compactMap { Key(stringValue: $0.key) }
    }

    func contains(_ key: Key) -> Bool { usage.ask(key.stringValue) != nil }

    private func value(forKey key: Key) throws -> JSONValue {
        guard let value = usage.ask(key.stringValue) else {
            throw DecodingError.keyNotFound(key, DecodingError.Context(codingPath: codingPath, debugDescription: "missing field"))
        }
        if !ranges.isEmpty, let range = ranges[key.stringValue] { try DecodingSession.check(value, in: range, at: path(key)) }
        return value
    }

    private func path(_ key: Key) -> [any CodingKey] { codingPath + [key] }

    func decodeNil(forKey key: Key) throws -> Bool { try value(forKey: key).isNull }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try DecodingSession.bool(value(forKey: key), at: path(key)) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try DecodingSession.string(value(forKey: key), at: path(key)) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try DecodingSession.double(value(forKey: key), at: path(key)) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try DecodingSession.float(value(forKey: key), at: path(key)) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try integer(type, forKey: key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try integer(type, forKey: key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try integer(type, forKey: key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try integer(type, forKey: key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try integer(type, forKey: key) }
    func decode(_ type: Int128.Type, forKey key: Key) throws -> Int128 { try integer(type, forKey: key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try integer(type, forKey: key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try integer(type, forKey: key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try integer(type, forKey: key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try integer(type, forKey: key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try integer(type, forKey: key) }
    func decode(_ type: UInt128.Type, forKey key: Key) throws -> UInt128 { try integer(type, forKey: key) }

    private func integer<I: FixedWidthInteger>(_ type: I.Type, forKey key: Key) throws -> I {
        try session.integer(type, value(forKey: key), at: path(key))
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        guard let value = usage.ask(key.stringValue) else {
            // An absent member read as an `Optional` is nil, as the schema generator describes it.
            if let optional = T.self as? any AbsentOptional.Type { return optional.absent as! T }
            throw DecodingError.keyNotFound(key, DecodingError.Context(codingPath: codingPath, debugDescription: "missing field"))
        }
        if !ranges.isEmpty, let range = ranges[key.stringValue] { try DecodingSession.check(value, in: range, at: path(key)) }
        return try session.decode(type, from: value, at: path(key))
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try ValueDecoder(value: value(forKey: key), codingPath: path(key), session: session).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try ValueDecoder(value: value(forKey: key), codingPath: path(key), session: session).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        ValueDecoder(value: usage.ask(AnyCodingKey.super.stringValue) ?? .null, codingPath: codingPath + [AnyCodingKey.super], session: session)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        ValueDecoder(value: usage.ask(key.stringValue) ?? .null, codingPath: path(key), session: session)
    }
}

/// `Optional`, for decoding an absent member as nil.
private protocol AbsentOptional {
    static var absent: Self { get }
}

extension Optional: AbsentOptional {
    fileprivate static var absent: Self { nil }
}

// MARK: - Unkeyed container

private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let elements: [JSONValue]
    let codingPath: [any CodingKey]
    let session: DecodingSession
    private(set) var currentIndex = 0

    init(elements: [JSONValue], codingPath: [any CodingKey], session: DecodingSession) {
        self.elements = elements
        self.codingPath = codingPath
        self.session = session
    }

    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    private var path: [any CodingKey] { codingPath + [AnyCodingKey(index: currentIndex)] }

    /// Reads the next element with `read`, moving on only if it succeeds.
    private mutating func next<T>(_ type: T.Type, _ read: (JSONValue, [any CodingKey]) throws -> T) throws -> T {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                type,
                DecodingError.Context(
                    codingPath: path, debugDescription: "expected more elements; the array has \(elements.count)"))
        }
        let value = try read(elements[currentIndex], path)
        currentIndex += 1
        return value
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                JSONValue.self,
                DecodingError.Context(
                    codingPath: path, debugDescription: "expected more elements; the array has \(elements.count)"))
        }
        guard elements[currentIndex].isNull else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try next(type) { try DecodingSession.bool($0, at: $1) } }
    mutating func decode(_ type: String.Type) throws -> String { try next(type) { try DecodingSession.string($0, at: $1) } }
    mutating func decode(_ type: Double.Type) throws -> Double { try next(type) { try DecodingSession.double($0, at: $1) } }
    mutating func decode(_ type: Float.Type) throws -> Float { try next(type) { try DecodingSession.float($0, at: $1) } }
    mutating func decode(_ type: Int.Type) throws -> Int { try integer(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
    mutating func decode(_ type: Int128.Type) throws -> Int128 { try integer(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }
    mutating func decode(_ type: UInt128.Type) throws -> UInt128 { try integer(type) }

    private mutating func integer<I: FixedWidthInteger>(_ type: I.Type) throws -> I {
        let session = session
        return try next(type) { try session.integer(type, $0, at: $1) }
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let session = session
        return try next(type) { try session.decode(type, from: $0, at: $1) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let session = session
        return try next(KeyedDecodingContainer<NestedKey>.self) {
            try ValueDecoder(value: $0, codingPath: $1, session: session).container(keyedBy: type)
        }
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let session = session
        return try next((any UnkeyedDecodingContainer).self) {
            try ValueDecoder(value: $0, codingPath: $1, session: session).unkeyedContainer()
        }
    }

    mutating func superDecoder() throws -> any Decoder {
        let session = session
        return try next((any Decoder).self) { ValueDecoder(value: $0, codingPath: $1, session: session) }
    }
}
