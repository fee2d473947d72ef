public import RapportCore
public import RapportJSON

extension Money: JSONSchemaDescribing {
    /// An integer of minor units of the store's currency, with that description.
    public static var jsonSchema: JSONValue {
        ["type": "integer", "description": "Money in minor units (cents, kopecks) of the store's currency."]
    }
}

extension Timestamp: JSONSchemaDescribing {
    /// An RFC 3339 string: `{"type":"string","format":"date-time"}`.
    public static var jsonSchema: JSONValue {
        ["type": "string", "format": "date-time"]
    }
}
