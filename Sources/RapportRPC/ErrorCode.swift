public import RapportCore
public import RapportJSON

/// The JSON-RPC error codes Rapport answers with, and how a ``RapportError`` maps onto them.
public enum ErrorCode {
    /// Invalid JSON.
    public static let parseError = -32700
    /// Not a valid request object.
    public static let invalidRequest = -32600
    /// No such method.
    public static let methodNotFound = -32601
    /// Invalid params.
    public static let invalidParams = -32602
    /// Internal error.
    public static let internalError = -32603
    /// An application error; `data.reason` says which.
    public static let applicationError = -32000
    /// A configured limit was exceeded.
    public static let limitExceeded = -32001
    /// The server cannot take the request now.
    public static let unavailable = -32002

    /// Each code with its message and meaning, for protocol.md.
    public static let catalog: [(code: Int, message: String, meaning: String)] = [
        (parseError, "Parse error", "The line is not valid JSON. `id` is null."),
        (
            invalidRequest, "Invalid Request",
            "The JSON is not a valid request object (wrong `jsonrpc`, missing `method`, unknown member, bad `id` type, empty batch)."
        ),
        (methodNotFound, "Method not found", "No method has that name."),
        (
            invalidParams, "Invalid params",
            "The params do not match the method: unknown, missing or mistyped field, or a value that fails validation. `data.field` names it."
        ),
        (internalError, "Internal error", "An unexpected failure; the server keeps serving and logs the details."),
        (applicationError, "Application error", "The request was understood and refused by a business rule; `data.reason` says which."),
        (limitExceeded, "Limit exceeded", "A configured limit was exceeded; `data.limit` and `data.max` say which."),
        (unavailable, "Unavailable", "The server cannot take the request now (shutting down); retry later."),
    ]

    /// The wire code for an error reason.
    public static func code(for reason: RapportError.Reason) -> Int {
        switch reason {
        case .parseError: parseError
        case .invalidRequest: invalidRequest
        case .methodNotFound: methodNotFound
        case .invalidParams: invalidParams
        case .internal: internalError
        case .limitExceeded: limitExceeded
        case .unavailable: unavailable
        default: applicationError
        }
    }

    /// The standard message for a code.
    public static func message(for code: Int) -> String {
        catalog.first { $0.code == code }?.message ?? "Application error"
    }
}

extension RapportError {
    /// The `error` member of a response: `{code, message, data: {reason, field?, …details}}`.
    public var wireObject: JSONValue {
        var data = JSONObject()
        data.append(key: "reason", value: .string(reason.rawValue))
        if let field { data.append(key: "field", value: .string(field)) }
        for (key, detail) in details.sorted(by: { $0.key < $1.key }) {
            switch detail {
            case .string(let text): data.append(key: key, value: .string(text))
            case .integer(let number): data.append(key: key, value: .int(number))
            }
        }
        var error = JSONObject()
        error.append(key: "code", value: .int(Int64(ErrorCode.code(for: reason))))
        error.append(key: "message", value: .string(message))
        error.append(key: "data", value: .object(data))
        return .object(error)
    }

    /// A `limit_exceeded` error naming the limit and its value.
    public static func limitExceeded(_ limit: String, max: Int, _ message: String) -> RapportError {
        RapportError(.limitExceeded, message, details: ["limit": .string(limit), "max": .integer(Int64(max))])
    }
}
