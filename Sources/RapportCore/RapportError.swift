/// The one error type a Rapport operation throws on purpose.
///
/// Every error carries a stable machine-readable ``Reason`` that clients branch on, a sentence for
/// a human, and — when one field of the request is to blame — that field's path. The protocol layer
/// maps the reason to a JSON-RPC error code and never leaks anything else: any other error that
/// escapes a method becomes an `internal` error without details.
///
/// ```swift
/// throw RapportError(.notFound, "no customer with id cus_01J…", field: "id")
/// ```
public struct RapportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Why a request failed, as a stable `snake_case` string.
    public var reason: Reason
    /// One sentence for a human.
    public var message: String
    /// The path of the offending field of the request (`items[2].sku`), when there is one.
    public var field: String?
    /// Extra facts a client can act on, such as `existingId` for a `conflict`.
    public var details: [String: Detail]

    /// Creates an error.
    public init(_ reason: Reason, _ message: String, field: String? = nil, details: [String: Detail] = [:]) {
        self.reason = reason
        self.message = message
        self.field = field
        self.details = details
    }

    /// `reason: message`, followed by ` (field …)` when a field is to blame; for logs.
    public var description: String {
        var text = "\(reason.rawValue): \(message)"
        if let field { text += " (field \(field))" }
        return text
    }
}

extension RapportError {
    /// A fact attached to an error: a string or an integer.
    public enum Detail: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
        /// A string fact, such as an existing record's id.
        case string(String)
        /// An integer fact, such as a limit's maximum.
        case integer(Int64)

        /// A ``string(_:)`` detail from a string literal.
        public init(stringLiteral value: String) { self = .string(value) }
        /// An ``integer(_:)`` detail from an integer literal.
        public init(integerLiteral value: Int64) { self = .integer(value) }
    }

    /// A stable, documented reason for an error.
    ///
    /// Reasons are open-ended so that modules can add their own, but every reason a module can
    /// return is listed in ``Reason/catalog`` so that protocol.md documents it.
    public struct Reason: RawRepresentable, Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
        /// The reason as sent on the wire, in `snake_case` (`not_found`).
        public var rawValue: String

        /// The reason whose wire string is `rawValue`.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The reason whose wire string is the literal.
        public init(stringLiteral value: String) { self.rawValue = value }
        /// The wire string, ``rawValue``.
        public var description: String { rawValue }

        /// The line is not valid JSON (JSON-RPC -32700).
        public static let parseError: Reason = "parse_error"
        /// The JSON is not a valid JSON-RPC request object (JSON-RPC -32600).
        public static let invalidRequest: Reason = "invalid_request"
        /// No method of that name exists (JSON-RPC -32601).
        public static let methodNotFound: Reason = "method_not_found"
        /// The request's params are malformed or fail validation; `field` names the culprit.
        public static let invalidParams: Reason = "invalid_params"
        /// The record the request refers to does not exist.
        public static let notFound: Reason = "not_found"
        /// The request contradicts existing state: a duplicate natural key, or an idempotency key reused with other params.
        public static let conflict: Reason = "conflict"
        /// The server or connection only reads; mutating methods are refused.
        public static let readOnly: Reason = "read_only"
        /// A configured limit was exceeded (line length, batch size, nesting, string length, connections).
        public static let limitExceeded: Reason = "limit_exceeded"
        /// The server cannot take the request now (shutting down, storage unavailable); retrying later may work.
        public static let unavailable: Reason = "unavailable"
        /// A balance does not cover the request.
        public static let insufficientPoints: Reason = "insufficient_points"
        /// The thing referred to is past its validity.
        public static let expired: Reason = "expired"
        /// A single-use thing was already used.
        public static let alreadyRedeemed: Reason = "already_redeemed"
        /// The request is well-formed but not allowed by a business rule.
        public static let notAllowed: Reason = "not_allowed"
        /// An unexpected failure inside the server; details are logged, not returned.
        public static let `internal`: Reason = "internal"

        /// Every reason with the sentence that documents it, in the order protocol.md lists them.
        public static let catalog: [(reason: Reason, meaning: String)] = [
            (.parseError, "The line is not valid JSON (bad syntax or invalid UTF-8); answered with `id: null`."),
            (.invalidRequest, "The JSON is not a valid JSON-RPC 2.0 request object, or a batch is empty."),
            (.methodNotFound, "No method has that name; `rpc.discover` lists them."),
            (.invalidParams, "The params are malformed or fail validation; `data.field` names the culprit."),
            (.notFound, "The record the request refers to does not exist."),
            (
                .conflict,
                "The request contradicts existing state: a duplicate natural key (`data.existingId` names the holder) or an idempotency key reused with other params."
            ),
            (.readOnly, "The server was started with `--read-only`; mutating methods are refused."),
            (.limitExceeded, "A configured limit was exceeded; `data.limit` names it and `data.max` gives its value."),
            (.unavailable, "The server cannot take the request now (shutting down, storage unavailable); retry later."),
            (.insufficientPoints, "The points balance does not cover the request."),
            (.expired, "The coupon, offer or points are past their validity."),
            (.alreadyRedeemed, "A single-use item was already used."),
            (.notAllowed, "The request is well-formed but a business rule forbids it; the message says which."),
            (.internal, "An unexpected failure inside the server; the details are in the server's log, not in the response."),
        ]
    }
}

extension RapportError {
    /// An `invalid_params` error about one field.
    public static func invalid(_ field: String, _ message: String) -> RapportError {
        RapportError(.invalidParams, message, field: field)
    }

    /// A `not_found` error about the record named by `field`.
    public static func notFound(_ what: String, _ id: String, field: String) -> RapportError {
        RapportError(.notFound, "no \(what) with \(field) \(id)", field: field)
    }
}
