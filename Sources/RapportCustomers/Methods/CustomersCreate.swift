public import RapportCore
public import RapportJSON
public import RapportRPC

/// `customers.create`: a new customer profile.
public enum CustomersCreate: RPCMethod {
    /// The method's wire name.
    public static let name = "customers.create"
    /// The method's line for protocol.md.
    public static let summary = "Creates a customer; every field is optional, but email, phone and externalId are unique."
    /// The method's further paragraphs for protocol.md: normalised email and phone, `conflict` on a duplicate, backdating with `at`.
    public static let discussion = """
        Email is compared case-insensitively and phone is normalised to `+` and digits, so \
        `Anna@Example.com` and `+7 (999) 123-45-67` find the same person later. A duplicate externalId, \
        email or phone is a `conflict` whose `data.existingId` names the customer who holds it. `at` \
        backdates `createdAt` for imports. Raises `customer.created`.
        """
    /// Mutating: it creates a customer.
    public static let isMutating = true
    /// Answers `conflict` when another customer holds the externalId, email or phone (`data.existingId` names it).
    public static let errors: [RapportError.Reason] = [.conflict]
    /// The new customer.
    public typealias Result = Customer

    /// A customers.create params value: every field optional; `source` defaults to `organic`, `at` to now.
    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// Full name, at most 200 characters; nil leaves it unknown.
        public var name: String?
        /// Email address, unique compared case-insensitively; nil leaves it unknown.
        public var email: String?
        /// Phone number, unique once normalised to `+` and 7–15 digits; nil leaves it unknown.
        public var phone: String?
        /// Birthday as `YYYY-MM-DD` (year 1900 or later) or `--MM-DD`; nil leaves it unknown.
        public var birthday: String?
        /// The client's own id, 1–128 bytes, unique; nil for none.
        public var externalId: String?
        /// BCP 47 language tag such as `ru-RU`; nil leaves it unknown.
        public var locale: String?
        /// Up to 50 labels of 1–64 characters, deduplicated and sorted; nil for none.
        public var tags: [String]?
        /// Free-form JSON object of the business's own fields; nil for an empty one.
        public var attributes: JSONObject?
        /// Consent given (`true`) or refused (`false`) per channel, stamped with `at`; nil records none.
        public var consent: ConsentChange?
        /// Where the customer came from, a short lowercase word; nil means `organic`.
        public var source: String?
        /// The referral code of the customer who referred this one (at most 64 characters), for loyalty to link them.
        public var referralCode: String?
        /// When the customer was created, for imports; nil means now.
        public var at: Timestamp?

        /// Params with the given fields; every one defaults to nil.
        public init(
            name: String? = nil, email: String? = nil, phone: String? = nil, birthday: String? = nil,
            externalId: String? = nil, locale: String? = nil, tags: [String]? = nil, attributes: JSONObject? = nil,
            consent: ConsentChange? = nil, source: String? = nil, referralCode: String? = nil, at: Timestamp? = nil
        ) {
            self.name = name
            self.email = email
            self.phone = phone
            self.birthday = birthday
            self.externalId = externalId
            self.locale = locale
            self.tags = tags
            self.attributes = attributes
            self.consent = consent
            self.source = source
            self.referralCode = referralCode
            self.at = at
        }

        /// Descriptions of the fields for protocol.md, keyed by JSON name.
        public static let fieldDescriptions = [
            "name": "Full name, at most 200 characters.",
            "email": "Email address; unique, compared case-insensitively.",
            "phone": "Phone number; unique after normalising to + and 7–15 digits.",
            "birthday": "`YYYY-MM-DD`, or `--MM-DD` when the year is unknown.",
            "externalId": "The client's own id; unique.",
            "locale": "BCP 47 language tag such as `ru-RU`.",
            "tags": "Up to 50 labels of 1–64 characters.",
            "attributes": "Any JSON object of the business's own fields.",
            "consent": "`{email, sms, messenger}`: true when consent is given, false when refused; stamped with `at`.",
            "source": "Where the customer came from (`organic` by default): referral, ad, import, …",
            "referralCode": "The code of the customer who referred this one (used by loyalty).",
            "at": "When the customer was created, for imports; default now.",
        ]
    }

    /// The audit target: the new customer's id.
    public static func auditTarget(params: Params, result: Customer) -> String? { result.id }

    /// One example for protocol.md: a customer from the shop's website.
    public static var examples: [MethodExample<Self>] {
        let at = Timestamp(millisecondsSince1970: 1_772_359_200_000)
        return [
            MethodExample(
                "A customer from the shop's website",
                params: Params(
                    name: "Anna Petrova", email: "Anna@Example.com", phone: "+7 (999) 123-45-67", birthday: "--03-14",
                    tags: ["vip"], consent: ConsentChange(email: true), source: "ad"),
                result: Customer(
                    id: "cus_01KJJ2Q7R0ZQ6W3T9B8X4N5M2C", externalId: nil, name: "Anna Petrova", email: "Anna@Example.com",
                    phone: "+79991234567", birthday: "--03-14", locale: nil, tags: ["vip"], attributes: JSONObject(),
                    consent: Consent(email: ConsentState(granted: true, at: at)), source: "ad", createdAt: at, updatedAt: at,
                    stats: Customer.Stats(orderCount: 0, totalSpent: .zero, averageCheck: .zero, firstOrderAt: nil, lastOrderAt: nil),
                    erasedAt: nil, mergedInto: nil))
        ]
    }
}
