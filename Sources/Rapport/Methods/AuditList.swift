public import RapportCore
public import RapportJSON
public import RapportRPC
public import RapportStorage

/// `audit.list`: who changed what, from the audit log every mutation writes.
public enum AuditList: RPCMethod {
    public static let name = "audit.list"
    public static let summary = "Lists the audit log, newest first: who ran which mutation on which record, and when."
    public static let discussion = """
        Every committed mutation leaves one entry: the connection identity (`stdio`, `uid:… pid:…` for a socket \
        client, or an embedding program's name), the method, the id of the record it changed and the \
        idempotency key it carried. Dry runs and refused requests leave none. Filters combine; `from` is \
        inclusive and `to` exclusive. Pass `nextCursor` back as `cursor` for the next page.
        """
    public static let errors: [RapportError.Reason] = [.invalidParams]

    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        public var from: Timestamp?
        public var to: Timestamp?
        public var actor: String?
        public var method: String?
        public var targetId: String?
        public var limit: Int?
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

    public typealias Result = Page<AuditEntry>

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
    public static let fieldDescriptions = [
        "id": "The entry's number; later entries have larger ones.",
        "at": "When the mutation ran: the time its request was served (a back-dated `at` is in the record it changed).",
        "actor": "Who asked: `stdio`, `uid:… pid:…` for a socket client, or an embedding program's name.",
        "method": "The method.",
        "targetId": "The id of the record it changed; null when it names none.",
        "idempotencyKey": "The idempotencyKey it was sent with; null if none.",
    ]
}
