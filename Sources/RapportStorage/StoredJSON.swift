public import GRDB
public import RapportCore
public import RapportJSON

/// JSON documents kept in text columns (tags, answers, settings), read and written the same way by
/// every module. What a module stored is trusted as far as ranges go (`enforcesRanges: false`);
/// only its depth is limited.
public enum StoredJSON {
    /// The value of a stored document.
    public static func parse(_ text: String) throws -> JSONValue {
        // Most stored documents are empty: skip the parser for them.
        switch text {
        case "[]": .array([])
        case "{}": .object(JSONObject())
        default: try JSONParser.parse(text, limits: JSONLimits(maxDepth: 512, maxStringBytes: .max))
        }
    }

    /// A stored document decoded as `T`.
    public static func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        try JSONValueDecoder(enforcesRanges: false).decode(type, from: parse(text))
    }

    /// The text to store for `value`.
    public static func encode<T: Encodable>(_ value: T) throws -> String {
        try JSONValueEncoder().encode(value).jsonString
    }
}

extension Row {
    /// The time (milliseconds since 1970) in column `name`; throws when it is not an integer.
    public func timestamp(forColumn name: String) throws -> Timestamp {
        Timestamp(millisecondsSince1970: try decode(Int64.self, forColumn: name))
    }

    /// The time in column `name`, or nil for NULL.
    public func optionalTimestamp(forColumn name: String) throws -> Timestamp? {
        try decode(Int64?.self, forColumn: name).map(Timestamp.init(millisecondsSince1970:))
    }

    /// The enumeration case whose raw value text column `name` holds; throws for NULL or an
    /// unknown value (without the value: a row may hold personal data).
    public func rawValue<T: RawRepresentable<String>>(_ type: T.Type = T.self, forColumn name: String) throws -> T {
        guard let value = T(rawValue: try decode(String.self, forColumn: name)) else {
            throw RapportError(.internal, "the column \(name) holds a value that is not a \(T.self)")
        }
        return value
    }

    /// The JSON document in text column `name`, decoded as `T`; nil for NULL.
    public func json<T: Decodable>(_ type: T.Type, forColumn name: String) throws -> T? {
        try decode(String?.self, forColumn: name).map { try StoredJSON.decode(type, from: $0) }
    }
}
