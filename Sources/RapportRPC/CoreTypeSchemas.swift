public import RapportCore
public import RapportJSON

extension Money: JSONSchemaDescribing {
    public static var jsonSchema: JSONValue {
        ["type": "integer", "description": "Money in minor units (cents, kopecks) of the store's currency."]
    }
}

extension Timestamp: JSONSchemaDescribing {
    public static var jsonSchema: JSONValue {
        ["type": "string", "format": "date-time"]
    }
}
