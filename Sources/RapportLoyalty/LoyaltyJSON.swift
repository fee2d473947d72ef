import RapportCore
public import RapportJSON

// The ledger's busiest results (`loyalty.balance`, `loyalty.redeem`, every entry of a history)
// built directly, skipping the Encoder machinery. `LoyaltyJSONTests` checks they equal `encode(to:)`.

extension LedgerEntry: JSONValueConvertible {
    /// The entry as a JSON object, every key present (`null` for absent values), equal to what `encode(to:)` writes.
    public var jsonValue: JSONValue {
        var object = JSONObject()
        object.reserveCapacity(11)
        object.append(key: "id", value: .string(id))
        object.append(key: "customerId", value: .string(customerId))
        object.append(key: "kind", value: .string(kind.rawValue))
        object.append(key: "points", value: .int(points))
        object.append(key: "at", value: at.jsonValue)
        object.append(key: "availableAt", value: availableAt?.jsonValue ?? .null)
        object.append(key: "expiresAt", value: expiresAt?.jsonValue ?? .null)
        object.append(key: "orderId", value: orderId.map(JSONValue.string) ?? .null)
        object.append(key: "reason", value: reason.map(JSONValue.string) ?? .null)
        object.append(key: "reference", value: reference.map(JSONValue.string) ?? .null)
        object.append(key: "actor", value: .string(actor))
        return .object(object)
    }
}

extension PointsBalance: JSONValueConvertible {
    /// The balance as a JSON object, equal to what `encode(to:)` writes.
    public var jsonValue: JSONValue {
        var object = JSONObject()
        object.reserveCapacity(10)
        object.append(key: "customerId", value: .string(customerId))
        object.append(key: "available", value: .int(available))
        object.append(key: "pending", value: .int(pending))
        object.append(key: "debt", value: .int(debt))
        object.append(key: "balance", value: .int(balance))
        object.append(key: "lifetimeEarned", value: .int(lifetimeEarned))
        object.append(key: "lifetimeRedeemed", value: .int(lifetimeRedeemed))
        object.append(key: "lifetimeExpired", value: .int(lifetimeExpired))
        object.append(
            key: "expiringSoon",
            value: .array(
                expiringSoon.map { soon in
                    var entry = JSONObject()
                    entry.append(key: "points", value: .int(soon.points))
                    entry.append(key: "at", value: soon.at.jsonValue)
                    return .object(entry)
                }))
        object.append(key: "at", value: at.jsonValue)
        return .object(object)
    }
}

extension LoyaltyRedeem.Result: JSONValueConvertible {
    /// The result as a JSON object, `{entry, discount, available}`, equal to what `encode(to:)` writes.
    public var jsonValue: JSONValue {
        var object = JSONObject()
        object.append(key: "entry", value: entry.jsonValue)
        object.append(key: "discount", value: discount.jsonValue)
        object.append(key: "available", value: .int(available))
        return .object(object)
    }
}
