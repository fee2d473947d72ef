public import RapportCore
public import RapportJSON

/// A customer as the protocol shows it: who they are, what they agreed to, and a summary of what
/// they bought.
public struct Customer: Codable, Sendable, Hashable, JSONSchemaDocumented {
    /// The customer's id, `cus_…`.
    public var id: String
    /// The client's own id for the customer, unique; nil if not given.
    public var externalId: String?
    /// Full name; nil if unknown.
    public var name: String?
    /// Email address as given, looked up case-insensitively; nil if unknown.
    public var email: String?
    /// Phone number normalised to `+` and digits; nil if unknown.
    public var phone: String?
    /// Birthday as `YYYY-MM-DD`, or `--MM-DD` when the year is unknown; nil if unknown.
    public var birthday: String?
    /// BCP 47 language tag such as `ru-RU`; nil if unknown.
    public var locale: String?
    /// Labels, sorted.
    public var tags: [String]
    /// Free-form JSON object of the business's own fields.
    public var attributes: JSONObject
    /// Consent to be contacted, per channel.
    public var consent: Consent
    /// Where the customer came from: organic, referral, ad, import, …
    public var source: String
    /// When the customer was created (or the `at` the request gave).
    public var createdAt: Timestamp
    /// When the profile last changed.
    public var updatedAt: Timestamp
    /// Order totals, kept in step with every order and refund.
    public var stats: Stats
    /// When the customer's personal data was erased; null if never.
    public var erasedAt: Timestamp?
    /// The customer this one was merged into; null if none.
    public var mergedInto: String?

    /// Order totals of one customer.
    public struct Stats: Codable, Sendable, Hashable {
        /// Number of orders recorded for the customer.
        public var orderCount: Int64
        /// Total spent over all orders, net of refunds, in minor units.
        public var totalSpent: Money
        /// Total spent divided by order count (rounded toward zero), in minor units; zero with no orders.
        public var averageCheck: Money
        /// When the first order was placed; nil with no orders.
        public var firstOrderAt: Timestamp?
        /// When the latest order was placed; nil with no orders.
        public var lastOrderAt: Timestamp?
    }

    /// Descriptions of the fields for protocol.md, keyed by JSON name.
    public static let fieldDescriptions = [
        "id": "The customer's id (`cus_…`).",
        "externalId": "The client's own id for the customer, unique.",
        "name": "Full name.",
        "email": "Email address as given; looked up case-insensitively.",
        "phone": "Phone number normalised to `+` and digits.",
        "birthday": "`YYYY-MM-DD`, or `--MM-DD` when the year is unknown.",
        "locale": "BCP 47 language tag such as `ru-RU`.",
        "tags": "Labels, sorted.",
        "attributes": "Free-form JSON object of the business's own fields.",
        "consent": "Consent to be contacted, per channel.",
        "source": "Where the customer came from: organic, referral, ad, import, …",
        "createdAt": "When the customer was created (or the `at` given).",
        "updatedAt": "When the profile last changed.",
        "stats": "Order count, total spent (net of refunds), average check, first and last order time.",
        "erasedAt": "When personal data was erased; null if never.",
        "mergedInto": "The id of the customer this duplicate was merged into; null if none.",
    ]
}

extension Customer {
    /// Whether name, email, phone and birthday are all filled in (the `profile_completed` action).
    public var hasCompleteProfile: Bool {
        name != nil && email != nil && phone != nil && birthday != nil
    }
}

/// Consent to be contacted on each channel.
public struct Consent: Codable, Sendable, Hashable {
    /// Consent to email; nil if never recorded.
    public var email: ConsentState?
    /// Consent to SMS; nil if never recorded.
    public var sms: ConsentState?
    /// Consent to messenger messages; nil if never recorded.
    public var messenger: ConsentState?

    /// Consent with the given state per channel; nil leaves a channel unset.
    public init(email: ConsentState? = nil, sms: ConsentState? = nil, messenger: ConsentState? = nil) {
        self.email = email
        self.sms = sms
        self.messenger = messenger
    }
}

/// Whether consent is given on one channel, and since when.
public struct ConsentState: Codable, Sendable, Hashable {
    /// True when given, false when withdrawn.
    public var granted: Bool
    /// When it was given or withdrawn.
    public var at: Timestamp

    /// A consent state: `granted` or withdrawn, at `at`.
    public init(granted: Bool, at: Timestamp) {
        self.granted = granted
        self.at = at
    }
}

/// Consent as a request sets it: `true`/`false` per channel, stamped with the request's time.
public struct ConsentChange: Codable, Sendable, Hashable {
    /// `true` to grant email consent, `false` to withdraw it, nil to leave it unchanged.
    public var email: Bool?
    /// `true` to grant SMS consent, `false` to withdraw it, nil to leave it unchanged.
    public var sms: Bool?
    /// `true` to grant messenger consent, `false` to withdraw it, nil to leave it unchanged.
    public var messenger: Bool?

    /// A change of the given channels; nil ones are left unchanged.
    public init(email: Bool? = nil, sms: Bool? = nil, messenger: Bool? = nil) {
        self.email = email
        self.sms = sms
        self.messenger = messenger
    }

    /// `consent` with these changes applied at `time`.
    func applied(to consent: Consent, at time: Timestamp) -> Consent {
        var result = consent
        if let email { result.email = ConsentState(granted: email, at: time) }
        if let sms { result.sms = ConsentState(granted: sms, at: time) }
        if let messenger { result.messenger = ConsentState(granted: messenger, at: time) }
        return result
    }
}

/// The params of a paginated list that belongs to one record: its id, the page size and the cursor.
public struct PageOfRecord: Codable, Sendable, Hashable, JSONSchemaDocumented {
    /// The id of the record whose list this is (a customer's timeline, a segment's members).
    public var id: String
    /// Page size, 1–1000; nil means 50.
    public var limit: Int?
    /// `nextCursor` of the previous page; nil for the first page.
    public var cursor: String?

    /// A PageOfRecord params value; nil `limit` and `cursor` ask for the first page of 50.
    public init(id: String, limit: Int? = nil, cursor: String? = nil) {
        self.id = id
        self.limit = limit
        self.cursor = cursor
    }

    /// Descriptions of the fields for protocol.md, keyed by JSON name.
    public static let fieldDescriptions = [
        "id": "The record whose list this is (a customer's timeline, a segment's members).",
        "limit": "Page size, 1–1000, default 50.",
        "cursor": "`nextCursor` of the previous page.",
    ]
}

// MARK: - Direct JSON

// The customer is the busiest result of the protocol (`customers.get`, lists, segments): built
// directly, it skips the Encoder machinery. `CustomerJSONTests` checks it equals `encode(to:)`.

extension Customer: JSONValueConvertible {
    /// The customer as a JSON object, built directly; equal to what `encode(to:)` writes.
    public var jsonValue: JSONValue {
        var object = JSONObject()
        object.reserveCapacity(16)
        object.append(key: "id", value: .string(id))
        object.append(key: "externalId", value: externalId.map(JSONValue.string) ?? .null)
        object.append(key: "name", value: name.map(JSONValue.string) ?? .null)
        object.append(key: "email", value: email.map(JSONValue.string) ?? .null)
        object.append(key: "phone", value: phone.map(JSONValue.string) ?? .null)
        object.append(key: "birthday", value: birthday.map(JSONValue.string) ?? .null)
        object.append(key: "locale", value: locale.map(JSONValue.string) ?? .null)
        object.append(key: "tags", value: .array(tags.map(JSONValue.string)))
        object.append(key: "attributes", value: .object(attributes))
        object.append(key: "consent", value: consent.jsonValue)
        object.append(key: "source", value: .string(source))
        object.append(key: "createdAt", value: createdAt.jsonValue)
        object.append(key: "updatedAt", value: updatedAt.jsonValue)
        object.append(key: "stats", value: stats.jsonValue)
        object.append(key: "erasedAt", value: erasedAt?.jsonValue ?? .null)
        object.append(key: "mergedInto", value: mergedInto.map(JSONValue.string) ?? .null)
        return .object(object)
    }
}

extension Customer.Stats: JSONValueConvertible {
    /// The stats as a JSON object, built directly.
    public var jsonValue: JSONValue {
        var object = JSONObject()
        object.append(key: "orderCount", value: .int(orderCount))
        object.append(key: "totalSpent", value: totalSpent.jsonValue)
        object.append(key: "averageCheck", value: averageCheck.jsonValue)
        object.append(key: "firstOrderAt", value: firstOrderAt?.jsonValue ?? .null)
        object.append(key: "lastOrderAt", value: lastOrderAt?.jsonValue ?? .null)
        return .object(object)
    }
}

extension Consent: JSONValueConvertible {
    /// The consent as a JSON object, built directly; an unset channel is null.
    public var jsonValue: JSONValue {
        var object = JSONObject()
        object.append(key: "email", value: email?.jsonValue ?? .null)
        object.append(key: "sms", value: sms?.jsonValue ?? .null)
        object.append(key: "messenger", value: messenger?.jsonValue ?? .null)
        return .object(object)
    }
}

extension ConsentState: JSONValueConvertible {
    /// The state as a JSON object: `granted` and `at`.
    public var jsonValue: JSONValue {
        var object = JSONObject()
        object.append(key: "granted", value: .bool(granted))
        object.append(key: "at", value: at.jsonValue)
        return .object(object)
    }
}
