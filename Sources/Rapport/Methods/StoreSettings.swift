public import RapportCore
public import RapportJSON
public import RapportRPC
public import RapportStorage

/// Store-wide settings every module reads: the business's name and its one currency.
public struct StoreSettingsValue: Codable, Sendable, Hashable, JSONSchemaDocumented {
    /// The business's name, for messages.
    public var name: String
    /// ISO 4217 code of the store's currency; every amount is in its minor units.
    public var currency: String
    /// When the settings last changed; null if never.
    public var updatedAt: Timestamp?

    /// Creates settings.
    public init(name: String, currency: String, updatedAt: Timestamp?) {
        self.name = name
        self.currency = currency
        self.updatedAt = updatedAt
    }

    /// The settings of a new store.
    public static let defaults = StoreSettingsValue(name: "", currency: "RUB", updatedAt: nil)

    public static let fieldDescriptions = [
        "name": "The business's name, used in messages.",
        "currency": "ISO 4217 code of the store's one currency; every amount is an integer of its minor units.",
        "updatedAt": "When the settings last changed; null if never.",
    ]
}

/// `store.settings`: read the store-wide settings.
public enum StoreSettings: RPCMethod {
    public static let name = "store.settings"
    public static let summary = "Reads the store-wide settings: business name and currency."
    public typealias Params = NoParams
    public typealias Result = StoreSettingsValue

    public static var examples: [MethodExample<Self>] {
        [MethodExample("A new store", params: NoParams(), result: .defaults)]
    }
}

/// `store.configure`: change the store-wide settings.
public enum StoreConfigure: RPCMethod {
    public static let name = "store.configure"
    public static let summary = "Changes the store-wide settings; omitted fields keep their value."
    public static let discussion = "Raises `store.configured`. Like every mutation it accepts `idempotencyKey` and `dryRun`."
    public static let isMutating = true
    public typealias Result = StoreSettingsValue

    public struct Params: Codable, Sendable, Hashable, JSONSchemaDocumented {
        /// New business name.
        public var name: String?
        /// New currency code.
        public var currency: String?
        /// Creates params.
        public init(name: String? = nil, currency: String? = nil) {
            self.name = name
            self.currency = currency
        }
        public static let fieldDescriptions = [
            "name": "The business's name (at most 200 characters).",
            "currency": "ISO 4217 code: three capital letters such as RUB, EUR, USD.",
        ]
    }

    public static func auditTarget(params: Params, result: Result) -> String? { "store" }

    public static var examples: [MethodExample<Self>] {
        [
            MethodExample(
                "Name the shop and price in euros", params: Params(name: "Café Lumière", currency: "EUR"),
                result: StoreSettingsValue(
                    name: "Café Lumière", currency: "EUR",
                    updatedAt: Timestamp(millisecondsSince1970: 1_772_359_200_000)))
        ]
    }
}

/// Raised when the store-wide settings change.
public struct StoreConfigured: DomainEvent, Hashable {
    public static let topic = "store.configured"
    public static let summary = "The store-wide settings changed."
    /// The settings after the change.
    public var settings: StoreSettingsValue
}
