public import RapportCore
public import RapportJSON
public import RapportRPC

/// `customers.get`: one customer by id, external id, email or phone.
public enum CustomersGet: RPCMethod {
    public static let name = "customers.get"
    public static let summary = "Finds one customer by exactly one of id, externalId, email (any case) or phone (any format)."
    public static let errors: [RapportError.Reason] = [.notFound]
    public typealias Result = Customer

    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        public var id: String?
        public var externalId: String?
        public var email: String?
        public var phone: String?

        public init(id: String? = nil, externalId: String? = nil, email: String? = nil, phone: String? = nil) {
            self.id = id
            self.externalId = externalId
            self.email = email
            self.phone = phone
        }

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
    public static let name = "customers.update"
    public static let summary = "Changes the given fields of a customer; `null` clears a field, an absent field is kept."
    public static let discussion =
        "`tags` and `attributes` are replaced whole when given. Consent changes are stamped with `at`. Raises `customer.updated`."
    public static let isMutating = true
    public static let errors: [RapportError.Reason] = [.notFound, .conflict, .notAllowed]
    public typealias Result = Customer

    public struct Params: Codable, Sendable, Hashable, JSONSchemaDescribing {
        public var id: String
        public var name: Patch<String> = .keep
        public var email: Patch<String> = .keep
        public var phone: Patch<String> = .keep
        public var birthday: Patch<String> = .keep
        public var externalId: Patch<String> = .keep
        public var locale: Patch<String> = .keep
        public var tags: Patch<[String]> = .keep
        public var attributes: Patch<JSONObject> = .keep
        public var consent: ConsentChange?
        public var source: String?
        public var at: Timestamp?

        public init(id: String) { self.id = id }

        private enum CodingKeys: String, CodingKey {
            case id, name, email, phone, birthday, externalId, locale, tags, attributes, consent, source, at
        }

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

        public static var jsonSchema: JSONValue { JSONSchemaGenerator.schema(for: Shape.self) }
    }

    public static func auditTarget(params: Params, result: Customer) -> String? { result.id }
}
