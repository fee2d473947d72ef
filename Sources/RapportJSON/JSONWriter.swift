extension JSONValue {
    /// Appends the compact JSON text of this value to `bytes`.
    ///
    /// The output has no whitespace, keeps object members in their stored order, and escapes
    /// `"`, `\`, control characters, U+2028 and U+2029 (which end a line in JavaScript); other
    /// characters are written as UTF-8. Doubles use the shortest text that reads back as the
    /// same value; a non-finite double, which JSON cannot express, is written as `null`.
    ///
    /// ```swift
    /// let reply: JSONValue = ["id": 7, "ok": true]
    /// var line: [UInt8] = []
    /// reply.write(into: &line)  // {"id":7,"ok":true}
    /// line.append(UInt8(ascii: "\n"))
    /// ```
    public func write(into bytes: inout [UInt8]) {
        withOutput({ $0.write(self) }) { bytes.append(contentsOf: $0) }
    }

    /// The compact JSON text of this value, as UTF-8 bytes.
    public var jsonBytes: [UInt8] {
        withOutput({ $0.write(self) }) { Array($0) }
    }

    /// The compact JSON text of this value.
    public var jsonString: String {
        withOutput({ $0.write(self) }) { String(decoding: $0, as: UTF8.self) }
    }

    /// The JSON text of this value laid out for people: one member or element per line,
    /// nested levels indented by `indent` spaces, and a space after each colon.
    ///
    /// ```swift
    /// let value: JSONValue = ["id": 7, "tags": ["a"]]
    /// print(value.prettyPrinted())
    /// // {
    /// //   "id": 7,
    /// //   "tags": [
    /// //     "a"
    /// //   ]
    /// // }
    /// ```
    public func prettyPrinted(indent: Int = 2) -> String {
        withOutput({ $0.writePretty(self, indent: max(0, indent), level: 0) }) { String(decoding: $0, as: UTF8.self) }
    }

    /// Runs `write` on an output that starts on the stack, then hands the bytes to `finish`.
    private func withOutput<Result>(
        _ write: (inout JSONOutput) -> Void, finish: (UnsafeBufferPointer<UInt8>) -> Result
    ) -> Result {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 512) { stack in
            var output = JSONOutput(initial: stack)
            write(&output)
            return output.withBytes(finish)
        }
    }
}

/// A growing byte buffer for the writer, free of the uniqueness and capacity checks
/// `Array.append` makes on every call.
private struct JSONOutput: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var count = 0
    /// Whether `base` was allocated here (it starts as the caller's, usually on the stack).
    private var ownsBase = false

    init(initial: UnsafeMutableBufferPointer<UInt8>) {
        base = initial.baseAddress!
        capacity = initial.count
    }

    deinit {
        if ownsBase { base.deallocate() }
    }

    func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        body(UnsafeBufferPointer(start: base, count: count))
    }

    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(by: extra) }
    }

    @inline(never)
    private mutating func grow(by extra: Int) {
        let grownCapacity = max(capacity * 2, count + extra)
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: grownCapacity)
        grown.update(from: base, count: count)
        if ownsBase { base.deallocate() }
        base = grown
        capacity = grownCapacity
        ownsBase = true
    }

    @inline(__always)
    private mutating func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        reserve(bytes.count)
        if let source = bytes.baseAddress { (base + count).update(from: source, count: bytes.count) }
        count += bytes.count
    }

    private mutating func append(_ text: StaticString) {
        append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    // MARK: Values

    mutating func write(_ value: JSONValue) {
        switch value {
        case .null:
            append("null")
        case .bool(let bool):
            append(bool ? "true" : "false")
        case .int(let int):
            writeInteger(int)
        case .double(let double):
            writeDouble(double)
        case .bigInteger(let text):
            for byte in text.utf8 { append(byte) }
        case .string(let string):
            writeString(string)
        case .array(let elements):
            append(UInt8(ascii: "["))
            for index in elements.indices {
                if index > 0 { append(UInt8(ascii: ",")) }
                write(elements[index])
            }
            append(UInt8(ascii: "]"))
        case .object(let object):
            append(UInt8(ascii: "{"))
            let members = object.members
            for index in members.indices {
                if index > 0 { append(UInt8(ascii: ",")) }
                writeString(members[index].key)
                append(UInt8(ascii: ":"))
                write(members[index].value)
            }
            append(UInt8(ascii: "}"))
        }
    }

    mutating func writePretty(_ value: JSONValue, indent: Int, level: Int) {
        switch value {
        case .array(let elements) where !elements.isEmpty:
            append(UInt8(ascii: "["))
            for index in elements.indices {
                if index > 0 { append(UInt8(ascii: ",")) }
                newline(indent: indent * (level + 1))
                writePretty(elements[index], indent: indent, level: level + 1)
            }
            newline(indent: indent * level)
            append(UInt8(ascii: "]"))
        case .object(let object) where !object.isEmpty:
            append(UInt8(ascii: "{"))
            let members = object.members
            for index in members.indices {
                if index > 0 { append(UInt8(ascii: ",")) }
                newline(indent: indent * (level + 1))
                writeString(members[index].key)
                append(": ")
                writePretty(members[index].value, indent: indent, level: level + 1)
            }
            newline(indent: indent * level)
            append(UInt8(ascii: "}"))
        default:
            write(value)
        }
    }

    private mutating func newline(indent: Int) {
        reserve(1 + indent)
        base[count] = UInt8(ascii: "\n")
        (base + count + 1).initialize(repeating: UInt8(ascii: " "), count: indent)
        count += 1 + indent
    }

    // MARK: Scalars

    private mutating func writeInteger(_ value: Int64) {
        reserve(20)
        if value < 0 {
            base[count] = UInt8(ascii: "-")
            count += 1
        }
        var magnitude = value.magnitude
        var digits = 1
        var limit: UInt64 = 10
        while digits < 20, magnitude >= limit {
            digits += 1
            limit = limit &* 10
        }
        var position = count + digits
        repeat {
            position -= 1
            base[position] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
            magnitude /= 10
        } while magnitude > 0
        count += digits
    }

    private mutating func writeDouble(_ value: Double) {
        guard value.isFinite else {
            append("null")
            return
        }
        // Swift prints the shortest digits that read back as the same double, and for finite
        // values its text is JSON ("1e-07", "2.5", "3.0").
        var text = value.description
        text.withUTF8 { append($0) }
    }

    private mutating func writeString(_ string: String) {
        let written: Void? = string.utf8.withContiguousStorageIfAvailable { writeString(utf8: $0) }
        if written == nil {
            var string = string
            string.withUTF8 { writeString(utf8: $0) }
        }
    }

    /// Writes the UTF-8 text `utf8` as a quoted, escaped string.
    private mutating func writeString(utf8: UnsafeBufferPointer<UInt8>) {
        append(UInt8(ascii: "\""))
        if Self.mayNeedEscaping(utf8) {
            writeEscaped(utf8)
        } else {
            append(utf8)
        }
        append(UInt8(ascii: "\""))
    }

    /// Writes `utf8` escaping what JSON or JavaScript needs escaped.
    private mutating func writeEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        var copied = 0
        var index = 0
        while index < utf8.count {
            let byte = utf8[index]
            let escape: StaticString
            var length = 1
            var appendsHex = false
            switch byte {
            case UInt8(ascii: "\""): escape = #"\""#
            case UInt8(ascii: "\\"): escape = #"\\"#
            case 0x08: escape = #"\b"#
            case 0x0C: escape = #"\f"#
            case UInt8(ascii: "\n"): escape = #"\n"#
            case UInt8(ascii: "\r"): escape = #"\r"#
            case UInt8(ascii: "\t"): escape = #"\t"#
            case 0x00..<0x20:
                escape = #"\u00"#
                appendsHex = true
            case 0xE2 where index + 2 < utf8.count && utf8[index + 1] == 0x80 && (utf8[index + 2] | 1) == 0xA9:
                // U+2028 and U+2029 end lines in JavaScript source.
                escape = utf8[index + 2] == 0xA8 ? #"\u2028"# : #"\u2029"#
                length = 3
            default:
                index += 1
                continue
            }
            append(UnsafeBufferPointer(rebasing: utf8[copied..<index]))
            append(escape)
            if appendsHex {
                append(Self.hexDigit(byte >> 4))
                append(Self.hexDigit(byte & 0xF))
            }
            index += length
            copied = index
        }
        append(UnsafeBufferPointer(rebasing: utf8[copied...]))
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }

    /// Whether `utf8` holds a byte that may need escaping, checked eight bytes at a time.
    private static func mayNeedEscaping(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = UnsafeRawPointer(utf8.baseAddress) else { return false }
        var index = 0
        while index + 8 <= utf8.count {
            if mayNeedEscaping(base.loadUnaligned(fromByteOffset: index, as: UInt64.self)) { return true }
            index += 8
        }
        while index < utf8.count {
            let byte = utf8[index]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == 0xE2 { return true }
            index += 1
        }
        return false
    }

    /// Whether any of the eight bytes in `word` is a control character, a quote, a backslash or
    /// 0xE2 (which starts U+2028 and U+2029).
    @inline(__always)
    private static func mayNeedEscaping(_ word: UInt64) -> Bool {
        let low: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ value: UInt64) -> Bool { (value &- low) & ~value & high != 0 }
        let belowSpace = (word &- low &* 0x20) & ~word & high != 0
        return belowSpace || hasZeroByte(word ^ (low &* 0x22)) || hasZeroByte(word ^ (low &* 0x5C)) || hasZeroByte(word ^ (low &* 0xE2))
    }
}
