import RapportCore
import RapportJSON

/// A validated JSON-RPC 2.0 request object.
struct Request: Sendable {
    /// The id to echo; nil for a notification.
    var id: JSONValue?
    var method: String
    var params: JSONValue?

    /// Why a request object was refused, with the id to answer with (null when it could not be read).
    struct Failure: Error {
        var id: JSONValue
        var error: RapportError
    }

    /// Checks a request object against the specification, strictly: `jsonrpc` exactly `"2.0"`,
    /// a string `method`, `id` a string, number or null, `params` an object or array, and no
    /// other members.
    static func validate(_ value: JSONValue) -> Result<Request, Failure> {
        guard case .object(let object) = value else {
            return .failure(Failure(id: .null, error: RapportError(.invalidRequest, "a request must be a JSON object")))
        }
        var id: JSONValue?
        var idIsValid = true
        if let rawID = object["id"] {
            switch rawID {
            case .string, .int, .bigInteger, .double, .null: id = rawID
            default: idIsValid = false
            }
        }
        func refuse(_ message: String, field: String? = nil) -> Result<Request, Failure> {
            .failure(Failure(id: idIsValid ? id ?? .null : .null, error: RapportError(.invalidRequest, message, field: field)))
        }
        guard idIsValid else { return refuse("id must be a string, a number or null", field: "id") }
        var membersSeen: UInt8 = 0
        for key in object.keys {
            let bit: UInt8
            switch key {
            case "jsonrpc": bit = 1
            case "id": bit = 2
            case "method": bit = 4
            case "params": bit = 8
            default: return refuse("unknown member \"\(key)\"; a request has jsonrpc, id, method and params", field: key)
            }
            guard membersSeen & bit == 0 else { return refuse("member \"\(key)\" appears twice", field: key) }
            membersSeen |= bit
        }
        guard case .string("2.0")? = object["jsonrpc"] else {
            return refuse(#"jsonrpc must be exactly "2.0""#, field: "jsonrpc")
        }
        guard case .string(let method)? = object["method"] else {
            return refuse("method must be a string", field: "method")
        }
        let params = object["params"]
        switch params {
        case nil, .object?, .array?: break
        default: return refuse("params must be an object or an array", field: "params")
        }
        return .success(Request(id: id, method: method, params: params))
    }
}
