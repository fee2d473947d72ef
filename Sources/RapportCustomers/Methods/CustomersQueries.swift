public import RapportCore
public import RapportJSON
public import RapportRPC
public import RapportStorage

/// `customers.list`: customers page by page, oldest first, optionally filtered.
public enum CustomersList: RPCMethod {
    public static let name = "customers.list"
    public static let summary = "Lists customers in creation order, filtered by tag, source, creation range or segment; paginated."
    public static let discussion =
        "Erased customers are listed (without personal data); merged duplicates are not. Pass `nextCursor` back as `cursor` for the next page."
    public static let errors: [RapportError.Reason] = [.notFound]
    public typealias Result = Page<Customer>

    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        public var tag: String?
        public var source: String?
        public var createdFrom: Timestamp?
        public var createdTo: Timestamp?
        public var segmentId: String?
        public var limit: Int?
        public var cursor: String?

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
    public static let name = "customers.search"
    public static let summary = "Finds customers whose name, email, phone or externalId contains the query (at least 3 characters)."
    public static let discussion =
        "Case-insensitive substring match through a trigram index; results newest first (by creation). Phone digits match with or without formatting."

    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        public var query: String
        public var limit: Int?

        public init(query: String, limit: Int? = nil) {
            self.query = query
            self.limit = limit
        }

        public static let fieldDescriptions = [
            "query": "At least 3 characters found anywhere in name, email, phone or externalId.",
            "limit": "At most this many, 1–100, default 20.",
        ]
    }

    public struct Result: Codable, Sendable, Hashable {
        public var items: [Customer]
    }
}

/// `customers.timeline`: everything that happened with a customer, newest first.
public enum CustomersTimeline: RPCMethod {
    public static let name = "customers.timeline"
    public static let summary =
        "Everything that happened with a customer, newest first: orders, refunds, interactions, cart changes and entries of other modules."
    public static let errors: [RapportError.Reason] = [.notFound]
    public typealias Params = PageOfRecord
    public typealias Result = Page<TimelineEntry>
}

/// One thing that happened with a customer.
public struct TimelineEntry: Codable, Sendable, Hashable, JSONSchemaDocumented {
    public var at: Timestamp
    /// What it is: `order`, `refund`, `interaction`, `cart`, or a kind another module adds.
    public var kind: String
    /// The id of the record.
    public var id: String
    /// One line for a human.
    public var summary: String
    /// The record itself.
    public var data: JSONValue

    public init(at: Timestamp, kind: String, id: String, summary: String, data: JSONValue) {
        self.at = at
        self.kind = kind
        self.id = id
        self.summary = summary
        self.data = data
    }

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
    public static let name = "customers.export"
    public static let summary = "Every record held on one person, machine-readable (for a data-access request)."
    public static let errors: [RapportError.Reason] = [.notFound]

    public struct Params: Codable, Sendable, Hashable {
        public var id: String
        public init(id: String) { self.id = id }
    }

    public struct Result: Codable, Sendable, Hashable {
        public var customer: Customer
        public var orders: [Order]
        public var refunds: [Refund]
        public var interactions: [Interaction]
        public var cart: Cart?
        public var cartHistory: [Cart]
        public var segments: [String]
        public var erasure: Erasure?
        /// Records other modules hold, by module name.
        public var modules: JSONObject
    }

    /// When and by whom personal data was erased.
    public struct Erasure: Codable, Sendable, Hashable {
        public var at: Timestamp
        public var actor: String
    }
}

/// `customers.erase`: replace a person's personal data with tombstones.
public enum CustomersErase: RPCMethod {
    public static let name = "customers.erase"
    public static let summary = "Erases a customer's personal data; amounts and dates of orders stay for aggregate metrics."
    public static let discussion = """
        Name, email, phone, birthday, locale, attributes, externalId and the text of interactions are \
        replaced by tombstones in one transaction and the erasure is recorded. The customer can no longer \
        be found by email, phone or search. Idempotent: erasing twice answers the first erasure. Raises \
        `customer.erased`.
        """
    public static let isMutating = true
    public static let errors: [RapportError.Reason] = [.notFound]

    public struct Params: Codable, Sendable, Hashable {
        public var id: String
        public init(id: String) { self.id = id }
    }

    public struct Result: Codable, Sendable, Hashable {
        public var customerId: String
        public var erasedAt: Timestamp
    }

    public static func auditTarget(params: Params, result: Result) -> String? { params.id }
}

/// `customers.merge`: fold a duplicate into the customer that stays.
public enum CustomersMerge: RPCMethod {
    public static let name = "customers.merge"
    public static let summary =
        "Merges duplicate `from` into `into`: orders, refunds, interactions and carts move; other modules move theirs on `customer.merged`."
    public static let discussion = """
        Fields `into` lacks are filled from `from`; tags are united; `into`'s order totals are recomputed. \
        `from` stays as a tombstone with `mergedInto` set, so its id still resolves to the right person.
        """
    public static let isMutating = true
    public static let errors: [RapportError.Reason] = [.notFound, .notAllowed]
    public typealias Result = Customer

    public struct Params: Codable, Sendable, Hashable {
        public var into: String
        public var from: String
        public init(into: String, from: String) {
            self.into = into
            self.from = from
        }
    }

    public static func auditTarget(params: Params, result: Customer) -> String? { params.into }
}
