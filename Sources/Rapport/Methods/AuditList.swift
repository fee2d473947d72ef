public import RapportCore
public import RapportJSON
public import RapportRPC
public import RapportStorage

/// `audit.list`: who changed what, from the audit log every mutation writes.
public enum AuditList: RPCMethod {
    /// The method's wire name.
    public static let name = "audit.list"
    /// The method's one-line summary for protocol.md and `rpc.discover`.
    public static let summary = "Lists the audit log, newest first: who ran which mutation on which record, and when."
    /// What an entry records and how filters and paging work, for protocol.md.
    public static let discussion = """
        Every committed mutation leaves one entry: the connection identity (`stdio`, `uid:… pid:…` for a socket \
        client, or an embedding program's name), the method, the id of the record it changed and the \
        idempotency key it carried. Dry runs and refused requests leave none. Filters combine; `from` is \
        inclusive and `to` exclusive. Pass `nextCursor` back as `cursor` for the next page.
        """
    /// Only `invalid_params`, for a bad filter, limit or cursor.
    public static let errors: [RapportError.Reason] = [.invalidParams]

    /// The params of `audit.list`: optional filters, which combine, and paging.
    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// Only entries at or after this time; nil for no lower bound.
        public var from: Timestamp?
        /// Only entries before this time; nil for no upper bound.
        public var to: Timestamp?
        /// Only entries of this exact connection identity (`stdio`, `uid:501 pid:8812`); nil for any.
        public var actor: String?
        /// Only entries of this method's wire name (`loyalty.adjust`); nil for any.
        public var method: String?
        /// Only entries that changed this record (`cus_…`, `led_…`); nil for any.
        public var targetId: String?
        /// Entries per page, 1 to 1000; nil for 50.
        public var limit: Int?
        /// The previous page's `nextCursor`; nil for the first page.
        public var cursor: String?

        /// Creates params.
        public init(
            from: Timestamp? = nil, to: Timestamp? = nil, actor: String? = nil, method: String? = nil,
            targetId: String? = nil, limit: Int? = nil, cursor: String? = nil
        ) {
            self.from = from
            self.to = to
            self.actor = actor
            self.method = method
            self.targetId = targetId
            self.limit = limit
            self.cursor = cursor
        }

        /// The params' fields, described for protocol.md and `rpc.discover`.
        public static let fieldDescriptions = [
            "from": "Only entries at or after this time.",
            "to": "Only entries before this time.",
            "actor": "Only entries of this connection identity, exactly as listed (`stdio`, `uid:501 pid:8812`).",
            "method": "Only entries of this method (`loyalty.adjust`).",
            "targetId": "Only entries that changed this record (`cus_…`, `led_…`).",
            "limit": "Entries per page, 1 to 1000; default 50.",
            "cursor": "The `nextCursor` of the previous page.",
        ]
    }

    /// A page of audit entries, newest first.
    public typealias Result = Page<AuditEntry>

    /// Finding who adjusted points by hand, for protocol.md.
    public static var examples: [MethodExample<Self>] {
        [
            MethodExample(
                "Who adjusted points by hand", params: Params(method: "loyalty.adjust", limit: 1),
                result: Page(
                    items: [
                        AuditEntry(
                            id: 4182, at: Timestamp(millisecondsSince1970: 1_772_359_200_000), actor: "uid:1000 pid:4242",
                            method: "loyalty.adjust", targetId: "led_01JD3Q8ZK5W7T4M2X9B6R1N0HC", idempotencyKey: "support-77")
                    ],
                    nextCursor: "id:4182"))
        ]
    }
}

extension AuditEntry: JSONSchemaDocumented {
    /// The audit entry's fields, described for protocol.md and `rpc.discover`.
    public static let fieldDescriptions = [
        "id": "The entry's number; later entries have larger ones.",
        "at": "When the mutation ran: the time its request was served (a back-dated `at` is in the record it changed).",
        "actor": "Who asked: `stdio`, `uid:… pid:…` for a socket client, or an embedding program's name.",
        "method": "The method.",
        "targetId": "The id of the record it changed; null when it names none.",
        "idempotencyKey": "The idempotencyKey it was sent with; null if none.",
    ]
}
