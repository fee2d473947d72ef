import RapportCore
public import RapportJSON

/// A JSON Schema (draft 2020-12) of one request line: a request object or a batch array of
/// them, each method's `params` checked against that method's schema. `rapport schema` prints it
/// so that an editor validates a `.ndjson` script of requests line by line.
public enum RequestLineSchema {
    /// The schema for every method of `registry`.
    public static func make(registry: MethodRegistry, version: String) -> JSONValue {
        let descriptors = registry.descriptors
        let perMethod: [JSONValue] = descriptors.map { descriptor in
            [
                "if": ["properties": ["method": ["const": .string(descriptor.name)]], "required": ["method"]],
                "then": ["properties": ["params": descriptor.paramsSchema]],
            ]
        }
        let request: JSONValue = [
            "type": "object",
            "description": "One JSON-RPC 2.0 request; without an id it is a notification and gets no reply.",
            "properties": [
                "jsonrpc": ["const": "2.0"],
                "id": ["type": ["string", "integer", "number", "null"]],
                "method": [
                    "enum": .array(descriptors.map { .string($0.name) }),
                    "description": "A method of protocol.md.",
                ],
                "params": ["type": "object"],
            ],
            "required": ["jsonrpc", "method"],
            "additionalProperties": false,
            "allOf": .array(perMethod),
        ]
        return [
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": .string("https://rapport.invalid/schema/\(version)/request-line.json"),
            "title": "A Rapport request line",
            "description": "One line of newline-delimited JSON-RPC 2.0 to Rapport: a request, or a batch array of requests.",
            "$defs": ["request": request],
            "anyOf": [
                ["$ref": "#/$defs/request"],
                ["type": "array", "minItems": 1, "items": ["$ref": "#/$defs/request"]],
            ],
        ]
    }
}
