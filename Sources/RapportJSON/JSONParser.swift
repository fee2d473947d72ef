/// Bounds on what one JSON document may hold, enforced while parsing.
///
/// ```swift
/// let value = try JSONParser.parse(line, limits: JSONLimits(maxDepth: 32))
/// ```
public struct JSONLimits: Sendable, Hashable {
    /// Deepest nesting of arrays and objects; a top-level array or object is depth 1, and
    /// scalars add nothing.
    ///
    /// The parser keeps its own stack, so no input can overflow the call stack while parsing.
    /// The values it returns are written, compared and freed recursively, though, so keep this
    /// in the hundreds at most.
    public var maxDepth: Int
    /// Longest string or object key, in UTF-8 bytes after escapes are decoded.
    public var maxStringBytes: Int

    /// Creates limits; the defaults are 64 levels and 64 KiB.
    public init(maxDepth: Int = 64, maxStringBytes: Int = 65_536) {
        self.maxDepth = maxDepth
        self.maxStringBytes = maxStringBytes
    }
}

/// Why a document is not valid JSON, or is too big to read.
///
/// Offsets count bytes from the start of the input, from 0.
public enum JSONParseError: Error, Sendable, Equatable {
    /// The text breaks the JSON grammar at `offset`.
    case syntax(offset: Int, message: String)
    /// Arrays and objects nest deeper than `limit`.
    case tooDeep(limit: Int)
    /// A string or key holds more than `limit` UTF-8 bytes.
    case stringTooLong(limit: Int)
    /// The bytes at `offset` are not UTF-8.
    case invalidUTF8(offset: Int)
}

extension JSONParseError: CustomStringConvertible {
    /// The reason and where, for a person: `… at byte 12`, `invalid UTF-8 at byte 3`.
    public var description: String {
        switch self {
        case .syntax(let offset, let message): "\(message) at byte \(offset)"
        case .tooDeep(let limit): "arrays and objects nest deeper than \(limit) levels"
        case .stringTooLong(let limit): "a string or key is longer than \(limit) bytes"
        case .invalidUTF8(let offset): "invalid UTF-8 at byte \(offset)"
        }
    }
}

/// A strict RFC 8259 parser working on raw bytes.
///
/// The parser accepts exactly one JSON value, optionally surrounded by spaces, tabs, line
/// feeds and carriage returns, in UTF-8 without a byte order mark. It refuses everything the
/// RFC does not allow: trailing commas, comments, single quotes, leading zeros, `+1`, `.5`,
/// `1.`, `NaN`, unescaped control characters, invalid escapes, unpaired UTF-16 surrogates in
/// `\u` escapes, invalid UTF-8 anywhere, and numbers too large for a `Double`. Numbers written
/// without a fraction or exponent become ``JSONValue/int(_:)`` when they fit in 64 bits and
/// ``JSONValue/bigInteger(_:)`` (their text) when they do not; all others ``JSONValue/double(_:)``. Repeated object keys are kept, in order, for the caller to judge.
///
/// Nesting is tracked on an explicit stack, so no input can exhaust the call stack whatever
/// ``JSONLimits/maxDepth`` says.
///
/// ```swift
/// let request = try JSONParser.parse(#"{"jsonrpc":"2.0","id":1,"method":"server.ping"}"#)
/// request["method"]  // .string("server.ping")
/// ```
public enum JSONParser {
    /// Parses one JSON document.
    ///
    /// - Parameters:
    ///   - bytes: The UTF-8 text of the document.
    ///   - limits: The nesting and string limits to enforce.
    /// - Returns: The value the document holds.
    /// - Throws: ``JSONParseError`` at the first problem found.
    public static func parse(_ bytes: UnsafeRawBufferPointer, limits: JSONLimits = JSONLimits()) throws(JSONParseError) -> JSONValue {
        var scanner = Scanner(bytes: bytes, limits: limits)
        return try scanner.parseDocument()
    }

    /// Parses one JSON document from a byte collection, such as `[UInt8]` or `String.UTF8View`.
    public static func parse(_ bytes: some Collection<UInt8>, limits: JSONLimits = JSONLimits()) throws(JSONParseError) -> JSONValue {
        let contiguous = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(JSONParseError) in try parse(UnsafeRawBufferPointer(buffer), limits: limits) }
        }
        if let contiguous { return try contiguous.get() }
        return try Array(bytes).withUnsafeBytes { buffer in
            Result { () throws(JSONParseError) in try parse(buffer, limits: limits) }
        }.get()
    }

    /// Parses one JSON document from text.
    public static func parse(_ text: String, limits: JSONLimits = JSONLimits()) throws(JSONParseError) -> JSONValue {
        try parse(text.utf8, limits: limits)
    }
}

// MARK: - Scanner

/// The parser's cursor over the input.
private struct Scanner {
    /// An array or object being parsed; its elements so far sit at the end of the scratch
    /// stacks, from `start` on.
    private struct Frame {
        var isObject: Bool
        var start: Int
    }

    private let bytes: UnsafeRawBufferPointer
    private let limits: JSONLimits
    private var position = 0

    init(bytes: UnsafeRawBufferPointer, limits: JSONLimits) {
        self.bytes = bytes
        self.limits = limits
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            throw .syntax(offset: 0, message: "a byte order mark is not allowed")
        }
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        guard position == bytes.count else {
            throw unexpected("after the JSON value")
        }
        return value
    }

    /// Parses a value, handling nesting with an explicit stack of open containers.
    ///
    /// The elements and members of open containers wait on two scratch stacks shared by all
    /// levels; a container that closes takes its own off the top, in an array of exactly the
    /// right size.
    private mutating func parseValue() throws(JSONParseError) -> JSONValue {
        var frames: [Frame] = []
        var elements: [JSONValue] = []
        var members: [JSONObject.Member] = []
        parsing: while true {
            // Here a value starts, after any whitespace.
            var value: JSONValue
            guard position < bytes.count else { throw endOfInput("expected a value") }
            switch bytes[position] {
            case .openBrace:
                guard frames.count < limits.maxDepth else { throw .tooDeep(limit: limits.maxDepth) }
                position += 1
                skipWhitespace()
                if position < bytes.count, bytes[position] == .closeBrace {
                    position += 1
                    value = .object(JSONObject())
                } else {
                    if frames.isEmpty {
                        frames.reserveCapacity(8)
                        members.reserveCapacity(16)
                    }
                    frames.append(Frame(isObject: true, start: members.count))
                    members.append(JSONObject.Member(key: try parseKey(), value: .null))
                    continue parsing
                }
            case .openBracket:
                guard frames.count < limits.maxDepth else { throw .tooDeep(limit: limits.maxDepth) }
                position += 1
                skipWhitespace()
                if position < bytes.count, bytes[position] == .closeBracket {
                    position += 1
                    value = .array([])
                } else {
                    if frames.isEmpty {
                        frames.reserveCapacity(8)
                        elements.reserveCapacity(16)
                    }
                    frames.append(Frame(isObject: false, start: elements.count))
                    continue parsing
                }
            case .quote:
                value = .string(try parseString())
            case .minus, .zero ... .nine:
                value = try parseNumber()
            case UInt8(ascii: "t"):
                try expectLiteral("true")
                value = .bool(true)
            case UInt8(ascii: "f"):
                try expectLiteral("false")
                value = .bool(false)
            case UInt8(ascii: "n"):
                try expectLiteral("null")
                value = .null
            case .closeBracket where frames.last?.isObject == false:
                // `[]` is handled above, so a `]` here follows a comma.
                throw .syntax(offset: position, message: "a trailing comma is not allowed")
            default:
                throw unexpected("where a value should start")
            }

            // A value is complete: hand it to the open containers, closing those that end here.
            while let frame = frames.last {
                skipWhitespace()
                guard position < bytes.count else {
                    throw endOfInput(frame.isObject ? "expected ',' or '}'" : "expected ',' or ']'")
                }
                let byte = bytes[position]
                if frame.isObject {
                    members[members.count - 1].value = value
                    if byte == .comma {
                        position += 1
                        skipWhitespace()
                        members.append(JSONObject.Member(key: try parseKey(), value: .null))
                        continue parsing
                    }
                    guard byte == .closeBrace else { throw unexpected("after an object member; expected ',' or '}'") }
                    position += 1
                    if frames.count == 1 {
                        // The outermost container takes the scratch stack itself.
                        value = .object(JSONObject(members: members))
                    } else {
                        value = .object(JSONObject(members: Array(members[frame.start...])))
                        members.removeSubrange(frame.start...)
                    }
                } else {
                    elements.append(value)
                    if byte == .comma {
                        position += 1
                        skipWhitespace()
                        continue parsing
                    }
                    guard byte == .closeBracket else { throw unexpected("after an array element; expected ',' or ']'") }
                    position += 1
                    if frames.count == 1 {
                        value = .array(elements)
                    } else {
                        value = .array(Array(elements[frame.start...]))
                        elements.removeSubrange(frame.start...)
                    }
                }
                frames.removeLast()
            }
            return value
        }
    }

    /// Parses `"key"`, the colon and the whitespace up to the member's value.
    private mutating func parseKey() throws(JSONParseError) -> String {
        guard position < bytes.count else { throw endOfInput("expected a string key") }
        guard bytes[position] == .quote else {
            // `{}` is handled by the caller, so a `}` here follows a comma.
            if bytes[position] == .closeBrace { throw .syntax(offset: position, message: "a trailing comma is not allowed") }
            throw unexpected("where an object key should start")
        }
        let key = try parseString()
        skipWhitespace()
        guard position < bytes.count else { throw endOfInput("expected ':'") }
        guard bytes[position] == .colon else { throw unexpected("after an object key; expected ':'") }
        position += 1
        skipWhitespace()
        return key
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case .space, .tab, .lineFeed, .carriageReturn: position += 1
            default: return
            }
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        for (offset, byte) in expected.enumerated() {
            guard position + offset < bytes.count else { throw endOfInput("expected '\(literal)'") }
            guard bytes[position + offset] == byte else {
                position += offset
                throw unexpected(offset == 0 ? "where a value should start" : "in '\(literal)'")
            }
        }
        position += expected.count
    }

    // MARK: Strings

    /// Parses a string whose opening quote is at `position`.
    private mutating func parseString() throws(JSONParseError) -> String {
        let start = position + 1
        var index = start
        var hasEscapes = false
        var hasNonASCII = false
        scanning: while true {
            // Eight bytes at a time while none of them needs a closer look.
            while index + 8 <= bytes.count {
                let word = bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                if Self.needsCloserLook(word) { break }
                hasNonASCII = hasNonASCII || word & Self.highBits != 0
                index += 8
            }
            guard index < bytes.count else { throw .syntax(offset: position, message: "unterminated string") }
            let byte = bytes[index]
            switch byte {
            case .quote:
                break scanning
            case .backslash:
                hasEscapes = true
                index += 2
            case 0..<0x20:
                throw .syntax(offset: index, message: "control character U+00\(Self.hex(byte).dropFirst(2)) must be escaped in a string")
            default:
                hasNonASCII = hasNonASCII || byte >= 0x80
                index += 1
            }
        }
        let end = index
        position = end + 1
        let raw = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
        if hasNonASCII, let invalid = Self.firstInvalidUTF8(in: raw) {
            throw .invalidUTF8(offset: start + invalid)
        }
        if !hasEscapes {
            guard raw.count <= limits.maxStringBytes else { throw .stringTooLong(limit: limits.maxStringBytes) }
            return String(decoding: raw.assumingMemoryBound(to: UInt8.self), as: UTF8.self)
        }
        var failure: JSONParseError?
        // Escapes only ever shrink: the decoded string fits in the raw byte count.
        let string = String(unsafeUninitializedCapacity: raw.count) { output in
            do throws(JSONParseError) {
                return try Self.unescape(raw, offset: start, into: output)
            } catch {
                failure = error
                return 0
            }
        }
        if let failure { throw failure }
        guard string.utf8.count <= limits.maxStringBytes else { throw .stringTooLong(limit: limits.maxStringBytes) }
        return string
    }

    private static let highBits: UInt64 = 0x8080_8080_8080_8080
    private static let lowBits: UInt64 = 0x0101_0101_0101_0101

    /// Whether any of the eight bytes in `word` is a quote, a backslash or a control character
    /// (it may also say so for a byte after one that is; the bytes are then looked at one by one).
    private static func needsCloserLook(_ word: UInt64) -> Bool {
        func hasZeroByte(_ value: UInt64) -> Bool { (value &- lowBits) & ~value & highBits != 0 }
        let belowSpace = (word &- lowBits &* 0x20) & ~word & highBits != 0
        return belowSpace || hasZeroByte(word ^ (lowBits &* 0x22)) || hasZeroByte(word ^ (lowBits &* 0x5C))
    }

    /// Copies `raw` into `output`, decoding escapes; `offset` is where `raw` starts in the input.
    private static func unescape(
        _ raw: UnsafeRawBufferPointer, offset: Int, into output: UnsafeMutableBufferPointer<UInt8>
    ) throws(JSONParseError) -> Int {
        var read = 0
        var written = 0
        while read < raw.count {
            let byte = raw[read]
            guard byte == .backslash else {
                output[written] = byte
                written += 1
                read += 1
                continue
            }
            let escapeOffset = offset + read
            let decoded: UInt8
            switch raw[read + 1] {
            case .quote: decoded = .quote
            case .backslash: decoded = .backslash
            case .slash: decoded = .slash
            case UInt8(ascii: "b"): decoded = 0x08
            case UInt8(ascii: "f"): decoded = 0x0C
            case UInt8(ascii: "n"): decoded = .lineFeed
            case UInt8(ascii: "r"): decoded = .carriageReturn
            case UInt8(ascii: "t"): decoded = .tab
            case UInt8(ascii: "u"):
                var scalar = try hexQuad(raw, at: read + 2, offset: offset)
                read += 6
                if 0xD800...0xDBFF ~= scalar {
                    let hasLow = read + 1 < raw.count && raw[read] == .backslash && raw[read + 1] == UInt8(ascii: "u")
                    let low = hasLow ? try hexQuad(raw, at: read + 2, offset: offset) : 0
                    guard 0xDC00...0xDFFF ~= low else {
                        throw .syntax(offset: escapeOffset, message: "\\u escape with a high surrogate needs a low surrogate after it")
                    }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    read += 6
                } else if 0xDC00...0xDFFF ~= scalar {
                    throw .syntax(offset: escapeOffset, message: "\\u escape with a low surrogate must follow a high surrogate")
                }
                written += encodeUTF8(scalar, into: output, at: written)
                continue
            default:
                throw .syntax(offset: escapeOffset, message: "invalid escape sequence in a string")
            }
            output[written] = decoded
            written += 1
            read += 2
        }
        return written
    }

    /// Writes `scalar` (a valid Unicode scalar value) as UTF-8 at `index` of `output`.
    ///
    /// - Returns: The number of bytes written.
    private static func encodeUTF8(_ scalar: UInt32, into output: UnsafeMutableBufferPointer<UInt8>, at index: Int) -> Int {
        func continuation(_ shift: UInt32) -> UInt8 { 0x80 | UInt8(truncatingIfNeeded: scalar >> shift) & 0x3F }
        switch scalar {
        case ..<0x80:
            output[index] = UInt8(truncatingIfNeeded: scalar)
            return 1
        case ..<0x800:
            output[index] = 0xC0 | UInt8(truncatingIfNeeded: scalar >> 6)
            output[index + 1] = continuation(0)
            return 2
        case ..<0x1_0000:
            output[index] = 0xE0 | UInt8(truncatingIfNeeded: scalar >> 12)
            output[index + 1] = continuation(6)
            output[index + 2] = continuation(0)
            return 3
        default:
            output[index] = 0xF0 | UInt8(truncatingIfNeeded: scalar >> 18)
            output[index + 1] = continuation(12)
            output[index + 2] = continuation(6)
            output[index + 3] = continuation(0)
            return 4
        }
    }

    /// The value of the four hex digits at `index` of `raw`.
    private static func hexQuad(_ raw: UnsafeRawBufferPointer, at index: Int, offset: Int) throws(JSONParseError) -> UInt32 {
        guard index + 4 <= raw.count else {
            throw .syntax(offset: offset + index - 2, message: "\\u escape needs four hex digits")
        }
        var value: UInt32 = 0
        for byte in raw[index..<index + 4] {
            let digit: UInt8
            switch byte {
            case .zero ... .nine: digit = byte &- .zero
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte &- UInt8(ascii: "a") &+ 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte &- UInt8(ascii: "A") &+ 10
            default: throw .syntax(offset: offset + index - 2, message: "\\u escape needs four hex digits")
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// The offset of the first byte of `raw` that does not start or continue a valid UTF-8
    /// sequence (overlong forms, encoded surrogates and truncated sequences included), or nil.
    static func firstInvalidUTF8(in raw: UnsafeRawBufferPointer) -> Int? {
        var index = 0
        while index < raw.count {
            guard let length = utf8SequenceLength(in: raw, at: index) else { return index }
            index += length
        }
        return nil
    }

    /// The length of the valid UTF-8 sequence starting at `index` of `raw`, or nil if there is none.
    static func utf8SequenceLength(in raw: UnsafeRawBufferPointer, at index: Int) -> Int? {
        let lead = raw[index]
        if lead < 0x80 { return 1 }
        let continuations: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: continuations = 1
        case 0xE0:
            continuations = 2
            secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: continuations = 2
        case 0xED:
            continuations = 2
            secondRange = 0x80...0x9F
        case 0xF0:
            continuations = 3
            secondRange = 0x90...0xBF
        case 0xF1...0xF3: continuations = 3
        case 0xF4:
            continuations = 3
            secondRange = 0x80...0x8F
        default: return nil
        }
        guard index + continuations < raw.count, secondRange ~= raw[index + 1] else { return nil }
        for next in index + 2..<index + 1 + continuations where !(0x80...0xBF ~= raw[next]) {
            return nil
        }
        return 1 + continuations
    }

    // MARK: Numbers

    /// Parses a number starting at `position` (a digit or '-').
    private mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = position
        var index = position
        let isNegative = bytes[index] == .minus
        if isNegative { index += 1 }

        // Significant digits, as long as they fit; `exponent` scales them.
        var significand: UInt64 = 0
        var significandOverflows = false
        var exponent = 0
        func accumulate(_ byte: UInt8) {
            let (times10, overflow1) = significand.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(byte &- .zero))
            if overflow1 || overflow2 { significandOverflows = true } else { significand = sum }
        }

        guard index < bytes.count, Self.isDigit(bytes[index]) else {
            position = index
            throw index < bytes.count ? unexpected("after '-'; expected a digit") : endOfInput("expected a digit after '-'")
        }
        if bytes[index] == .zero {
            index += 1
            if index < bytes.count, Self.isDigit(bytes[index]) {
                throw .syntax(offset: start, message: "numbers may not have leading zeros")
            }
        } else {
            while index < bytes.count, Self.isDigit(bytes[index]) {
                accumulate(bytes[index])
                if significandOverflows { exponent += 1 }
                index += 1
            }
        }

        var isInteger = true
        if index < bytes.count, bytes[index] == .period {
            isInteger = false
            index += 1
            guard index < bytes.count, Self.isDigit(bytes[index]) else {
                throw .syntax(offset: index, message: "expected a digit after the decimal point")
            }
            while index < bytes.count, Self.isDigit(bytes[index]) {
                if !significandOverflows {
                    accumulate(bytes[index])
                    if !significandOverflows { exponent -= 1 }
                }
                index += 1
            }
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            index += 1
            var exponentIsNegative = false
            if index < bytes.count, bytes[index] == .plus || bytes[index] == .minus {
                exponentIsNegative = bytes[index] == .minus
                index += 1
            }
            guard index < bytes.count, Self.isDigit(bytes[index]) else {
                throw .syntax(offset: index, message: "expected a digit in the exponent")
            }
            var written = 0
            while index < bytes.count, Self.isDigit(bytes[index]) {
                written = min(written * 10 + Int(bytes[index] &- .zero), 1_000_000)
                index += 1
            }
            exponent += exponentIsNegative ? -written : written
        }
        position = index

        if isInteger, !significandOverflows {
            if !isNegative, significand <= UInt64(Int64.max) {
                return .int(Int64(significand))
            }
            if isNegative, significand <= UInt64(Int64.max) + 1 {
                return .int(Int64(truncatingIfNeeded: 0 &- significand))
            }
        }
        if isInteger {
            // Kept as written, within the range a double holds (as every other number).
            let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            guard let double = Double(text), double.isFinite else {
                throw .syntax(offset: start, message: "number is too large for a 64-bit float")
            }
            return .bigInteger(text)
        }
        // Exact when the significand and the power of ten are both exact doubles (Clinger's fast path).
        if !significandOverflows, significand <= 1 << 53, -22...22 ~= exponent {
            let magnitude = Double(significand)
            let scaled = exponent < 0 ? magnitude / Self.powersOfTen[-exponent] : magnitude * Self.powersOfTen[exponent]
            return .double(isNegative ? -scaled : scaled)
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let double = Double(text), double.isFinite else {
            throw .syntax(offset: start, message: "number is too large for a 64-bit float")
        }
        return .double(double)
    }

    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    private static func isDigit(_ byte: UInt8) -> Bool { byte &- .zero < 10 }

    // MARK: Errors

    /// A syntax error for the byte at `position`, naming it.
    private func unexpected(_ context: String) -> JSONParseError {
        let byte = bytes[position]
        let shown: String
        switch byte {
        case UInt8(ascii: "'"):
            shown = "single quote"
        case 0x21...0x7E:
            shown = "'\(Character(Unicode.Scalar(byte)))'"
        case 0x80...:
            guard let length = Self.utf8SequenceLength(in: bytes, at: position) else { return .invalidUTF8(offset: position) }
            shown = "'\(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[position..<position + length]), as: UTF8.self))'"
        default:
            shown = Self.hex(byte)
        }
        return .syntax(offset: position, message: "unexpected \(shown) \(context)")
    }

    private func endOfInput(_ expectation: String) -> JSONParseError {
        .syntax(offset: bytes.count, message: "unexpected end of input; \(expectation)")
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return byte < 0x10 ? "0x0\(digits)" : "0x\(digits)"
    }
}

extension UInt8 {
    fileprivate static let tab = UInt8(ascii: "\t")
    fileprivate static let lineFeed = UInt8(ascii: "\n")
    fileprivate static let carriageReturn = UInt8(ascii: "\r")
    fileprivate static let space = UInt8(ascii: " ")
    fileprivate static let quote = UInt8(ascii: "\"")
    fileprivate static let plus = UInt8(ascii: "+")
    fileprivate static let comma = UInt8(ascii: ",")
    fileprivate static let minus = UInt8(ascii: "-")
    fileprivate static let period = UInt8(ascii: ".")
    fileprivate static let slash = UInt8(ascii: "/")
    fileprivate static let zero = UInt8(ascii: "0")
    fileprivate static let nine = UInt8(ascii: "9")
    fileprivate static let colon = UInt8(ascii: ":")
    fileprivate static let openBracket = UInt8(ascii: "[")
    fileprivate static let backslash = UInt8(ascii: "\\")
    fileprivate static let closeBracket = UInt8(ascii: "]")
    fileprivate static let openBrace = UInt8(ascii: "{")
    fileprivate static let closeBrace = UInt8(ascii: "}")
}
