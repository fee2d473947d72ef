/// One field of a partial update: leave it (absent), clear it (`null`), or set it, the same way in
/// every module's `*.update` method.
///
/// ```swift
/// init(from decoder: any Decoder) throws {
///     let container = try decoder.container(keyedBy: CodingKeys.self)
///     email = try container.decodePatch(String.self, forKey: .email)
/// }
/// ```
public enum Patch<Value: Codable & Sendable & Hashable>: Sendable, Hashable {
    /// The field was absent: leave the stored value as it is.
    case keep
    /// The field was `null`: remove the stored value.
    case clear
    /// The field held a value: store it.
    case set(Value)

    /// The new value given the old one.
    public func applied(to old: Value?) -> Value? {
        switch self {
        case .keep: old
        case .clear: nil
        case .set(let value): value
        }
    }

    /// The value being set, if any.
    public var newValue: Value? {
        if case .set(let value) = self { return value }
        return nil
    }
}

extension KeyedDecodingContainer {
    /// Reads a partial-update field: absent is `.keep`, `null` is `.clear`.
    public func decodePatch<Value>(_ type: Value.Type, forKey key: Key) throws -> Patch<Value> {
        guard contains(key) else { return .keep }
        if try decodeNil(forKey: key) { return .clear }
        return .set(try decode(Value.self, forKey: key))
    }
}

extension KeyedEncodingContainer {
    /// Writes a partial-update field back: nothing for `.keep`, `null` for `.clear`.
    public mutating func encodePatch<Value>(_ patch: Patch<Value>, forKey key: Key) throws {
        switch patch {
        case .keep: break
        case .clear: try encodeNil(forKey: key)
        case .set(let value): try encode(value, forKey: key)
        }
    }
}
