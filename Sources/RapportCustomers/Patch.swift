/// One field of a partial update: leave it, clear it (`null`), or set it.
public enum Patch<Value: Codable & Sendable & Hashable>: Sendable, Hashable {
    case keep
    case clear
    case set(Value)

    /// The new value given the old one.
    func applied(to old: Value?) -> Value? {
        switch self {
        case .keep: old
        case .clear: nil
        case .set(let value): value
        }
    }

    /// The value being set, if any.
    var newValue: Value? {
        if case .set(let value) = self { return value }
        return nil
    }
}

extension KeyedDecodingContainer {
    /// Reads a partial-update field: absent is `.keep`, `null` is `.clear`.
    func decodePatch<Value>(_ type: Value.Type, forKey key: Key) throws -> Patch<Value> {
        guard contains(key) else { return .keep }
        if try decodeNil(forKey: key) { return .clear }
        return .set(try decode(Value.self, forKey: key))
    }
}

extension KeyedEncodingContainer {
    /// Writes a partial-update field back: nothing for `.keep`, `null` for `.clear`.
    mutating func encodePatch<Value>(_ patch: Patch<Value>, forKey key: Key) throws {
        switch patch {
        case .keep: break
        case .clear: try encodeNil(forKey: key)
        case .set(let value): try encode(value, forKey: key)
        }
    }
}
