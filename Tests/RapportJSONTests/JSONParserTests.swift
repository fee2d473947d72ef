import Foundation
import RapportCore
import Testing

@testable import RapportJSON

@Suite struct JSONParserTests {
    // MARK: - Valid documents

    struct Valid: Sendable, CustomTestStringConvertible {
        var text: String
        var expected: JSONValue
        var testDescription: String { text.debugDescription }

        init(_ text: String, _ expected: JSONValue) {
            self.text = text
            self.expected = expected
        }
    }

    static let valid: [Valid] = [
        Valid("0", .int(0)),
        Valid("-0", .int(0)),
        Valid("7", .int(7)),
        Valid("-12", .int(-12)),
        Valid("9223372036854775807", .int(.max)),
        Valid("-9223372036854775808", .int(.min)),
        Valid("9223372036854775808", .bigInteger("9223372036854775808")),
        Valid("-123456789012345678901234567890", .bigInteger("-123456789012345678901234567890")),
        Valid("-9223372036854775809", .bigInteger("-9223372036854775809")),
        Valid("123456789012345678901234567890", .bigInteger("123456789012345678901234567890")),
        Valid("1234567890123456789012345678.0", .double(1.2345678901234568e27)),
        Valid("1.5", .double(1.5)),
        Valid("-0.0", .double(-0.0)),
        Valid("100.0", .double(100)),
        Valid("-1.5e3", .double(-1500)),
        Valid("1E2", .double(100)),
        Valid("1e+2", .double(100)),
        Valid("2.5e-1", .double(0.25)),
        Valid("0.1", .double(0.1)),
        Valid("1e-400", .double(0)),
        Valid("1.7976931348623157e308", .double(.greatestFiniteMagnitude)),
        Valid("5e-324", .double(.leastNonzeroMagnitude)),
        Valid("3.141592653589793238462643383279", .double(3.141592653589793)),
        Valid("true", .bool(true)),
        Valid("false", .bool(false)),
        Valid("null", .null),
        Valid(#""""#, .string("")),
        Valid(#""abc""#, .string("abc")),
        Valid(#""\"\\\/\b\f\n\r\t""#, .string("\"\\/\u{8}\u{C}\n\r\t")),
        Valid(#""\u0041\u00e9\u20AC""#, .string("Aé€")),
        Valid(#""\uD83D\uDE00""#, .string("😀")),
        Valid(#""\u0000""#, .string("\u{0}")),
        Valid("\"é€😀\"", .string("é€😀")),
        Valid("\"\u{7F}\u{2028}\"", .string("\u{7F}\u{2028}")),
        Valid("[]", .array([])),
        Valid("{}", .object(JSONObject())),
        Valid(" [ 1 , 2 ] ", [1, 2]),
        Valid("\t\r\n1\n", 1),
        Valid(#"[1,"a",null,true,[],{}]"#, [1, "a", nil, true, [], [:]]),
        Valid(#"{"a":{"b":[{"c":null}]}}"#, ["a": ["b": [["c": nil]]]]),
        Valid(#"{"z":1,"a":2,"m":3}"#, ["z": 1, "a": 2, "m": 3]),
        Valid(#"{"a":1,"a":2}"#, ["a": 1, "a": 2]),
        Valid(#"{"":0}"#, ["": 0]),
        Valid(#"{ "a" : [ ] , "b" : { } }"#, ["a": [], "b": [:]]),
        Valid(
            #"{"jsonrpc":"2.0","id":1,"method":"customers.get","params":{"id":"cus_01JD3Q8ZK5W7T4M2X9B6R1N0HC"}}"#,
            [
                "jsonrpc": "2.0", "id": 1, "method": "customers.get", "params": ["id": "cus_01JD3Q8ZK5W7T4M2X9B6R1N0HC"],
            ]),
    ]

    @Test(arguments: valid)
    func parsesValidDocument(_ document: Valid) throws {
        let value = try JSONParser.parse(document.text)
        #expect(value == document.expected)
        if case .double(let double) = value, case .double(let expected) = document.expected {
            #expect(double.sign == expected.sign)
        }
    }

    @Test(arguments: valid)
    func roundTripsThroughTheWriter(_ document: Valid) throws {
        let value = try JSONParser.parse(document.text)
        let written = value.jsonBytes
        #expect(try JSONParser.parse(written) == value)
        #expect(written == (try JSONParser.parse(written)).jsonBytes)
    }

    @Test func parsesEveryInputForm() throws {
        let text = #"{"a":[1,2]}"#
        let expected: JSONValue = ["a": [1, 2]]
        #expect(try JSONParser.parse(text) == expected)
        #expect(try JSONParser.parse(Array(text.utf8)) == expected)
        #expect(try JSONParser.parse(text.utf8) == expected)
        #expect(try JSONParser.parse(Array(text.utf8)[...]) == expected)
        #expect(try JSONParser.parse(Data(text.utf8)) == expected)
        let raw = try Array(text.utf8).withUnsafeBytes { buffer throws(JSONParseError) in try JSONParser.parse(buffer) }
        #expect(raw == expected)
    }

    // MARK: - Invalid documents

    enum Failure: Sendable {
        case syntax(at: Int)
        case invalidUTF8(at: Int)
        case tooDeep
        case stringTooLong

        func matches(_ error: JSONParseError) -> Bool {
            switch (self, error) {
            case (.syntax(let expected), .syntax(let offset, _)): expected == offset
            case (.invalidUTF8(let expected), .invalidUTF8(let offset)): expected == offset
            case (.tooDeep, .tooDeep), (.stringTooLong, .stringTooLong): true
            default: false
            }
        }
    }

    struct Invalid: Sendable, CustomTestStringConvertible {
        var name: String
        var bytes: [UInt8]
        var failure: Failure
        var testDescription: String { name }

        init(_ name: String, _ text: String, _ failure: Failure) {
            self.init(name, Array(text.utf8), failure)
        }

        init(_ name: String, _ bytes: [UInt8], _ failure: Failure) {
            self.name = name
            self.bytes = bytes
            self.failure = failure
        }
    }

    static let quote = UInt8(ascii: "\"")

    static let invalid: [Invalid] = [
        // Framing
        Invalid("empty input", "", .syntax(at: 0)),
        Invalid("whitespace only", " \t\r\n", .syntax(at: 4)),
        Invalid("byte order mark", [0xEF, 0xBB, 0xBF] + Array("1".utf8), .syntax(at: 0)),
        Invalid("UTF-16 text", [0x00, 0x31], .syntax(at: 0)),
        Invalid("two values", "1 2", .syntax(at: 2)),
        Invalid("object then object", "{}{}", .syntax(at: 2)),
        Invalid("trailing NUL", [0x31, 0x00], .syntax(at: 1)),
        Invalid("trailing semicolon", "[1];", .syntax(at: 3)),
        Invalid("form feed is not whitespace", "\u{C}1", .syntax(at: 0)),
        Invalid("vertical tab is not whitespace", "\u{B}1", .syntax(at: 0)),
        Invalid("no-break space is not whitespace", "\u{A0}1", .syntax(at: 0)),
        Invalid("comment line", "// c\n1", .syntax(at: 0)),
        Invalid("comment block", "/* c */ 1", .syntax(at: 0)),
        Invalid("comment after value", "[1] // c", .syntax(at: 4)),
        // Structure
        Invalid("trailing comma in array", "[1,]", .syntax(at: 3)),
        Invalid("trailing comma in object", #"{"a":1,}"#, .syntax(at: 7)),
        Invalid("leading comma", "[,1]", .syntax(at: 1)),
        Invalid("double comma", "[1,,2]", .syntax(at: 3)),
        Invalid("lone comma in object", "{,}", .syntax(at: 1)),
        Invalid("missing comma", "[1 2]", .syntax(at: 3)),
        Invalid("missing colon", #"{"a" 1}"#, .syntax(at: 5)),
        Invalid("missing member value", #"{"a":}"#, .syntax(at: 5)),
        Invalid("number key", "{1:2}", .syntax(at: 1)),
        Invalid("bare key", "{a:1}", .syntax(at: 1)),
        Invalid("single-quoted key", "{'a':1}", .syntax(at: 1)),
        Invalid("single-quoted string", "'a'", .syntax(at: 0)),
        Invalid("unclosed array", "[1", .syntax(at: 2)),
        Invalid("lone open bracket", "[", .syntax(at: 1)),
        Invalid("unclosed object", #"{"a":1"#, .syntax(at: 6)),
        Invalid("lone close bracket", "]", .syntax(at: 0)),
        Invalid("lone close brace", "}", .syntax(at: 0)),
        Invalid("extra close bracket", "[1]]", .syntax(at: 3)),
        Invalid("mismatched close", "[1}", .syntax(at: 2)),
        // Literals
        Invalid("truncated true", "tru", .syntax(at: 3)),
        Invalid("misspelled true", "trUe", .syntax(at: 2)),
        Invalid("capitalised True", "True", .syntax(at: 0)),
        Invalid("truncated null", "nul", .syntax(at: 3)),
        Invalid("undefined", "undefined", .syntax(at: 0)),
        Invalid("NaN", "NaN", .syntax(at: 0)),
        Invalid("Infinity", "Infinity", .syntax(at: 0)),
        Invalid("minus Infinity", "-Infinity", .syntax(at: 1)),
        // Numbers
        Invalid("leading zero", "01", .syntax(at: 0)),
        Invalid("negative leading zero", "-01", .syntax(at: 0)),
        Invalid("double zero", "00", .syntax(at: 0)),
        Invalid("plus sign", "+1", .syntax(at: 0)),
        Invalid("leading point", ".5", .syntax(at: 0)),
        Invalid("trailing point", "1.", .syntax(at: 2)),
        Invalid("point before exponent", "1.e5", .syntax(at: 2)),
        Invalid("empty exponent", "1e", .syntax(at: 2)),
        Invalid("signed empty exponent", "1e+", .syntax(at: 3)),
        Invalid("lone minus", "-", .syntax(at: 1)),
        Invalid("minus then space", "- 1", .syntax(at: 1)),
        Invalid("hex number", "0x10", .syntax(at: 1)),
        Invalid("digit separator", "1_000", .syntax(at: 1)),
        Invalid("overflow to infinity", "1e400", .syntax(at: 0)),
        Invalid("negative overflow to infinity", "-1e400", .syntax(at: 0)),
        Invalid("huge mantissa overflow", String(repeating: "9", count: 400), .syntax(at: 0)),
        // Strings
        Invalid("unterminated string", #""abc"#, .syntax(at: 0)),
        Invalid("escaped closing quote", #""abc\""#, .syntax(at: 0)),
        Invalid("unescaped tab", "\"a\tb\"", .syntax(at: 2)),
        Invalid("unescaped line feed", "\"a\nb\"", .syntax(at: 2)),
        Invalid("unescaped NUL", [quote, 0x00, quote], .syntax(at: 1)),
        Invalid("unescaped 0x1F", [quote, 0x1F, quote], .syntax(at: 1)),
        Invalid("unknown escape", #""\x41""#, .syntax(at: 1)),
        Invalid("escaped single quote", #""\'""#, .syntax(at: 1)),
        Invalid("escaped line feed", "\"\\\n\"", .syntax(at: 1)),
        Invalid("short unicode escape", #""\u12""#, .syntax(at: 1)),
        Invalid("bad hex digit", #""\u12G4""#, .syntax(at: 1)),
        Invalid("lone high surrogate", #""\ud800""#, .syntax(at: 1)),
        Invalid("high surrogate then letter", #""\ud800A""#, .syntax(at: 1)),
        Invalid("high surrogate then non-surrogate escape", #""\ud83d\u0041""#, .syntax(at: 1)),
        Invalid("two high surrogates", #""\ud83d\ud83d""#, .syntax(at: 1)),
        Invalid("lone low surrogate", #""\udc00""#, .syntax(at: 1)),
        Invalid("reversed surrogate pair", #""\ude00\ud83d""#, .syntax(at: 1)),
        Invalid("bad escape in key", #"{"\q":1}"#, .syntax(at: 2)),
        // UTF-8
        Invalid("overlong 2-byte slash", [quote, 0xC0, 0xAF, quote], .invalidUTF8(at: 1)),
        Invalid("overlong 2-byte NUL", [quote, 0xC1, 0x80, quote], .invalidUTF8(at: 1)),
        Invalid("overlong 3-byte", [quote, 0xE0, 0x80, 0xAF, quote], .invalidUTF8(at: 1)),
        Invalid("overlong 4-byte", [quote, 0xF0, 0x80, 0x80, 0xAF, quote], .invalidUTF8(at: 1)),
        Invalid("encoded high surrogate", [quote, 0xED, 0xA0, 0x80, quote], .invalidUTF8(at: 1)),
        Invalid("encoded low surrogate", [quote, 0xED, 0xBF, 0xBF, quote], .invalidUTF8(at: 1)),
        Invalid("beyond U+10FFFF", [quote, 0xF4, 0x90, 0x80, 0x80, quote], .invalidUTF8(at: 1)),
        Invalid("5-byte form", [quote, 0xF8, 0x88, 0x80, 0x80, 0x80, quote], .invalidUTF8(at: 1)),
        Invalid("truncated 2-byte", [quote, 0xC3, quote], .invalidUTF8(at: 1)),
        Invalid("truncated 3-byte", [quote, 0xE2, 0x82, quote], .invalidUTF8(at: 1)),
        Invalid("truncated 4-byte", [quote, 0xF0, 0x9F, 0x98, quote], .invalidUTF8(at: 1)),
        Invalid("lone continuation byte", [quote, 0x61, 0x80, quote], .invalidUTF8(at: 2)),
        Invalid("0xFF", [quote, 0xFF, quote], .invalidUTF8(at: 1)),
        Invalid("0xFE", [quote, 0xFE, quote], .invalidUTF8(at: 1)),
        Invalid("invalid UTF-8 in key", Array(#"{""#.utf8) + [0xC0, 0xAF] + Array(#"":1}"#.utf8), .invalidUTF8(at: 2)),
        Invalid("invalid UTF-8 beside an escape", Array(#""\n"#.utf8) + [0xC0, 0xAF, quote], .invalidUTF8(at: 3)),
        Invalid("invalid UTF-8 outside strings", [0x5B, 0xC3, 0x5D], .invalidUTF8(at: 1)),
        Invalid("valid UTF-8 outside strings", Array("[é]".utf8), .syntax(at: 1)),
        // Limits
        Invalid("65 nested arrays", String(repeating: "[", count: 65) + String(repeating: "]", count: 65), .tooDeep),
        Invalid("65 nested objects", String(repeating: #"{"a":"#, count: 65) + "1" + String(repeating: "}", count: 65), .tooDeep),
        Invalid("65th level empty", String(repeating: "[", count: 64) + "{}" + String(repeating: "]", count: 64), .tooDeep),
        Invalid("string over 64 KiB", "\"" + String(repeating: "a", count: 65_537) + "\"", .stringTooLong),
    ]

    @Test(arguments: invalid)
    func rejectsInvalidDocument(_ document: Invalid) {
        do {
            let value = try JSONParser.parse(document.bytes)
            Issue.record("accepted as \(value)")
        } catch {
            #expect(document.failure.matches(error), "got \(error)")
        }
    }

    @Test func errorsReadAsSentences() {
        #expect("\(JSONParseError.syntax(offset: 3, message: "unexpected ']'"))" == "unexpected ']' at byte 3")
        #expect("\(JSONParseError.tooDeep(limit: 64))" == "arrays and objects nest deeper than 64 levels")
        #expect("\(JSONParseError.stringTooLong(limit: 8))" == "a string or key is longer than 8 bytes")
        #expect("\(JSONParseError.invalidUTF8(offset: 9))" == "invalid UTF-8 at byte 9")
        #expect(throws: JSONParseError.syntax(offset: 3, message: "unexpected '}' after an array element; expected ',' or ']'")) {
            try JSONParser.parse("[1 }")
        }
        #expect(throws: JSONParseError.syntax(offset: 3, message: "a trailing comma is not allowed")) { try JSONParser.parse("[1,]") }
        #expect(throws: JSONParseError.syntax(offset: 0, message: "unexpected single quote where a value should start")) {
            try JSONParser.parse("'a'")
        }
        #expect(throws: JSONParseError.syntax(offset: 1, message: "unexpected 'é' where a value should start")) { try JSONParser.parse("[é]") }
    }

    // MARK: - Limits

    @Test func refusesAMillionOpenBracketsQuickly() {
        let bytes = [UInt8](repeating: UInt8(ascii: "["), count: 1_000_000)
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            #expect(throws: JSONParseError.tooDeep(limit: 64)) { try JSONParser.parse(bytes) }
        }
        #expect(elapsed < .milliseconds(100))
        let objects = Array(String(repeating: #"{"a":"#, count: 200_000).utf8)
        #expect(throws: JSONParseError.tooDeep(limit: 64)) { try JSONParser.parse(objects) }
    }

    @Test func nestsExactlyToTheLimit() throws {
        for depth in [1, 2, 63, 64] {
            let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
            #expect(throws: Never.self) { try JSONParser.parse(text) }
        }
        let limits = JSONLimits(maxDepth: 1_000)
        let deep = String(repeating: "[", count: 1_000) + String(repeating: "]", count: 1_000)
        #expect(throws: Never.self) { try JSONParser.parse(deep, limits: limits) }
        #expect(throws: JSONParseError.tooDeep(limit: 1_000)) { try JSONParser.parse("[" + deep + "]", limits: limits) }
        #expect(throws: JSONParseError.tooDeep(limit: 0)) { try JSONParser.parse("[]", limits: JSONLimits(maxDepth: 0)) }
        #expect(try JSONParser.parse("1", limits: JSONLimits(maxDepth: 0)) == 1)
    }

    @Test func boundsStringsAndKeysInDecodedBytes() throws {
        let limits = JSONLimits(maxStringBytes: 8)
        #expect(try JSONParser.parse(#""12345678""#, limits: limits) == "12345678")
        #expect(throws: JSONParseError.stringTooLong(limit: 8)) { try JSONParser.parse(#""123456789""#, limits: limits) }
        #expect(throws: JSONParseError.stringTooLong(limit: 8)) { try JSONParser.parse(#"{"123456789":1}"#, limits: limits) }
        // Escapes count as the bytes they decode to.
        let eightEscapes = "\"" + String(repeating: #"\u0041"#, count: 8) + "\""
        #expect(try JSONParser.parse(eightEscapes, limits: limits) == "AAAAAAAA")
        #expect(throws: JSONParseError.stringTooLong(limit: 8)) { try JSONParser.parse(#""\u0041"# + eightEscapes.dropFirst(), limits: limits) }
        // Non-ASCII characters count in UTF-8 bytes.
        #expect(try JSONParser.parse(#""éééé""#, limits: limits) == "éééé")
        #expect(throws: JSONParseError.stringTooLong(limit: 8)) { try JSONParser.parse(#""ééééé""#, limits: limits) }
        let atDefault = "\"" + String(repeating: "a", count: 65_536) + "\""
        #expect(try JSONParser.parse(atDefault).stringValue?.utf8.count == 65_536)
    }

    // MARK: - Differential test against Foundation

    /// Inputs on which we knowingly differ from `JSONSerialization`, each with the reason.
    static func knownDivergence(_ bytes: [UInt8]) -> String? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return "Foundation skips a byte order mark; RFC 8259 forbids emitting one and the wire format is bare UTF-8"
        }
        if bytes.prefix(4).contains(0) {
            return "Foundation guesses UTF-16 or UTF-32 from NUL bytes at the start; the wire format is UTF-8 only"
        }
        if let stripped = removingTrailingCommas(bytes), (try? JSONParser.parse(stripped, limits: differentialLimits)) != nil {
            return "Foundation accepts a trailing comma in arrays and objects; RFC 8259 does not"
        }
        return nil
    }

    static let differentialLimits = JSONLimits(maxDepth: 512, maxStringBytes: .max)

    /// `bytes` without the commas that directly precede a `]` or `}`, or nil if there are none.
    static func removingTrailingCommas(_ bytes: [UInt8]) -> [UInt8]? {
        var output: [UInt8] = []
        var inString = false
        var escaped = false
        var removed = false
        for (index, byte) in bytes.enumerated() {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == quote { inString = false }
            } else if byte == quote {
                inString = true
            } else if byte == UInt8(ascii: ",") {
                let next = bytes[(index + 1)...].first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
                if next == UInt8(ascii: "]") || next == UInt8(ascii: "}") {
                    removed = true
                    continue
                }
            }
            output.append(byte)
        }
        return removed ? output : nil
    }

    /// Whether our value and Foundation's agree; numbers are compared by value, and an object
    /// with a repeated key is compared on its last occurrence, as Foundation keeps.
    static func agree(_ ours: JSONValue, _ theirs: Any) -> Bool {
        switch ours {
        case .null:
            return theirs is NSNull
        case .bool(let bool):
            guard let number = theirs as? NSNumber, number === NSNumber(value: true) || number === NSNumber(value: false) else { return false }
            return number.boolValue == bool
        case .int(let int):
            guard let number = theirs as? NSNumber else { return false }
            return number is NSDecimalNumber ? Double(int) == number.doubleValue : number.int64Value == int
        case .double(let double):
            guard let number = theirs as? NSNumber else { return false }
            let other = number.doubleValue
            return double == other || abs(double - other) <= 1e-12 * max(abs(double), abs(other))
        case .bigInteger(let text):
            guard let number = theirs as? NSNumber, let double = Double(text) else { return false }
            let other = number.doubleValue
            return double == other || abs(double - other) <= 1e-12 * max(abs(double), abs(other))
        case .string(let string):
            return (theirs as? String) == string
        case .array(let elements):
            guard let array = theirs as? [Any], array.count == elements.count else { return false }
            return zip(elements, array).allSatisfy { agree($0, $1) }
        case .object(let object):
            guard let dictionary = theirs as? [String: Any] else { return false }
            var last: [String: JSONValue] = [:]
            for (key, value) in object { last[key] = value }
            guard last.count == dictionary.count else { return false }
            return last.allSatisfy { key, value in dictionary[key].map { agree(value, $0) } ?? false }
        }
    }

    static let corpus: [String] = [
        #"{"jsonrpc":"2.0","id":1,"method":"customers.get","params":{"id":"cus_01JD3Q8ZK5W7T4M2X9B6R1N0HC"}}"#,
        #"[{"jsonrpc":"2.0","id":"a-1","method":"orders.create","params":{"items":[{"sku":"A-1","qty":2},{"sku":"B","qty":1.0}],"dryRun":true}}]"#,
        #"{"name":"Jos\u00e9 \ud83d\ude00","tags":["a","b\n",""],"score":-12.5e-3,"ok":false,"none":null}"#,
        #"[0,-0,1e10,-1E-10,0.5,123456789012,9223372036854775807,-9223372036854775808,18446744073709551616]"#,
        #"{"a":{"b":{"c":{"d":[[[[]]]]}}},"e":"\\\"\/\b\f\n\r\t","f":"éü€𝄞"}"#,
        #"  {"s" : [ 1 , 2 , 3 ] , "t" : { } }  "#,
        #""just a string""#, "42", "true", "null", "-3.25",
        #"{"k":"\u0000\u001f\u007f\u2028"}"#,
        #"[1,[2,[3,[4,{"x":[5,{"y":6}]}]]]]"#,
    ]

    static let corpusInvalid: [String] = [
        "[1,]", #"{"a":1,}"#, "01", "+1", ".5", "1.", "NaN", "'a'", "// x\n1", "\"\t\"", #""\x""#, #""\ud800""#,
        #""\udc00""#, "[1 2]", "{\"a\" 1}", "1e400", "", " ", "[", "]", "tru", "nulll", "[1]x",
    ]

    @Test func agreesWithFoundationOnTheCorpus() {
        for text in Self.corpus + Self.corpusInvalid {
            Self.compareWithFoundation(Array(text.utf8))
        }
    }

    @Test func agreesWithFoundationOnMutations() {
        var generator = SplitMix64(state: 0x5EED_2026)
        let documents = Self.corpus.map { Array($0.utf8) }
        let interesting =
            Array(#"{}[],:"\/-+.0123456789eEtrufalsn u"#.utf8) + [0x00, 0x09, 0x0A, 0x1F, 0x7F, 0x80, 0xBF, 0xC0, 0xC3, 0xE2, 0xED, 0xF0, 0xF4, 0xFF]
        var accepted = 0
        for _ in 0..<4_000 {
            var bytes = documents[Int(generator.next() % UInt64(documents.count))]
            for _ in 0...(generator.next() % 3) {
                let position = bytes.isEmpty ? 0 : Int(generator.next() % UInt64(bytes.count))
                let byte =
                    generator.next() % 2 == 0
                    ? interesting[Int(generator.next() % UInt64(interesting.count))] : UInt8(truncatingIfNeeded: generator.next())
                switch generator.next() % 4 {
                case 0 where !bytes.isEmpty: bytes[position] = byte
                case 1: bytes.insert(byte, at: position)
                case 2 where !bytes.isEmpty: bytes.remove(at: position)
                default:
                    let length = min(Int(generator.next() % 8) + 1, bytes.count - position)
                    bytes.insert(contentsOf: bytes[position..<(position + length)], at: position)
                }
            }
            if Self.compareWithFoundation(bytes) { accepted += 1 }
        }
        // Make sure the mutations exercise both outcomes.
        #expect(accepted > 100)
        #expect(accepted < 3_900)
    }

    /// Checks one input against Foundation; returns whether we accepted it.
    @discardableResult
    static func compareWithFoundation(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let ours = Result { () throws(JSONParseError) in try JSONParser.parse(bytes, limits: differentialLimits) }
        let theirs = Result { try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]) }
        let shown = String(decoding: bytes, as: UTF8.self).debugDescription
        switch (ours, theirs) {
        case (.success(let value), .success(let object)):
            #expect(agree(value, object), "values differ for \(shown): \(value) vs \(object)", sourceLocation: sourceLocation)
            return true
        case (.failure, .failure):
            return false
        case (.success(let value), .failure(let error)):
            if knownDivergence(bytes) == nil {
                Issue.record("only we accept \(shown) as \(value); Foundation: \(error)", sourceLocation: sourceLocation)
            }
            return true
        case (.failure(let error), .success):
            if knownDivergence(bytes) == nil {
                Issue.record("only Foundation accepts \(shown); we: \(error)", sourceLocation: sourceLocation)
            }
            return false
        }
    }
}

// MARK: - Writer

@Suite struct JSONWriterTests {
    @Test func writesCompactlyInStoredOrder() {
        let value: JSONValue = ["z": [1, 2.5, "x"], "a": nil, "m": ["t": true, "f": false]]
        #expect(value.jsonString == #"{"z":[1,2.5,"x"],"a":null,"m":{"t":true,"f":false}}"#)
        #expect(JSONValue.array([]).jsonString == "[]")
        #expect(JSONValue.object([:]).jsonString == "{}")
    }

    @Test(arguments: [
        ("plain", "plain"),
        ("quote \" backslash \\ slash /", #"quote \" backslash \\ slash /"#),
        ("\n\r\t\u{8}\u{C}", #"\n\r\t\b\f"#),
        ("\u{0}\u{1}\u{1F}", #"\u0000\u0001\u001f"#),
        ("\u{7F}", "\u{7F}"),
        ("line\u{2028}para\u{2029}", #"line\u2028para\u2029"#),
        ("é€😀\u{2027}\u{202A}", "é€😀\u{2027}\u{202A}"),
    ])
    func escapesStrings(_ text: String, _ escaped: String) throws {
        let written = JSONValue.string(text).jsonString
        #expect(written == "\"" + escaped + "\"")
        #expect(try JSONParser.parse(written) == .string(text))
    }

    @Test(arguments: [
        (JSONValue.int(0), "0"), (.int(-5), "-5"), (.int(10), "10"), (.int(.max), "9223372036854775807"),
        (.int(.min), "-9223372036854775808"), (.double(3), "3.0"), (.double(0.1), "0.1"), (.double(-0.0), "-0.0"),
        (.double(1e-7), "1e-07"), (.double(1e300), "1e+300"), (.double(.leastNonzeroMagnitude), "5e-324"),
        (.double(.nan), "null"), (.double(.infinity), "null"), (.double(-.infinity), "null"),
    ])
    func writesNumbers(_ value: JSONValue, _ text: String) throws {
        #expect(value.jsonString == text)
        if case .double(let double) = value, double.isFinite {
            #expect(try JSONParser.parse(text) == value)
        }
    }

    @Test func printsPrettily() {
        let value: JSONValue = ["id": 7, "tags": ["a"], "empty": [], "nested": ["none": [:]]]
        #expect(
            value.prettyPrinted() == """
                {
                  "id": 7,
                  "tags": [
                    "a"
                  ],
                  "empty": [],
                  "nested": {
                    "none": {}
                  }
                }
                """)
        #expect(JSONValue.int(1).prettyPrinted() == "1")
        #expect((["a": [1]] as JSONValue).prettyPrinted(indent: 4) == "{\n    \"a\": [\n        1\n    ]\n}")
    }

    @Test func outputIsReadByFoundation() throws {
        for text in JSONParserTests.corpus {
            let value = try JSONParser.parse(text)
            let object = try JSONSerialization.jsonObject(with: Data(value.jsonBytes), options: [.fragmentsAllowed])
            #expect(JSONParserTests.agree(value, object))
        }
    }
}

// MARK: - JSONObject

@Suite struct JSONObjectTests {
    @Test func keepsOrderAndEditsInPlace() {
        var object: JSONObject = ["b": 1, "a": 2, "c": 3]
        #expect(Array(object.keys) == ["b", "a", "c"])
        #expect(object["a"] == 2)
        #expect(object["missing"] == nil)
        object["a"] = 20
        object["d"] = 4
        #expect(Array(object.keys) == ["b", "a", "c", "d"])
        #expect(Array(object.values) == [1, 20, 3, 4])
        object.set(key: "b", value: "x")
        #expect(object.first?.value == "x")
        object["c"] = nil
        #expect(Array(object.keys) == ["b", "a", "d"])
        #expect(object.count == 3)
    }

    @Test func removesEveryOccurrenceOfAKey() {
        var object: JSONObject = ["idempotencyKey": "k1", "sku": "A", "idempotencyKey": "k2"]
        #expect(object.removeValue(forKey: "idempotencyKey") == "k1")
        #expect(object == ["sku": "A"])
        #expect(object.removeValue(forKey: "idempotencyKey") == nil)
    }

    @Test func comparesInOrder() {
        let ab: JSONObject = ["a": 1, "b": 2]
        let ba: JSONObject = ["b": 2, "a": 1]
        #expect(ab != ba)
        #expect(ab == JSONObject([(key: "a", value: 1), (key: "b", value: 2)]))
        #expect(Set([JSONValue.object(ab), .object(ab), .object(ba)]).count == 2)
    }

    @Test func accessorsReadTheirCase() {
        let value: JSONValue = ["n": 1, "d": 1.5, "s": "x", "b": true, "a": [nil], "o": [:]]
        #expect(value["n"]?.intValue == 1)
        #expect(value["n"]?.doubleValue == 1)
        #expect(value["d"]?.doubleValue == 1.5)
        #expect(value["d"]?.intValue == nil)
        #expect(value["s"]?.stringValue == "x")
        #expect(value["b"]?.boolValue == true)
        #expect(value["a"]?[0]?.isNull == true)
        #expect(value["a"]?[1] == nil)
        #expect(value["o"]?.objectValue?.isEmpty == true)
        #expect(value["a"]?.arrayValue?.count == 1)
        #expect(value[0] == nil)
        #expect(JSONValue.int(1)["x"] == nil)
    }
}
