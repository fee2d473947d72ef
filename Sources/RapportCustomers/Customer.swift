public import RapportCore
public import RapportJSON

/// A customer as the protocol shows it: who they are, what they agreed to, and a summary of what
/// they bought.
public struct Customer: Codable, Sendable, Hashable, JSONSchemaDocumented {
    public var id: String
    public var externalId: String?
    public var name: String?
    public var email: String?
    public var phone: String?
    public var birthday: String?
    public var locale: String?
    public var tags: [String]
    public var attributes: JSONObject
    public var consent: Consent
    public var source: String
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    /// Order totals, kept in step with every order and refund.
    public var stats: Stats
    /// When the customer's personal data was erased; null if never.
    public var erasedAt: Timestamp?
    /// The customer this one was merged into; null if none.
    public var mergedInto: String?

    /// Order totals of one customer.
    public struct Stats: Codable, Sendable, Hashable {
        public var orderCount: Int64
        public var totalSpent: Money
        public var averageCheck: Money
        public var firstOrderAt: Timestamp?
        public var lastOrderAt: Timestamp?
    }

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
    public var email: ConsentState?
    public var sms: ConsentState?
    public var messenger: ConsentState?

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

    public init(granted: Bool, at: Timestamp) {
        self.granted = granted
        self.at = at
    }
}

/// Consent as a request sets it: `true`/`false` per channel, stamped with the request's time.
public struct ConsentChange: Codable, Sendable, Hashable {
    public var email: Bool?
    public var sms: Bool?
    public var messenger: Bool?

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
    public var id: String
    public var limit: Int?
    public var cursor: String?

    public init(id: String, limit: Int? = nil, cursor: String? = nil) {
        self.id = id
        self.limit = limit
        self.cursor = cursor
    }

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
    public var jsonValue: JSONValue {
        var object = JSONObject()
        object.append(key: "email", value: email?.jsonValue ?? .null)
        object.append(key: "sms", value: sms?.jsonValue ?? .null)
        object.append(key: "messenger", value: messenger?.jsonValue ?? .null)
        return .object(object)
    }
}

extension ConsentState: JSONValueConvertible {
    public var jsonValue: JSONValue {
        var object = JSONObject()
        object.append(key: "granted", value: .bool(granted))
        object.append(key: "at", value: at.jsonValue)
        return .object(object)
    }
}
