// FuzzJSONParser: libFuzzer target over Rapport's strict JSON parser alone.
//
// Built with `-sanitize=fuzzer,address -parse-as-library` (see ../../run.sh): libFuzzer supplies
// `main`, this file only `LLVMFuzzerTestOneInput`.
//
// Whatever the input, `JSONParser.parse` must return or throw a `JSONParseError`, never trap.
// Whatever parses must survive a round trip: its compact text (`jsonString`, and `jsonBytes`,
// which must be the same bytes) parses back, under the same limits, to an equal value, and
// writing that value again gives the same text (the writer's output is a fixed point).

import RapportJSON

/// The server's own limits for a request line, plus a looser set: a value nested past the
/// server's depth is refused by one and must round-trip through the other.
private let limitSets = [JSONLimits(), JSONLimits(maxDepth: 256, maxStringBytes: 1 << 20)]

private func fail(_ what: String, _ input: UnsafeRawBufferPointer, _ detail: String) -> Never {
    let text = String(decoding: input.prefix(2000), as: UTF8.self)
    fatalError("FuzzJSONParser: \(what)\n  input (\(input.count) bytes): \(text.debugDescription)\n  \(detail)")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONParser(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let input = UnsafeRawBufferPointer(start: start, count: count)
    for limits in limitSets {
        let value: JSONValue
        do {
            value = try JSONParser.parse(input, limits: limits)
        } catch {
            // Refused input is expected; the typed throw already guarantees a JSONParseError.
            _ = error.description
            continue
        }
        let text = value.jsonString
        let bytes = value.jsonBytes
        if bytes != Array(text.utf8) {
            fail("jsonBytes and jsonString differ", input, "jsonString: \(text.debugDescription)")
        }
        if bytes.contains(UInt8(ascii: "\n")) {
            fail("compact text holds a raw newline (it would break line framing)", input, "jsonString: \(text.debugDescription)")
        }
        let again: JSONValue
        do {
            again = try JSONParser.parse(bytes, limits: limits)
        } catch {
            fail("the written text does not parse back", input, "jsonString: \(text.debugDescription)\n  error: \(error)")
        }
        if again != value {
            fail("the round trip changed the value", input, "first: \(value)\n  again: \(again)")
        }
        // Bytes, not `String ==`, which compares by canonical equivalence.
        let bytesAgain = again.jsonBytes
        if bytesAgain != bytes {
            fail("writing the re-parsed value gives other text", input,
                 "first: \(text.debugDescription)\n  again: \(again.jsonString.debugDescription)")
        }
    }
    return 0
}
