public import RapportCore
public import RapportJSON
public import RapportRPC

/// `customers.create`: a new customer profile.
public enum CustomersCreate: RPCMethod {
    public static let name = "customers.create"
    public static let summary = "Creates a customer; every field is optional, but email, phone and externalId are unique."
    public static let discussion = """
        Email is compared case-insensitively and phone is normalised to `+` and digits, so \
        `Anna@Example.com` and `+7 (999) 123-45-67` find the same person later. A duplicate externalId, \
        email or phone is a `conflict` whose `data.existingId` names the customer who holds it. `at` \
        backdates `createdAt` for imports. Raises `customer.created`.
        """
    public static let isMutating = true
    public static let errors: [RapportError.Reason] = [.conflict]
    public typealias Result = Customer

    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        public var name: String?
        public var email: String?
        public var phone: String?
        public var birthday: String?
        public var externalId: String?
        public var locale: String?
        public var tags: [String]?
        public var attributes: JSONObject?
        public var consent: ConsentChange?
        public var source: String?
        public var referralCode: String?
        public var at: Timestamp?

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

    public static func auditTarget(params: Params, result: Customer) -> String? { result.id }

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
