import Foundation
import RapportCore
import Testing

@testable import RapportJSON

/// Differential tests of ``JSONValueEncoder`` and ``JSONValueDecoder`` against Foundation's
/// `JSONEncoder` and `JSONDecoder`, on seeded random values of protocol-shaped types and on
/// seeded mutations of their documents.
///
/// The two sides must agree on every input, except where `JSONValueDecoder` and
/// `JSONValueEncoder` document that they differ. Each such difference is named, with the
/// reason: the encoder's in ``JSONCodingDifferentialTests/difference(_:_:at:nullsForAbsent:)``,
/// the decoder's in ``Strictness``, whose cause is taken out of the document before both
/// decoders run again, so that nothing else in the document escapes the comparison. Any other
/// disagreement is an issue naming the document and both outcomes.
@Suite struct JSONCodingDifferentialTests {
    private static var kinds: [FixtureKind] {
        [
            .of(Line.random),
            .of(Customer.random),
            .of(Order.random),
            .of(Store.random),
            .of(Subscription.random),
            .of(Gauge.random),
            .of { generator in generator.dictionary { $0.money() } },
            .of { generator in generator.array(upTo: 3) { Line.random(using: &$0) } },
        ]
    }

    static let encoderCasesPerKind = 100
    static let decoderCasesPerKind = 200

    // MARK: - Encoder

    @Test func encoderAgreesWithFoundation() {
        var generator = SplitMix64(state: 0xE4C0_DE25)
        var findings = Findings()
        for kind in Self.kinds {
            for _ in 0..<Self.encoderCasesPerKind { kind.encoderCase(&generator, &findings) }
        }
        findings.report()
        #expect(findings.counts["encoded"] == Self.encoderCasesPerKind * Self.kinds.count)
        // Make sure the values exercise the one documented difference and the decoders' strictness.
        #expect(findings.counts["nil optional written as null", default: 0] > 100)
        #expect(findings.counts["strict read-back: integer beyond ±(2^53 − 1)", default: 0] > 10)
        #expect(findings.counts["strict read-back: money beyond ±10^13", default: 0] > 10)
        #expect(findings.counts["strict read-back: string holding U+0000", default: 0] > 10)
    }

    @Test func encodersBothRefuseNonFiniteNumbers() {
        var generator = SplitMix64(state: 7)
        for double in [Double.nan, .infinity, -.infinity] {
            var gauge = Gauge.random(using: &generator)
            gauge.reading = double
            #expect(throws: EncodingError.self) { try JSONValueEncoder().encode(gauge) }
            #expect(throws: EncodingError.self) { try JSONEncoder().encode(gauge) }
        }
        for float in [Float.nan, .infinity, -.infinity] {
            var gauge = Gauge.random(using: &generator)
            gauge.level = float
            #expect(throws: EncodingError.self) { try JSONValueEncoder().encode(gauge) }
            #expect(throws: EncodingError.self) { try JSONEncoder().encode(gauge) }
        }
    }

    /// Encodes `value` with both encoders and compares the texts as structures, then reads each
    /// text back with both decoders.
    fileprivate static func encoderCase<T: Codable & Equatable>(_ value: T, findings: inout Findings) {
        let ours: JSONValue
        let theirs: Data
        do {
            ours = try JSONValueEncoder().encode(value)
            theirs = try sortedKeysEncoder.encode(value)
        } catch {
            findings.fail("an encoder refused \(T.self) \(value): \(error)")
            return
        }
        findings.count("encoded")
        let text = ours.jsonString
        let theirText = String(decoding: theirs, as: UTF8.self)
        func fail(_ problem: String) {
            findings.fail(
                """
                \(problem)
                  value:      \(value)
                  Rapport:    \(text)
                  Foundation: \(theirText)
                """)
        }
        // JSONParser, not JSONSerialization, reads both texts back: on Linux JSONSerialization
        // drops a U+FEFF that opens a string or follows an escape (`"\\n\u{FEFF}"`), where
        // JSONDecoder keeps it.
        guard let theirValue = try? JSONParser.parse(theirs) else { return fail("JSONParser cannot read Foundation's text of \(T.self)") }
        var nullsForAbsent = 0
        if let difference = difference(ours, theirValue, at: "", nullsForAbsent: &nullsForAbsent) {
            fail("JSONValueEncoder and JSONEncoder encode \(T.self) differently at \(difference)")
        }
        findings.count("nil optional written as null", nullsForAbsent)

        // Our text reads back to the value: with Foundation, and with our decoder as it reads
        // what the server itself stored (`enforcesRanges: false`).
        do {
            let decoded = try JSONDecoder().decode(T.self, from: Data(text.utf8))
            if decoded != value { fail("JSONDecoder reads our text of \(T.self) back as \(decoded)") }
        } catch {
            fail("JSONDecoder cannot read our text of \(T.self): \(error)")
        }
        switch decode(T.self, text, decoder: JSONValueDecoder(enforcesRanges: false)) {
        case .success(let decoded):
            if decoded != value { fail("JSONValueDecoder(enforcesRanges: false) reads our text of \(T.self) back as \(decoded)") }
        case .failure(let error):
            // Strings holding U+0000 are refused whatever the ranges (documented).
            if Strictness.documented(error, in: ours)?.strictness != .nul {
                fail("JSONValueDecoder(enforcesRanges: false) cannot read our text of \(T.self): \(describe(error))")
            }
        }

        // The strict decoder, as clients meet it, against Foundation on our text and on
        // Foundation's, which leaves nil optionals out.
        compareDecoders(T.self, ours, mutations: [], findings: &findings, prefix: "strict read-back: ")
        compareDecoders(T.self, theirValue, mutations: [], findings: &findings, prefix: "strict read-back: ")
    }

    static var sortedKeysEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }

    /// Where JSON `ours` and `theirs` differ, or nil.
    ///
    /// Numbers compare by value (JSONEncoder writes `1.0` as `1`), and members by key
    /// (JSONEncoder sorts them). One difference is documented and allowed, and counted in
    /// `nullsForAbsent`: ``JSONValueEncoder`` writes every key, a nil optional as an explicit
    /// `null`, where `JSONEncoder` leaves the member out.
    static func difference(_ ours: JSONValue, _ theirs: JSONValue, at path: String, nullsForAbsent: inout Int) -> String? {
        let place = path.isEmpty ? "the root" : path
        switch (ours, theirs) {
        case (.object(let ours), .object(let theirs)):
            let ourMembers = Dictionary(ours.map { ($0.key, $0.value) }) { first, _ in first }
            let theirMembers = Dictionary(theirs.map { ($0.key, $0.value) }) { first, _ in first }
            guard ourMembers.count == ours.count, theirMembers.count == theirs.count else { return "\(place): a repeated key" }
            for (key, value) in ours {
                let child = "\(path).\(key.debugDescription)"
                guard let other = theirMembers[key] else {
                    if value.isNull {
                        nullsForAbsent += 1
                        continue
                    }
                    return "\(child): only we write it"
                }
                if let difference = difference(value, other, at: child, nullsForAbsent: &nullsForAbsent) { return difference }
            }
            if let key = theirs.keys.first(where: { ourMembers[$0] == nil }) { return "\(path).\(key.debugDescription): only Foundation writes it" }
            return nil
        case (.array(let ours), .array(let theirs)):
            guard ours.count == theirs.count else { return "\(place): \(ours.count) elements vs \(theirs.count)" }
            for (index, (element, other)) in zip(ours, theirs).enumerated() {
                if let difference = difference(element, other, at: "\(path)[\(index)]", nullsForAbsent: &nullsForAbsent) { return difference }
            }
            return nil
        case (.int(let ours), .int(let theirs)):
            return ours == theirs ? nil : "\(place): \(ours) vs \(theirs)"
        case (.int, _), (.double, _), (.bigInteger, _):
            guard let double = ours.doubleValue, let other = theirs.doubleValue, double == other else {
                return "\(place): \(ours.jsonString) vs \(theirs.jsonString)"
            }
            return nil
        default:
            return ours == theirs ? nil : "\(place): \(ours.jsonString) vs \(theirs.jsonString)"
        }
    }

    // MARK: - Decoder

    @Test func decoderAgreesWithFoundationOnMutatedDocuments() {
        var generator = SplitMix64(state: 0xDEC0_DE25)
        var findings = Findings()
        for kind in Self.kinds {
            for _ in 0..<Self.decoderCasesPerKind { kind.decoderCase(&generator, &findings) }
        }
        findings.report()
        // Make sure the mutations exercise both outcomes and every documented difference.
        #expect(findings.counts["both decode", default: 0] > 600)
        #expect(findings.counts["both refuse", default: 0] > 600)
        for strictness in Strictness.allCases {
            #expect(findings.counts[strictness.rawValue, default: 0] > 20, "\(strictness.rawValue)")
        }
    }

    /// Makes a random value, writes it with either encoder, mutates the document and compares
    /// the two decoders on the result.
    fileprivate static func decoderCase<T: Codable & Equatable>(_ value: T, generator: inout SplitMix64, findings: inout Findings) {
        var document: JSONValue
        do {
            // Foundation's text leaves nil optionals out and ours writes them as null: both
            // forms of an absent optional reach the decoders.
            document =
                generator.chance(50)
                ? try JSONValueEncoder().encode(value)
                : try JSONParser.parse(JSONEncoder().encode(value))
        } catch {
            findings.fail("cannot encode \(T.self) \(value): \(error)")
            return
        }
        var mutations: [String] = []
        for _ in 0..<generator.pick([0, 1, 1, 1, 1, 1, 1, 2, 2, 3]) {
            mutations.append(Mutation.apply(to: &document, using: &generator))
        }
        compareDecoders(T.self, document, mutations: mutations, findings: &findings)
    }

    /// Decodes `document` (through its text) with both decoders and records whether they agree.
    ///
    /// While our decoder refuses the document for a reason it documents (``Strictness``), that
    /// one cause is taken out of the document and both decoders run again; for the causes
    /// Foundation ignores (unknown and repeated members) its outcome must not change.
    fileprivate static func compareDecoders<T: Codable & Equatable>(
        _ type: T.Type, _ original: JSONValue, mutations: [String], findings: inout Findings, prefix: String = "",
        decoder: JSONValueDecoder = JSONValueDecoder()
    ) {
        var document = original
        var repairs: [String] = []
        var theirs = foundationDecode(T.self, document.jsonString)
        while true {
            let text = document.jsonString
            let ours = decode(T.self, text, decoder: decoder)
            func fail(_ problem: String, foundation: String? = nil) {
                findings.fail(
                    """
                    \(problem) (\(T.self))
                      document:   \(original.jsonString)
                      mutations:  \(mutations.isEmpty ? "none" : mutations.joined(separator: "; "))
                      repairs:    \(repairs.isEmpty ? "none" : repairs.joined(separator: "; "))
                      decoded:    \(text)
                      Rapport:    \(describe(ours))
                      Foundation: \(foundation ?? describe(theirs))
                    """)
            }
            if case .failure(let error) = ours, let (strictness, repaired, repair) = Strictness.documented(error, in: document) {
                guard repairs.count < 64 else { return fail("too many repairs") }
                let theirsAfter = foundationDecode(T.self, repaired.jsonString)
                if strictness.foundationIgnores, !sameOutcome(theirs, theirsAfter) {
                    return fail("removing \(repair) changed Foundation's outcome", foundation: "\(describe(theirs)), then \(describe(theirsAfter))")
                }
                findings.count(prefix + strictness.rawValue)
                repairs.append(repair)
                document = repaired
                theirs = theirsAfter
                continue
            }
            switch (ours, theirs) {
            case (.success(let ours), .success(let theirs)):
                if ours == theirs { findings.count(prefix + "both decode") } else { fail("the decoders decode different values") }
            case (.failure(let error), .failure(let theirError)):
                findings.count(prefix + "both refuse")
                guard let theirField = field(of: theirError), theirField != error.field else { break }
                // The entries of a `[String: T]` are read in no set order (ours in the order
                // written, JSONDecoder's in its dictionary's), so with two bad entries each may
                // name a different one; members of a struct are read in the order declared.
                let ourLocation = Location.find(error.field, in: document)?.steps.dropLast()
                let theirLocation = Location.find(theirField, in: document)?.steps.dropLast()
                if let ourLocation, let theirLocation, Location(steps: Array(ourLocation)).rendered == Location(steps: Array(theirLocation)).rendered
                {
                    findings.count(prefix + "refused at sibling entries")
                } else {
                    fail("the decoders refuse at different fields: \(error.field.debugDescription) and \(theirField.debugDescription)")
                }
            case (.success, .failure):
                fail("only JSONValueDecoder accepts the document")
            case (.failure, .success):
                fail("only JSONDecoder accepts the document")
            }
            return
        }
    }

    static func sameOutcome<T: Equatable>(_ first: Result<T, any Error>, _ second: Result<T, any Error>) -> Bool {
        switch (first, second) {
        case (.success(let first), .success(let second)): first == second
        case (.failure(let first), .failure(let second)): "\(first)" == "\(second)"
        default: false
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String, decoder: JSONValueDecoder) -> Result<T, ParamsDecodingError> {
        let value: JSONValue
        do {
            value = try JSONParser.parse(text)
        } catch {
            return .failure(ParamsDecodingError(kind: .invalidValue, field: "", message: "JSONParser refuses the text: \(error)"))
        }
        return Result { () throws(ParamsDecodingError) in try decoder.decode(T.self, from: value) }
    }

    static func foundationDecode<T: Decodable>(_ type: T.Type, _ text: String) -> Result<T, any Error> {
        Result { try JSONDecoder().decode(T.self, from: Data(text.utf8)) }
    }

    static func describe<T>(_ result: Result<T, some Error>) -> String {
        switch result {
        case .success(let value): "\(value)"
        case .failure(let error as ParamsDecodingError): describe(error)
        case .failure(let error): "\(error)"
        }
    }

    static func describe(_ error: ParamsDecodingError) -> String {
        "\(error.kind) at \(error.field.isEmpty ? "the root" : error.field): \(error.message)"
    }

    /// The field a Foundation decoding error names, written as ``ParamsDecodingError/field`` is,
    /// or nil when it names none: JSONDecoder reports a number that does not fit its type as
    /// "The given data was not valid JSON", without a coding path.
    static func field(of error: any Error) -> String? {
        switch error as? DecodingError {
        case .keyNotFound(let key, let context): Location.render(context.codingPath + [key])
        case .typeMismatch(_, let context), .valueNotFound(_, let context): Location.render(context.codingPath)
        case .dataCorrupted(let context) where !context.codingPath.isEmpty: Location.render(context.codingPath)
        default: nil
        }
    }
}

// MARK: - Numbers

extension JSONCodingDifferentialTests {
    /// Number texts at the edges of the integer and floating-point types.
    static let numberTexts = [
        "0", "-0", "-0.0", "100.0", "1e2", "1E+2", "-128.0", "1.5", "-1.5", "0.1", "127", "128", "-128", "-129", "255", "256",
        "-1", "32767", "32768", "-32769", "2147483648", "9007199254740991", "-9007199254740991", "9007199254740992", "9.007199254740991e15",
        "9223372036854775807", "-9223372036854775808", "9223372036854775808", "-9223372036854775809", "1e19", "1e300", "-1e300",
        "3.4028235e38", "3.5e38", "1.4e-45", "1e-40", "1e-46", "1e-300", "true", "null", #""1""#,
    ]

    /// Each number text, in an object member and in an array, read as each number type by both
    /// decoders; plain integer texts also by ours with `enforcesRanges: false`, as the server
    /// reads back what it wrote.
    @Test(arguments: numberTexts)
    func numbersAgreeWithFoundation(_ text: String) {
        var findings = Findings()
        Self.compareNumber(Int8.self, text, findings: &findings)
        Self.compareNumber(UInt8.self, text, findings: &findings)
        Self.compareNumber(Int16.self, text, findings: &findings)
        Self.compareNumber(Int.self, text, findings: &findings)
        Self.compareNumber(Int64.self, text, findings: &findings)
        Self.compareNumber(Double.self, text, findings: &findings)
        Self.compareNumber(Float.self, text, findings: &findings)
        findings.report()
    }

    private static func compareNumber<T: Codable & Equatable>(_ type: T.Type, _ text: String, findings: inout Findings) {
        let plainInteger = text.allSatisfy { $0 == "-" || $0.isASCII && $0.isNumber }
        for wrapped in [#"{"value":\#(text)}"#, "[\(text)]"] {
            guard let document = try? JSONParser.parse(wrapped) else { return findings.fail("JSONParser refuses \(wrapped)") }
            let note = ["\(T.self) from \(wrapped)"]
            if wrapped.hasPrefix("{") {
                compareDecoders(Box<T>.self, document, mutations: note, findings: &findings)
                if plainInteger {
                    compareDecoders(Box<T>.self, document, mutations: note, findings: &findings, decoder: JSONValueDecoder(enforcesRanges: false))
                }
            } else {
                compareDecoders([T].self, document, mutations: note, findings: &findings)
                if plainInteger {
                    compareDecoders([T].self, document, mutations: note, findings: &findings, decoder: JSONValueDecoder(enforcesRanges: false))
                }
            }
        }
    }

    /// A documented difference of the parser rather than the decoder: JSONParser reads a number
    /// too small for a double as 0, as JSONSerialization does (JSONParserTests pins
    /// `1e-400`), where JSONDecoder refuses it.
    @Test(arguments: ["1e-400", "-1e-400", "2e-324"])
    func numbersTooSmallForADoubleReadAsZero(_ text: String) throws {
        let document = try JSONParser.parse(#"{"value":\#(text)}"#)
        #expect(try JSONValueDecoder().decode(Box<Double>.self, from: document).value == 0)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Box<Double>.self, from: Data(#"{"value":\#(text)}"#.utf8)) }
    }
}

private struct Box<T: Codable & Equatable>: Codable, Equatable {
    var value: T
}

// MARK: - Documented differences

/// The refusals ``JSONValueDecoder`` documents and `JSONDecoder` does not make, each with the
/// way to take its cause out of a document.
private enum Strictness: String, CaseIterable {
    /// "an object member the type never asks for is an unknownField": Foundation ignores it.
    /// Only the members the mutations add count, all named `x-…`, which no fixture declares.
    case unknownField = "unknown member refused"
    /// "a member repeated in one object is a duplicateField": Foundation's JSONDecoder reads
    /// the first occurrence (its JSONSerialization keeps the last).
    case duplicateField = "repeated member refused"
    /// "not a value outside ±maximumInteger": Foundation reads any 64-bit integer.
    case integerBeyondLimit = "integer beyond ±(2^53 − 1)"
    /// Money's documentation: "an amount a client sends lies within ±maximum (10^13 minor
    /// units), which the protocol's decoder enforces with the field named".
    case moneyBeyondLimit = "money beyond ±10^13"
    /// "a string holding U+0000 is an invalidValue": Foundation reads it.
    case nul = "string holding U+0000"

    /// Whether Foundation's outcome must be the same once the cause is taken out.
    var foundationIgnores: Bool { self == .unknownField || self == .duplicateField }

    /// The documented refusal `error` reports, checked against `document`: the strictness, the
    /// document without that cause, and what was changed. Nil when `error` is not one, or
    /// when the document does not bear it out.
    static func documented(_ error: ParamsDecodingError, in document: JSONValue) -> (strictness: Strictness, repaired: JSONValue, repair: String)? {
        guard let location = Location.find(error.field, in: document) else { return nil }
        var repaired = document
        switch error.kind {
        case .unknownField, .duplicateField:
            guard case .member(_, let key)? = location.steps.last,
                case .object(let object)? = Location(steps: Array(location.steps.dropLast())).value(in: document)
            else { return nil }
            let count = object.keys.filter { $0 == key }.count
            if error.kind == .unknownField {
                guard key.hasPrefix("x-") else { return nil }
                let kept = object.filter { $0.key != key }
                repaired.modify(at: location.steps.dropLast()[...]) { $0 = .object(JSONObject(kept)) }
                return (.unknownField, repaired, "unknown member \(error.field)")
            }
            guard count > 1 else { return nil }
            var seen = false
            let kept = object.filter { member in
                guard member.key == key else { return true }
                defer { seen = true }
                return !seen
            }
            repaired.modify(at: location.steps.dropLast()[...]) { $0 = .object(JSONObject(kept)) }
            return (.duplicateField, repaired, "\(count - 1) later occurrence(s) of \(error.field)")
        case .invalidValue:
            guard let value = location.value(in: document) else { return nil }
            if case .string(let string) = value, string.utf8.contains(0), error.message.hasSuffix("strings may not contain U+0000") {
                repaired.modify(at: location.steps[...]) { $0 = .string(string.replacingOccurrences(of: "\u{0}", with: "\u{1}")) }
                return (.nul, repaired, "U+0000 in \(error.field) replaced by U+0001")
            }
            guard let magnitude = integralMagnitude(value) else { return nil }
            let limits: [(Strictness, Int64)] = [(.integerBeyondLimit, JSONValueDecoder.maximumInteger), (.moneyBeyondLimit, Money.maximum)]
            for (strictness, limit) in limits where magnitude > Double(limit) && error.message.contains("from -\(limit) to \(limit),") {
                let clamped = (value.doubleValue ?? 0) < 0 ? -limit : limit
                repaired.modify(at: location.steps[...]) { $0 = .int(clamped) }
                return (strictness, repaired, "\(error.field) \(value.jsonString) clamped to \(clamped)")
            }
            return nil
        default:
            return nil
        }
    }

    /// The magnitude of an integral JSON number, or nil for anything else.
    private static func integralMagnitude(_ value: JSONValue) -> Double? {
        switch value {
        case .int(let int): Double(int.magnitude)
        case .bigInteger(let text): Double(text).map(\.magnitude)
        case .double(let double) where double.isFinite && double.rounded(.towardZero) == double: double.magnitude
        default: nil
        }
    }
}

// MARK: - Locations and mutations

/// Where a value sits in a document, by member position (so that a repeated key is still
/// reachable) and by key (so that it renders as ``ParamsDecodingError/field`` does).
private struct Location {
    enum Step {
        case member(Int, key: String)
        case index(Int)
    }

    var steps: [Step]

    /// `items[2].sku`; a member named by the empty string is written `""`.
    var rendered: String {
        var text = ""
        for step in steps {
            switch step {
            case .index(let index):
                text += "[\(index)]"
            case .member(_, let key):
                if !text.isEmpty { text += "." }
                text += key.isEmpty ? "\"\"" : key
            }
        }
        return text
    }

    static func render(_ codingPath: [any CodingKey]) -> String {
        Location(
            steps: codingPath.map { key in
                if let index = key.intValue, key.stringValue == "Index \(index)" { return .index(index) }
                return .member(0, key: key.stringValue)
            }
        ).rendered
    }

    func value(in document: JSONValue) -> JSONValue? {
        var value = document
        for step in steps {
            switch (step, value) {
            case (.index(let index), .array(let elements)) where elements.indices.contains(index): value = elements[index]
            case (.member(let position, _), .object(let object)) where object.indices.contains(position): value = object[position].value
            default: return nil
            }
        }
        return value
    }

    /// Every value in `document` with its location, parents first.
    static func all(in document: JSONValue) -> [(location: Location, value: JSONValue)] {
        var found: [(location: Location, value: JSONValue)] = []
        func visit(_ value: JSONValue, _ steps: [Step]) {
            found.append((Location(steps: steps), value))
            switch value {
            case .array(let elements):
                for (index, element) in elements.enumerated() { visit(element, steps + [.index(index)]) }
            case .object(let object):
                for (position, member) in object.enumerated() { visit(member.value, steps + [.member(position, key: member.key)]) }
            default:
                break
            }
        }
        visit(document, [])
        return found
    }

    /// The first location that renders as `field`: the first occurrence of a repeated key.
    static func find(_ field: String, in document: JSONValue) -> Location? {
        func search(_ value: JSONValue, _ steps: inout [Step], _ rendered: String) -> Bool {
            if rendered == field { return true }
            guard field.hasPrefix(rendered) else { return false }
            switch value {
            case .array(let elements):
                for (index, element) in elements.enumerated() {
                    steps.append(.index(index))
                    if search(element, &steps, rendered + "[\(index)]") { return true }
                    steps.removeLast()
                }
            case .object(let object):
                for (position, member) in object.enumerated() {
                    steps.append(.member(position, key: member.key))
                    let name = member.key.isEmpty ? "\"\"" : member.key
                    if search(member.value, &steps, rendered.isEmpty ? name : rendered + "." + name) { return true }
                    steps.removeLast()
                }
            default:
                break
            }
            return false
        }
        var steps: [Step] = []
        return search(document, &steps, "") ? Location(steps: steps) : nil
    }
}

extension JSONValue {
    /// Changes the value at `steps` in place.
    fileprivate mutating func modify(at steps: ArraySlice<Location.Step>, _ body: (inout JSONValue) -> Void) {
        guard let step = steps.first else { return body(&self) }
        switch (step, self) {
        case (.index(let index), .array(var elements)):
            elements[index].modify(at: steps.dropFirst(), body)
            self = .array(elements)
        case (.member(let position, _), .object(let object)):
            var members = Array(object)
            members[position].value.modify(at: steps.dropFirst(), body)
            self = .object(JSONObject(members))
        default:
            preconditionFailure("no value at \(step) in \(self)")
        }
    }
}

/// One change to a valid document, of the kinds clients get wrong.
private enum Mutation: CaseIterable {
    case dropMember, addUnknownMember, replaceWithOtherType, replaceWithNull, integralFloat, fraction
    case repeatMember, outOfRange, insertNUL, otherString

    /// Values of every JSON type, for replacements and unknown members.
    static let samples: [JSONValue] = [
        true, false, 7, 0, -3, 2.5, "text", "", [], [1, "a"], [:], ["x-member": 1], ["sku": "S-1", "qty": 1],
    ]

    /// Integers at and past the ranges of the fixture types, and numbers no integer field takes.
    static let outOfRangeNumbers: [JSONValue] = [
        127, 128, -128, -129, 255, 256, -1, 32_767, 32_768, -32_769, .int(1 << 31), .int(JSONValueDecoder.maximumInteger),
        .int(JSONValueDecoder.maximumInteger + 1), .int(-JSONValueDecoder.maximumInteger - 1), .int(Money.maximum), .int(Money.maximum + 1),
        .int(-Money.maximum - 1), .int(.max), .int(.min), .bigInteger("18446744073709551616"), .bigInteger("-9223372036854775809"),
        .double(0x1p60), .double(-0x1p63), .double(1e19), .double(1e300), .double(-0.0), .double(3.5e38), .double(1e-300),
    ]

    /// Strings that enumerations, timestamps and SKUs refuse or read differently.
    static let otherStrings: [String] = [
        "platinum", "GOLD", "point_of_sale", "pointOfSale", "", "S 1", "2026-03-01T10:00:00+03:00", "2026-13-01T00:00:00Z",
        "2026-03-01T10:00:00.123456Z", "1", "null", "Index 0",
    ]

    /// Applies one random mutation to `document`; returns what it did.
    static func apply(to document: inout JSONValue, using generator: inout SplitMix64) -> String {
        let nodes = Location.all(in: document)
        let mutation = generator.pick(allCases)
        func place(_ location: Location) -> String { location.steps.isEmpty ? "the root" : location.rendered }
        func target(_ eligible: (JSONValue) -> Bool) -> Location? {
            let candidates = nodes.filter { eligible($0.value) }
            return candidates.isEmpty ? nil : generator.pick(candidates).location
        }
        func replace(_ location: Location, with value: JSONValue, _ what: String) -> String {
            document.modify(at: location.steps[...]) { $0 = value }
            return "\(what) at \(place(location)): \(value.jsonString)"
        }
        switch mutation {
        case .dropMember, .addUnknownMember, .repeatMember:
            guard let location = target({ $0.objectValue.map { !$0.isEmpty || mutation == .addUnknownMember } ?? false }),
                case .object(let object)? = location.value(in: document)
            else { break }
            var members = Array(object)
            switch mutation {
            case .dropMember:
                let removed = members.remove(at: Int.random(in: members.indices, using: &generator))
                document.modify(at: location.steps[...]) { $0 = .object(JSONObject(members)) }
                return "dropped \(removed.key.debugDescription) from \(place(location))"
            case .addUnknownMember:
                let key = "x-" + generator.pick(["colour", "id", "", "super", "Index 0"])
                members.insert(
                    (key: key, value: generator.chance(20) ? .null : generator.pick(samples)),
                    at: Int.random(in: 0...members.count, using: &generator))
                document.modify(at: location.steps[...]) { $0 = .object(JSONObject(members)) }
                return "added \(key.debugDescription) to \(place(location))"
            default:
                let repeated = generator.pick(members)
                let value = generator.chance(50) ? repeated.value : generator.pick(samples + outOfRangeNumbers)
                members.insert((key: repeated.key, value: value), at: Int.random(in: 0...members.count, using: &generator))
                document.modify(at: location.steps[...]) { $0 = .object(JSONObject(members)) }
                return "repeated \(repeated.key.debugDescription) in \(place(location)) as \(value.jsonString)"
            }
        case .replaceWithOtherType:
            guard let location = target({ _ in true }), let value = location.value(in: document) else { break }
            return replace(location, with: generator.pick(samples.filter { $0.category != value.category }), "replaced")
        case .replaceWithNull:
            guard let location = target({ !$0.isNull }) else { break }
            return replace(location, with: .null, "nulled")
        case .integralFloat:
            guard let location = target({ $0.intValue.map { $0.magnitude < 1 << 53 } ?? false }),
                case .int(let int)? = location.value(in: document)
            else { break }
            return replace(location, with: .double(Double(int)), "made a float")
        case .fraction:
            guard let location = target({ $0.doubleValue != nil }), let number = location.value(in: document)?.doubleValue else { break }
            return replace(location, with: .double(number.rounded(.down) + 0.5), "gave a fraction")
        case .outOfRange:
            guard let location = target({ $0.doubleValue != nil }) else { break }
            return replace(location, with: generator.pick(outOfRangeNumbers), "replaced")
        case .insertNUL:
            guard let location = target({ $0.stringValue != nil }), var string = location.value(in: document)?.stringValue else { break }
            string.insert("\u{0}", at: string.index(string.startIndex, offsetBy: Int.random(in: 0...string.count, using: &generator)))
            return replace(location, with: .string(string), "inserted U+0000")
        case .otherString:
            guard let location = target({ $0.stringValue != nil }) else { break }
            return replace(location, with: .string(generator.pick(otherStrings)), "replaced")
        }
        // Nothing to mutate this way: change the type of the root instead.
        let root = Location(steps: [])
        return replace(root, with: generator.pick(samples.filter { $0.category != document.category }), "replaced")
    }
}

extension JSONValue {
    /// The JSON type, with every number in one category.
    fileprivate var category: Int {
        switch self {
        case .null: 0
        case .bool: 1
        case .int, .bigInteger, .double: 2
        case .string: 3
        case .array: 4
        case .object: 5
        }
    }
}

// MARK: - Findings

/// What one test saw: outcomes by kind, and disagreements.
private struct Findings {
    var counts: [String: Int] = [:]
    var failures: [String] = []

    mutating func count(_ outcome: String, _ times: Int = 1) {
        counts[outcome, default: 0] += times
    }

    mutating func fail(_ failure: String) {
        failures.append(failure)
    }

    /// Records the first disagreements as issues, and how many more there were.
    func report(sourceLocation: SourceLocation = #_sourceLocation) {
        for failure in failures.prefix(12) {
            Issue.record(Comment(rawValue: failure), sourceLocation: sourceLocation)
        }
        if failures.count > 12 {
            Issue.record("\(failures.count - 12) more disagreements", sourceLocation: sourceLocation)
        }
    }
}

/// One fixture type, with its encoder and decoder cases.
private struct FixtureKind {
    var encoderCase: (inout SplitMix64, inout Findings) -> Void
    var decoderCase: (inout SplitMix64, inout Findings) -> Void

    static func of<T: Codable & Equatable>(_ make: @escaping (inout SplitMix64) -> T) -> FixtureKind {
        FixtureKind(
            encoderCase: { generator, findings in
                JSONCodingDifferentialTests.encoderCase(make(&generator), findings: &findings)
            },
            decoderCase: { generator, findings in
                let value = make(&generator)
                JSONCodingDifferentialTests.decoderCase(value, generator: &generator, findings: &findings)
            })
    }
}

// MARK: - Fixtures

/// A fixture type that can make a random value.
private protocol RandomFixture: Codable, Equatable {
    static func random(using generator: inout SplitMix64) -> Self
}

private enum Tier: String, Codable, CaseIterable {
    case bronze, silver, gold
}

/// A string enumeration whose raw values differ from its case names.
private enum Channel: String, Codable, CaseIterable {
    case web
    case pointOfSale = "point_of_sale"
    case phone
}

/// A SKU checked by its own `init(from:)` through a single value container, like `Timestamp`.
private struct Sku: Codable, Equatable {
    var text: String

    init(text: String) { self.text = text }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        text = try container.decode(String.self)
        guard !text.isEmpty, !text.contains(" ") else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "a SKU is one word, got \(text.debugDescription)")
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}

/// An order line: the scalars params use, and `Money`, whose `init(from:)` reads a single
/// value container.
private struct Line: RandomFixture {
    var sku: Sku
    var qty: Int64
    var unitPrice: Money
    var discountPercent: UInt8
    var adjustment: Int8
    var weight: Double?
    var gift: Bool
    var note: String?

    static func random(using generator: inout SplitMix64) -> Line {
        Line(
            sku: Sku(text: "S" + generator.string().replacingOccurrences(of: " ", with: "_")),
            qty: generator.integer(), unitPrice: generator.money(), discountPercent: generator.integer(),
            adjustment: generator.integer(), weight: generator.optional { $0.double() }, gift: generator.chance(50),
            note: generator.optional { $0.string() })
    }
}

private struct Address: RandomFixture {
    var line1: String
    var line2: String?
    var city: String
    var postcode: String?
    var country: String

    static func random(using generator: inout SplitMix64) -> Address {
        Address(
            line1: generator.string(), line2: generator.optional { $0.string() }, city: generator.string(),
            postcode: generator.optional { $0.string() }, country: generator.pick(["FR", "GE", "US", ""]))
    }
}

private struct Customer: RandomFixture {
    var id: String
    var email: String?
    var tier: Tier
    var previousTier: Tier?
    var points: Int
    var balance: Money
    var credit: Money?
    var marketing: Bool
    var vip: Bool?
    var address: Address?
    var tags: [String]
    var attributes: [String: String]
    var scores: [String: Double]?
    var since: Timestamp
    var lastSeen: Timestamp?

    static func random(using generator: inout SplitMix64) -> Customer {
        Customer(
            id: "cus_" + generator.string(), email: generator.optional { $0.string() }, tier: generator.pick(Tier.allCases),
            previousTier: generator.optional { $0.pick(Tier.allCases) }, points: generator.integer(), balance: generator.money(),
            credit: generator.optional { $0.money() }, marketing: generator.chance(50), vip: generator.optional { $0.chance(50) },
            address: generator.optional { Address.random(using: &$0) }, tags: generator.array(upTo: 2) { $0.string() },
            attributes: generator.dictionary { $0.string() }, scores: generator.optional { $0.dictionary { $0.double() } },
            since: generator.timestamp(), lastSeen: generator.optional { $0.timestamp() })
    }
}

private struct Order: RandomFixture {
    var id: String
    var customer: Customer?
    var lines: [Line]
    var channel: Channel
    var channels: [String: Channel]?
    var totals: [String: Money]
    var batches: [[Int64]]
    var flags: [Bool?]
    var placed: Timestamp
    var shipTo: Address?

    static func random(using generator: inout SplitMix64) -> Order {
        Order(
            id: "ord_" + generator.string(), customer: generator.optional { Customer.random(using: &$0) },
            lines: generator.array(upTo: 2) { Line.random(using: &$0) }, channel: generator.pick(Channel.allCases),
            channels: generator.optional { $0.dictionary { $0.pick(Channel.allCases) } }, totals: generator.dictionary { $0.money() },
            batches: generator.array(upTo: 2) { $0.array(upTo: 3) { $0.integer() } },
            flags: generator.array(upTo: 2) { $0.optional { $0.chance(50) } }, placed: generator.timestamp(),
            shipTo: generator.optional { Address.random(using: &$0) })
    }
}

/// Flat in Swift and nested in JSON, through nested keyed and unkeyed containers:
/// `{"name":"…","geo":{"lat":1.5,"lon":2,"elevation":30},"hours":[[9,17]],"staff":[{"name":"…","age":30}]}`.
/// `elevation` may be absent or null; `staff` is left out when empty.
private struct Store: RandomFixture {
    var name: String
    var latitude: Double
    var longitude: Double
    var elevation: Int16?
    var opening: [UInt8]
    var closing: [UInt8]
    var staff: [String]
    var ages: [Int8?]

    enum Keys: String, CodingKey { case name, geo, hours, staff }
    enum GeoKeys: String, CodingKey { case lat, lon, elevation }
    enum PersonKeys: String, CodingKey { case name, age }

    init(name: String, latitude: Double, longitude: Double, elevation: Int16?, opening: [UInt8], closing: [UInt8], staff: [String], ages: [Int8?]) {
        self.name = name
        self.latitude = latitude
        self.longitude = longitude
        self.elevation = elevation
        self.opening = opening
        self.closing = closing
        self.staff = staff
        self.ages = ages
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        name = try container.decode(String.self, forKey: .name)
        let geo = try container.nestedContainer(keyedBy: GeoKeys.self, forKey: .geo)
        latitude = try geo.decode(Double.self, forKey: .lat)
        longitude = try geo.decode(Double.self, forKey: .lon)
        elevation = try geo.decodeIfPresent(Int16.self, forKey: .elevation)
        var hours = try container.nestedUnkeyedContainer(forKey: .hours)
        opening = []
        closing = []
        while !hours.isAtEnd {
            var pair = try hours.nestedUnkeyedContainer()
            opening.append(try pair.decode(UInt8.self))
            closing.append(try pair.decode(UInt8.self))
            guard pair.isAtEnd else { throw DecodingError.dataCorruptedError(in: pair, debugDescription: "expected an opening and a closing hour") }
        }
        staff = []
        ages = []
        if container.contains(.staff) {
            var people = try container.nestedUnkeyedContainer(forKey: .staff)
            while !people.isAtEnd {
                let person = try people.nestedContainer(keyedBy: PersonKeys.self)
                staff.append(try person.decode(String.self, forKey: .name))
                ages.append(try person.decodeIfPresent(Int8.self, forKey: .age))
            }
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(name, forKey: .name)
        var geo = container.nestedContainer(keyedBy: GeoKeys.self, forKey: .geo)
        try geo.encode(latitude, forKey: .lat)
        try geo.encode(longitude, forKey: .lon)
        try geo.encodeIfPresent(elevation, forKey: .elevation)
        var hours = container.nestedUnkeyedContainer(forKey: .hours)
        for (open, close) in zip(opening, closing) {
            var pair = hours.nestedUnkeyedContainer()
            try pair.encode(open)
            try pair.encode(close)
        }
        guard !staff.isEmpty else { return }
        var people = container.nestedUnkeyedContainer(forKey: .staff)
        for (name, age) in zip(staff, ages) {
            var person = people.nestedContainer(keyedBy: PersonKeys.self)
            try person.encode(name, forKey: .name)
            try person.encodeIfPresent(age, forKey: .age)
        }
    }

    static func random(using generator: inout SplitMix64) -> Store {
        let hours = generator.array(upTo: 3) { (open: $0.integer(UInt8.self), close: $0.integer(UInt8.self)) }
        let staff = generator.array(upTo: 2) { (name: $0.string(), age: $0.optional { $0.integer(Int8.self) }) }
        return Store(
            name: generator.string(), latitude: generator.double(), longitude: generator.double(),
            elevation: generator.optional { $0.integer() }, opening: hours.map(\.open), closing: hours.map(\.close),
            staff: staff.map(\.name), ages: staff.map(\.age))
    }
}

/// A subscription that keeps its plan where a superclass would, through `superDecoder()` and
/// `superEncoder()` (key `super`), and its previous address through `superDecoder(forKey:)`,
/// which reads an absent member as null.
private struct Subscription: RandomFixture {
    var plan: Line
    var previous: Address?
    var interval: Int8
    var renews: Bool

    enum Keys: String, CodingKey { case previous, interval, renews }

    init(plan: Line, previous: Address?, interval: Int8, renews: Bool) {
        self.plan = plan
        self.previous = previous
        self.interval = interval
        self.renews = renews
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        plan = try Line(from: container.superDecoder())
        previous = try Address?(from: container.superDecoder(forKey: .previous))
        interval = try container.decode(Int8.self, forKey: .interval)
        renews = try container.decode(Bool.self, forKey: .renews)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try plan.encode(to: container.superEncoder())
        try previous.encode(to: container.superEncoder(forKey: .previous))
        try container.encode(interval, forKey: .interval)
        try container.encode(renews, forKey: .renews)
    }

    static func random(using generator: inout SplitMix64) -> Subscription {
        Subscription(
            plan: .random(using: &generator), previous: generator.optional { Address.random(using: &$0) },
            interval: generator.integer(), renews: generator.chance(50))
    }
}

/// Numbers at the edges of their types.
private struct Gauge: RandomFixture {
    var reading: Double
    var level: Float?
    var ratios: [Float]
    var small: [Int8]
    var bytes: [UInt8]
    var counts: [Int]
    var optionalCounts: [Int64?]
    var limits: [String: Int8]

    static func random(using generator: inout SplitMix64) -> Gauge {
        Gauge(
            reading: generator.double(), level: generator.optional { $0.float() }, ratios: generator.array(upTo: 3) { $0.float() },
            small: generator.array(upTo: 3) { $0.integer() }, bytes: generator.array(upTo: 3) { $0.integer() },
            counts: generator.array(upTo: 3) { $0.integer() }, optionalCounts: generator.array(upTo: 3) { $0.optional { $0.integer() } },
            limits: generator.dictionary { $0.integer() })
    }
}

// MARK: - Generator

extension SplitMix64 {
    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &self) < percent }

    mutating func pick<Element>(_ options: [Element]) -> Element { options.randomElement(using: &self)! }

    mutating func optional<Value>(_ make: (inout SplitMix64) -> Value) -> Value? {
        chance(30) ? nil : make(&self)
    }

    mutating func array<Element>(upTo count: Int, _ make: (inout SplitMix64) -> Element) -> [Element] {
        (0..<Int.random(in: 0...count, using: &self)).map { _ in make(&self) }
    }

    mutating func dictionary<Value>(_ make: (inout SplitMix64) -> Value) -> [String: Value] {
        var dictionary: [String: Value] = [:]
        for _ in 0..<Int.random(in: 0...2, using: &self) { dictionary[key()] = make(&self) }
        return dictionary
    }

    /// Small values mostly, then the type's edges (and ±(2^53 − 1) and one past it for 64-bit
    /// integers), then anything.
    mutating func integer<I: FixedWidthInteger>(_: I.Type = I.self) -> I {
        switch Int.random(in: 0..<16, using: &self) {
        case 0:
            var edges: [I] = [.min, .max, 0, 1]
            if I.isSigned { edges.append(-1) }
            if I.isSigned, I.bitWidth >= 64 {
                let limit = JSONValueDecoder.maximumInteger
                edges += [I(limit), I(-limit), I(limit + 1), I(-limit - 1)]
            }
            return pick(edges)
        case 1:
            return I(truncatingIfNeeded: next())
        default:
            return I(truncatingIfNeeded: Int.random(in: I.isSigned ? -100...100 : 0...100, using: &self))
        }
    }

    /// Prices mostly, then ±10^13 and one past it, then any 64-bit amount.
    mutating func money() -> Money {
        switch Int.random(in: 0..<20, using: &self) {
        case 0: Money(minorUnits: pick([Money.maximum, -Money.maximum, Money.maximum + 1, -Money.maximum - 1]))
        case 1: Money(minorUnits: Int64(truncatingIfNeeded: next()))
        default: Money(minorUnits: Int64.random(in: -1_000...1_000_000, using: &self))
        }
    }

    mutating func double() -> Double {
        switch Int.random(in: 0..<4, using: &self) {
        case 0:
            return pick([
                0, -0.0, 1, -1, 0.1, 0.5, 1.5, 100, -273.15, 1e-7, 1e15, 1e16, 1e300, -1e-300, 2.2250738585072014e-308,
                .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .leastNonzeroMagnitude, .leastNormalMagnitude, 0x1p53, 0x1p53 + 2,
                0x1p63, 123_456.789,
            ])
        case 1:
            return Double(Int.random(in: -1_000_000...1_000_000, using: &self)) / 100
        case 2:
            let double = Double(bitPattern: next())
            return double.isFinite ? double : 0.25
        default:
            return Double(Int.random(in: -500...500, using: &self))
        }
    }

    mutating func float() -> Float {
        switch Int.random(in: 0..<4, using: &self) {
        case 0:
            return pick([
                0, -0.0, 1, 0.1, 1.5, 3.4e38, .greatestFiniteMagnitude, .leastNonzeroMagnitude, .leastNormalMagnitude, .leastNormalMagnitude / 4,
                16_777_216,
            ])
        case 1:
            return Float(Int.random(in: -100_000...100_000, using: &self)) / 100
        case 2:
            let float = Float(bitPattern: UInt32(truncatingIfNeeded: next()))
            return float.isFinite ? float : 0.75
        default:
            return Float(Int.random(in: -500...500, using: &self))
        }
    }

    /// Pieces that stress escaping: quotes, backslashes, control characters, U+2028, non-BMP
    /// characters, a combining accent, and now and then U+0000.
    static let pieces = [
        "a", "Z", "A-1", "cus_01JD3Q8ZK5W7T4M2X9B6R1N0HC", "hello world", "é", "e\u{301}", "€", "😀", "👩🏽‍💻", "𝄞", "\"", "\\", "/",
        "\n", "\t", "\r", "\u{8}", "\u{C}", "\u{1}", "\u{1F}", "\u{7F}", "\u{80}", "\u{2028}", "\u{2029}", "\u{FEFF}", "\u{FFFF}",
        "0", "null", "{}", "[", "\u{0}",
    ]

    /// Dictionary keys: no `.`, `[` or `"`, so that a key never reads as a path.
    static let keyPieces = ["a", "b", "sku", "A-1", "Index 0", "12", "", "é", "😀", "\\", "\n", " ", "\u{1}", "super", "x"]

    mutating func string() -> String {
        (0..<Int.random(in: 0...3, using: &self)).map { _ in pick(Self.pieces) }.joined()
    }

    mutating func key() -> String { pick(Self.keyPieces) + (chance(50) ? pick(Self.keyPieces) : "") }

    /// Any millisecond from year 1 to year 9999, often a whole second.
    mutating func timestamp() -> Timestamp {
        let milliseconds = Int64.random(in: -62_135_596_800_000...253_402_300_799_999, using: &self)
        return Timestamp(millisecondsSince1970: chance(50) ? milliseconds / 1000 * 1000 : milliseconds)
    }
}
