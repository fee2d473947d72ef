public import RapportCore
public import RapportJSON
public import RapportRPC
public import RapportStorage

/// `customers.list`: customers page by page, oldest first, optionally filtered.
public enum CustomersList: RPCMethod {
    /// The method's wire name.
    public static let name = "customers.list"
    /// The method's line for protocol.md.
    public static let summary = "Lists customers in creation order, filtered by tag, source, creation range or segment; paginated."
    /// The method's further paragraph for protocol.md: erased customers listed, merged ones not; paging with `cursor`.
    public static let discussion =
        "Erased customers are listed (without personal data); merged duplicates are not. Pass `nextCursor` back as `cursor` for the next page."
    /// Answers `not_found` for an unknown `segmentId`.
    public static let errors: [RapportError.Reason] = [.notFound]
    /// One page of customers in id (creation) order, with `nextCursor` when more follow.
    public typealias Result = Page<Customer>

    /// A customers.list params value: every filter optional, and all the given ones must hold.
    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// Only customers with this tag; nil for any.
        public var tag: String?
        /// Only customers from this source; nil for any.
        public var source: String?
        /// Only customers created at or after this time; nil for no lower bound.
        public var createdFrom: Timestamp?
        /// Only customers created before this time; nil for no upper bound.
        public var createdTo: Timestamp?
        /// Only customers the segment with this id picks now (`seg_…`); nil for any.
        public var segmentId: String?
        /// Page size, 1–1000; nil means 50.
        public var limit: Int?
        /// `nextCursor` of the previous page; nil for the first page.
        public var cursor: String?

        /// Params with the given filters; every one defaults to nil.
        public init(
            tag: String? = nil, source: String? = nil, createdFrom: Timestamp? = nil, createdTo: Timestamp? = nil,
            segmentId: String? = nil, limit: Int? = nil, cursor: String? = nil
        ) {
            self.tag = tag
            self.source = source
            self.createdFrom = createdFrom
            self.createdTo = createdTo
            self.segmentId = segmentId
            self.limit = limit
            self.cursor = cursor
        }

        /// Descriptions of the fields for protocol.md, keyed by JSON name.
        public static let fieldDescriptions = [
            "tag": "Only customers with this tag.",
            "source": "Only customers from this source.",
            "createdFrom": "Only customers created at or after this time.",
            "createdTo": "Only customers created before this time.",
            "segmentId": "Only members of this segment.",
            "limit": "Page size, 1–1000, default 50.",
            "cursor": "`nextCursor` of the previous page.",
        ]
    }
}

/// `customers.search`: find customers by part of a name, email, phone or external id.
public enum CustomersSearch: RPCMethod {
    /// The method's wire name.
    public static let name = "customers.search"
    /// The method's line for protocol.md.
    public static let summary = "Finds customers whose name, email, phone or externalId contains the query (at least 3 characters)."
    /// The method's further paragraph for protocol.md: case-insensitive trigram match, newest first, phone digits.
    public static let discussion =
        "Case-insensitive substring match through a trigram index; results newest first (by creation). Phone digits match with or without formatting."

    /// A customers.search params value: the query and an optional page size.
    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// Text of at least 3 characters (after trimming) found anywhere in name, email, phone or externalId.
        public var query: String
        /// At most this many results, 1–100; nil means 20.
        public var limit: Int?

        /// Params searching for `query`, with at most `limit` results.
        public init(query: String, limit: Int? = nil) {
            self.query = query
            self.limit = limit
        }

        /// Descriptions of the fields for protocol.md, keyed by JSON name.
        public static let fieldDescriptions = [
            "query": "At least 3 characters found anywhere in name, email, phone or externalId.",
            "limit": "At most this many, 1–100, default 20.",
        ]
    }

    /// The customers.search result: one list, no cursor.
    public struct Result: Codable, Sendable, Hashable {
        /// The matching customers, newest first; erased and merged ones are never found.
        public var items: [Customer]
    }
}

/// `customers.timeline`: everything that happened with a customer, newest first.
public enum CustomersTimeline: RPCMethod {
    /// The method's wire name.
    public static let name = "customers.timeline"
    /// The method's line for protocol.md.
    public static let summary =
        "Everything that happened with a customer, newest first: orders, refunds, interactions, cart changes and entries of other modules."
    /// Answers `not_found` for an unknown customer id.
    public static let errors: [RapportError.Reason] = [.notFound]
    /// The customer's id, a page size and the cursor of the previous page.
    public typealias Params = PageOfRecord
    /// One page of entries, newest first, with `nextCursor` when older ones follow.
    public typealias Result = Page<TimelineEntry>
}

/// One thing that happened with a customer.
public struct TimelineEntry: Codable, Sendable, Hashable, JSONSchemaDocumented {
    /// When it happened.
    public var at: Timestamp
    /// What it is: `order`, `refund`, `interaction`, `cart`, or a kind another module adds.
    public var kind: String
    /// The id of the record.
    public var id: String
    /// One line for a human.
    public var summary: String
    /// The record itself.
    public var data: JSONValue

    /// An entry of `kind` for record `id`, at `at`, with a one-line `summary` and the record as `data`.
    public init(at: Timestamp, kind: String, id: String, summary: String, data: JSONValue) {
        self.at = at
        self.kind = kind
        self.id = id
        self.summary = summary
        self.data = data
    }

    /// Descriptions of the fields for protocol.md, keyed by JSON name.
    public static let fieldDescriptions = [
        "at": "When it happened.",
        "kind": "order, refund, interaction, cart, or a kind another module adds.",
        "id": "The record's id.",
        "summary": "One line for a human.",
        "data": "The record itself.",
    ]
}

/// `customers.export`: every record held on one person.
public enum CustomersExport: RPCMethod {
    /// The method's wire name.
    public static let name = "customers.export"
    /// The method's line for protocol.md.
    public static let summary = "Every record held on one person, machine-readable (for a data-access request)."
    /// Answers `not_found` for an unknown customer id.
    public static let errors: [RapportError.Reason] = [.notFound]

    /// A customers.export params value: the customer whose records to export.
    public struct Params: Codable, Sendable, Hashable {
        /// The customer's id, `cus_…`; erased and merged customers can be exported too.
        public var id: String
        /// Params exporting customer `id`.
        public init(id: String) { self.id = id }
    }

    /// Every record held on the customer, each list oldest first.
    public struct Result: Codable, Sendable, Hashable {
        /// The customer's profile.
        public var customer: Customer
        /// Every order of the customer, oldest first.
        public var orders: [Order]
        /// Every refund of the customer's orders, oldest first.
        public var refunds: [Refund]
        /// Every logged interaction, oldest first.
        public var interactions: [Interaction]
        /// The current cart; nil when there is none (or it was cleared).
        public var cart: Cart?
        /// Every change of the cart, oldest first; a clearing has no items.
        public var cartHistory: [Cart]
        /// The names of the segments that pick the customer now.
        public var segments: [String]
        /// When and by whom the personal data was erased; nil if it never was.
        public var erasure: Erasure?
        /// Records other modules hold, by module name.
        public var modules: JSONObject
    }

    /// When and by whom personal data was erased.
    public struct Erasure: Codable, Sendable, Hashable {
        /// When the erasure happened.
        public var at: Timestamp
        /// Who erased it: the connection identity (`stdio`, `uid:501 pid:8812`).
        public var actor: String
    }
}

/// `customers.erase`: replace a person's personal data with tombstones.
public enum CustomersErase: RPCMethod {
    /// The method's wire name.
    public static let name = "customers.erase"
    /// The method's line for protocol.md.
    public static let summary = "Erases a customer's personal data; amounts and dates of orders stay for aggregate metrics."
    /// The method's further paragraphs for protocol.md: what is replaced, what stays, idempotency.
    public static let discussion = """
        Name, email, phone, birthday, locale, attributes, externalId and the text of interactions are \
        replaced by tombstones in one transaction and the erasure is recorded. The customer can no longer \
        be found by email, phone or search. Idempotent: erasing twice answers the first erasure. Raises \
        `customer.erased`.
        """
    /// Mutating: it erases a customer's personal data.
    public static let isMutating = true
    /// Answers `not_found` for an unknown customer id.
    public static let errors: [RapportError.Reason] = [.notFound]

    /// A customers.erase params value: the customer to erase.
    public struct Params: Codable, Sendable, Hashable {
        /// The id of the customer to erase, `cus_…`.
        public var id: String
        /// Params erasing customer `id`.
        public init(id: String) { self.id = id }
    }

    /// The erased customer and when.
    public struct Result: Codable, Sendable, Hashable {
        /// The erased customer's id, `cus_…`.
        public var customerId: String
        /// When the data was erased; the first erasure's time when it already was.
        public var erasedAt: Timestamp
    }

    /// The audit target: the erased customer's id.
    public static func auditTarget(params: Params, result: Result) -> String? { params.id }
}

/// `customers.merge`: fold a duplicate into the customer that stays.
public enum CustomersMerge: RPCMethod {
    /// The method's wire name.
    public static let name = "customers.merge"
    /// The method's line for protocol.md.
    public static let summary =
        "Merges duplicate `from` into `into`: orders, refunds, interactions and carts move; other modules move theirs on `customer.merged`."
    /// The method's further paragraphs for protocol.md: filled-in fields, united tags, recomputed totals, the tombstone left.
    public static let discussion = """
        Fields `into` lacks are filled from `from`; tags are united; `into`'s order totals are recomputed. \
        `from` stays as a tombstone with `mergedInto` set, so its id still resolves to the right person.
        """
    /// Mutating: it moves a duplicate's records and marks it merged.
    public static let isMutating = true
    /// Answers `not_found` for an unknown id, `not_allowed` for a customer merged into itself or already erased or merged.
    public static let errors: [RapportError.Reason] = [.notFound, .notAllowed]
    /// The surviving customer `into` after the merge, with its recomputed order totals.
    public typealias Result = Customer

    /// A customers.merge params value: the customer that stays and the duplicate.
    public struct Params: Codable, Sendable, Hashable {
        /// The id of the customer that stays, `cus_…`.
        public var into: String
        /// The id of the duplicate folded into `into`, `cus_…`.
        public var from: String
        /// Params merging `from` into `into`.
        public init(into: String, from: String) {
            self.into = into
            self.from = from
        }
    }

    /// The audit target: the surviving customer's id.
    public static func auditTarget(params: Params, result: Customer) -> String? { params.into }
}
