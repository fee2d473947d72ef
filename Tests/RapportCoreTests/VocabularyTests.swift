import RapportCore
import Testing

@Suite struct MoneyTests {
    @Test func addsAndSubtractsMinorUnits() throws {
        let price = Money(minorUnits: 123_450)
        #expect(try price.adding(Money(minorUnits: 50)).minorUnits == 123_500)
        #expect(try price.subtracting(Money(minorUnits: 200_000)).minorUnits == -76_550)
    }

    @Test func overflowIsAnErrorNotATrap() {
        #expect(throws: RapportError.self) { try Money(minorUnits: .max).adding(Money(minorUnits: 1)) }
        #expect(throws: RapportError.self) { try Money(minorUnits: .min).subtracting(Money(minorUnits: 1)) }
    }

    @Test(arguments: [(Int64(123_450), "1234.50"), (Int64(5), "0.05"), (Int64(-1999), "-19.99"), (Int64(0), "0.00")])
    func describesWithTwoDecimals(minorUnits: Int64, text: String) {
        #expect(Money(minorUnits: minorUnits).description == text)
    }
}

@Suite struct IdentifierTests {
    @Test func hasPrefixAndTwentySixCrockfordCharacters() {
        let id = Identifier.make("cus", at: Timestamp(millisecondsSince1970: 1_772_359_200_000))
        #expect(id.hasPrefix("cus_"))
        #expect(id.count == 30)
        #expect(Identifier.isValid(id, prefix: "cus"))
        #expect(!Identifier.isValid(id, prefix: "ord"))
        #expect(!Identifier.isValid("cus_01JD3Q8ZK5W7T4M2X9B6R1N0HU", prefix: "cus"))  // U is not Crockford
    }

    @Test func laterIdentifiersSortLater() {
        var previous = ""
        for millisecond in stride(from: Int64(0), to: 1_772_359_200_000, by: 17_000_000_003) {
            let id = Identifier.make("ord", at: Timestamp(millisecondsSince1970: millisecond))
            #expect(id > previous)
            previous = id
        }
    }

    @Test func aSourceIsMonotonicWithinOneMillisecond() {
        for source in [IdentifierSource(), IdentifierSource(seed: 7)] {
            let time = Timestamp(millisecondsSince1970: 1_772_359_200_000)
            let ids = (0..<1_000).map { _ in source.make("led", at: time) }
            #expect(ids == ids.sorted() && Set(ids).count == ids.count)
            #expect(ids.allSatisfy { Identifier.isValid($0, prefix: "led") && $0.dropFirst(4).prefix(10) == ids[0].dropFirst(4).prefix(10) })
            // Another millisecond, even an earlier one, starts from a fresh random part.
            #expect(source.make("led", at: Timestamp(millisecondsSince1970: 1)) < ids[0])
        }
        #expect(
            IdentifierSource(seed: 3).make("x", at: .init(millisecondsSince1970: 5))
                == IdentifierSource(seed: 3).make("x", at: .init(millisecondsSince1970: 5)))
    }

    @Test func encodesTheTimeInTheFirstTenCharacters() {
        // ULID of 1970-01-01T00:00:00.001Z starts with 000000000 1.
        let id = Identifier.make("x", at: Timestamp(millisecondsSince1970: 1))
        #expect(id.dropFirst(2).prefix(10) == "0000000001")
    }

    @Test func deterministicWithASeededGenerator() {
        var first = SplitMix64(state: 42)
        var second = SplitMix64(state: 42)
        let time = Timestamp(millisecondsSince1970: 1_772_359_200_000)
        #expect(Identifier.make("cus", at: time, using: &first) == Identifier.make("cus", at: time, using: &second))
    }

    @Test func uniqueInTheSameMillisecond() {
        let time = Timestamp(millisecondsSince1970: 1_772_359_200_000)
        let ids = Set((0..<10_000).map { _ in Identifier.make("cus", at: time) })
        #expect(ids.count == 10_000)
    }
}

@Suite struct RapportErrorTests {
    @Test func everyReasonIsDocumentedOnce() {
        let reasons = RapportError.Reason.catalog.map(\.reason.rawValue)
        #expect(Set(reasons).count == reasons.count)
        for reason in [RapportError.Reason.notFound, .conflict, .readOnly, .limitExceeded, .invalidParams, .internal] {
            #expect(reasons.contains(reason.rawValue))
        }
    }

    @Test func describesReasonMessageAndField() {
        let error = RapportError.invalid("email", "not an email address")
        #expect(error.description == "invalid_params: not an email address (field email)")
    }
}
