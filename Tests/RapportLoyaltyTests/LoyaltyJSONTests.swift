import RapportCore
import RapportJSON
import RapportLoyalty
import Testing

/// The hand-built JSON of the ledger's busiest results must equal what Codable produces.
@Suite struct LoyaltyJSONTests {
    struct Through<Value: Encodable>: Encodable {
        var value: Value
        func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
    }

    private func expectDirectEqualsCodable<Value: JSONValueConvertible & Decodable & Equatable>(_ value: Value) throws {
        // Encoding through a wrapper bypasses the shortcut and runs the synthesized encode(to:).
        let viaCodable = try JSONValueEncoder().encode(Through(value: value))
        #expect(value.jsonValue == viaCodable)
        #expect(try JSONValueDecoder().decode(Value.self, from: value.jsonValue) == value)
    }

    @Test(arguments: [false, true])
    func directJSONEqualsCodable(full: Bool) throws {
        let at = Timestamp(millisecondsSince1970: 1_772_359_200_250)
        let entry = LedgerEntry(
            id: "led_1", customerId: "cus_1", kind: full ? .earn : .redeem, points: full ? 75 : -30, at: at,
            availableAt: full ? at.adding(days: 14) : nil, expiresAt: full ? at.adding(days: 365) : nil, orderId: full ? "ord_1" : nil,
            reason: full ? "order web-1" : nil, reference: full ? "ref_1" : nil, actor: "stdio")
        try expectDirectEqualsCodable(entry)
        try expectDirectEqualsCodable(
            PointsBalance(
                customerId: "cus_1", available: full ? -5 : 120, pending: 3, debt: full ? 5 : 0, balance: 118, lifetimeEarned: 200,
                lifetimeRedeemed: 80, lifetimeExpired: 2, expiringSoon: full ? [.init(points: 40, at: at)] : [], at: at))
        try expectDirectEqualsCodable(LoyaltyRedeem.Result(entry: entry, discount: Money(minorUnits: 3_000), available: 45))
    }
}
