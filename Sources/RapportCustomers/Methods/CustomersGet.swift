public import RapportCore
public import RapportJSON
public import RapportRPC

/// `customers.get`: one customer by id, external id, email or phone.
public enum CustomersGet: RPCMethod {
    /// The method's wire name.
    public static let name = "customers.get"
    /// The method's line for protocol.md.
    public static let summary = "Finds one customer by exactly one of id, externalId, email (any case) or phone (any format)."
    /// Answers `not_found` when no customer has the value given.
    public static let errors: [RapportError.Reason] = [.notFound]
    /// The customer found, merged and erased ones included.
    public typealias Result = Customer

    /// A customers.get params value: exactly one field must be given.
    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// The customer's id, `cus_…`.
        public var id: String?
        /// The client's own id for the customer.
        public var externalId: String?
        /// Email address, compared case-insensitively.
        public var email: String?
        /// Phone number in any common format, normalised before the lookup.
        public var phone: String?

        /// Params that look the customer up by the one field given.
        public init(id: String? = nil, externalId: String? = nil, email: String? = nil, phone: String? = nil) {
            self.id = id
            self.externalId = externalId
            self.email = email
            self.phone = phone
        }

        /// Descriptions of the fields for protocol.md, keyed by JSON name.
        public static let fieldDescriptions = [
            "id": "The customer's id.",
            "externalId": "The client's id for the customer.",
            "email": "Email, compared case-insensitively.",
            "phone": "Phone in any common format; normalised before the lookup.",
        ]
    }
}

/// `customers.update`: change some fields of a profile.
public enum CustomersUpdate: RPCMethod {
    /// The method's wire name.
    public static let name = "customers.update"
    /// The method's line for protocol.md.
    public static let summary = "Changes the given fields of a customer; `null` clears a field, an absent field is kept."
    /// The method's further paragraphs for protocol.md: `tags` and `attributes` replaced whole, consent stamped with `at`.
    public static let discussion =
        "`tags` and `attributes` are replaced whole when given. Consent changes are stamped with `at`. Raises `customer.updated`."
    /// Mutating: it changes a customer's profile.
    public static let isMutating = true
    /// Answers `not_found` for an unknown id, `conflict` for a taken externalId, email or phone, `not_allowed` for an erased or merged customer.
    public static let errors: [RapportError.Reason] = [.notFound, .conflict, .notAllowed]
    /// The customer after the change (unchanged, with the same `updatedAt`, when nothing changed).
    public typealias Result = Customer

    /// A customers.update params value: `id` and the fields to change; an absent field is kept, `null` clears it.
    public struct Params: Codable, Sendable, Hashable, JSONSchemaDescribing {
        /// The id of the customer to change, `cus_…`.
        public var id: String
        /// Full name, at most 200 characters.
        public var name: Patch<String> = .keep
        /// Email address, unique compared case-insensitively.
        public var email: Patch<String> = .keep
        /// Phone number, unique once normalised to `+` and 7–15 digits.
        public var phone: Patch<String> = .keep
        /// Birthday as `YYYY-MM-DD` (year 1900 or later) or `--MM-DD`.
        public var birthday: Patch<String> = .keep
        /// The client's own id, 1–128 bytes, unique.
        public var externalId: Patch<String> = .keep
        /// BCP 47 language tag such as `ru-RU`.
        public var locale: Patch<String> = .keep
        /// Up to 50 labels of 1–64 characters, replacing the old ones whole; `.clear` removes them all.
        public var tags: Patch<[String]> = .keep
        /// Free-form JSON object replacing the old one whole; `.clear` leaves an empty object.
        public var attributes: Patch<JSONObject> = .keep
        /// Consent given (`true`) or refused (`false`) per channel, stamped with `at`; nil or an absent channel keeps it.
        public var consent: ConsentChange?
        /// Where the customer came from, a short lowercase word; nil keeps it.
        public var source: String?
        /// When the change happened, the new `updatedAt` and the consent stamp; nil means now.
        public var at: Timestamp?

        /// Params for customer `id` that change nothing until fields are set.
        public init(id: String) { self.id = id }

        private enum CodingKeys: String, CodingKey {
            case id, name, email, phone, birthday, externalId, locale, tags, attributes, consent, source, at
        }

        /// Decodes the params, telling an absent field (keep) from `null` (clear).
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decode(String.self, forKey: .id)
            name = try container.decodePatch(String.self, forKey: .name)
            email = try container.decodePatch(String.self, forKey: .email)
            phone = try container.decodePatch(String.self, forKey: .phone)
            birthday = try container.decodePatch(String.self, forKey: .birthday)
            externalId = try container.decodePatch(String.self, forKey: .externalId)
            locale = try container.decodePatch(String.self, forKey: .locale)
            tags = try container.decodePatch([String].self, forKey: .tags)
            attributes = try container.decodePatch(JSONObject.self, forKey: .attributes)
            consent = try container.decodeIfPresent(ConsentChange.self, forKey: .consent)
            source = try container.decodeIfPresent(String.self, forKey: .source)
            at = try container.decodeIfPresent(Timestamp.self, forKey: .at)
        }

        /// Encodes the params, leaving out kept fields and writing `null` for cleared ones.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encodePatch(name, forKey: .name)
            try container.encodePatch(email, forKey: .email)
            try container.encodePatch(phone, forKey: .phone)
            try container.encodePatch(birthday, forKey: .birthday)
            try container.encodePatch(externalId, forKey: .externalId)
            try container.encodePatch(locale, forKey: .locale)
            try container.encodePatch(tags, forKey: .tags)
            try container.encodePatch(attributes, forKey: .attributes)
            if let consent { try container.encode(consent, forKey: .consent) }
            if let source { try container.encode(source, forKey: .source) }
            if let at { try container.encode(at, forKey: .at) }
        }

        /// The shape of the params, for the schema: every field but `id` optional and nullable.
        private struct Shape: Codable {
            var id: String
            var name: String?
            var email: String?
            var phone: String?
            var birthday: String?
            var externalId: String?
            var locale: String?
            var tags: [String]?
            var attributes: JSONObject?
            var consent: ConsentChange?
            var source: String?
            var at: Timestamp?
        }

        /// The params' schema: every field but `id` optional and nullable.
        public static var jsonSchema: JSONValue { JSONSchemaGenerator.schema(for: Shape.self) }
    }

    /// The audit target: the changed customer's id.
    public static func auditTarget(params: Params, result: Customer) -> String? { result.id }
}
