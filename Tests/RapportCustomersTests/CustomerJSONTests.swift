import RapportCore
import RapportJSON
import Testing

@testable import RapportCustomers

/// The hand-built JSON of the busiest results must equal what Codable produces.
@Suite struct CustomerJSONTests {
    struct Through<Value: Encodable>: Encodable {
        var value: Value
        func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
    }

    @Test(arguments: [false, true])
    func directJSONEqualsCodable(full: Bool) throws {
        let at = Timestamp(millisecondsSince1970: 1_772_359_200_250)
        let customer = Customer(
            id: "cus_1", externalId: full ? "x" : nil, name: full ? "Anna" : nil, email: full ? "a@b.co" : nil, phone: nil,
            birthday: full ? "--03-14" : nil, locale: nil, tags: full ? ["a", "b"] : [], attributes: full ? ["k": [1, "two"]] : [:],
            consent: Consent(email: full ? ConsentState(granted: true, at: at) : nil), source: "ad", createdAt: at, updatedAt: at,
            stats: Customer.Stats(
                orderCount: 2, totalSpent: Money(minorUnits: 300), averageCheck: Money(minorUnits: 150),
                firstOrderAt: full ? at : nil, lastOrderAt: nil),
            erasedAt: nil, mergedInto: full ? "cus_2" : nil)
        // Encoding through a wrapper bypasses the shortcut and runs the synthesized encode(to:).
        let viaCodable = try JSONValueEncoder().encode(Through(value: customer))
        #expect(customer.jsonValue == viaCodable)
        #expect(try JSONValueEncoder().encode(customer) == viaCodable)
        #expect(try JSONValueDecoder().decode(Customer.self, from: customer.jsonValue) == customer)
    }
}
