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

    /// The settings' fields, described for protocol.md and `rpc.discover`.
    public static let fieldDescriptions = [
        "name": "The business's name, used in messages.",
        "currency": "ISO 4217 code of the store's one currency; every amount is an integer of its minor units.",
        "updatedAt": "When the settings last changed; null if never.",
    ]
}

/// `store.settings`: read the store-wide settings.
public enum StoreSettings: RPCMethod {
    /// The method's wire name.
    public static let name = "store.settings"
    /// The method's one-line summary for protocol.md and `rpc.discover`.
    public static let summary = "Reads the store-wide settings: business name and currency."
    /// Takes no params.
    public typealias Params = NoParams
    /// Answers the current settings.
    public typealias Result = StoreSettingsValue

    /// A new store's default settings, for protocol.md.
    public static var examples: [MethodExample<Self>] {
        [MethodExample("A new store", params: NoParams(), result: .defaults)]
    }
}

/// `store.configure`: change the store-wide settings.
public enum StoreConfigure: RPCMethod {
    /// The method's wire name.
    public static let name = "store.configure"
    /// The method's one-line summary for protocol.md and `rpc.discover`.
    public static let summary = "Changes the store-wide settings; omitted fields keep their value."
    /// The event it raises, for protocol.md.
    public static let discussion = "Raises `store.configured`. Like every mutation it accepts `idempotencyKey` and `dryRun`."
    /// A mutation: it accepts `idempotencyKey` and `dryRun`, is refused when read-only and is audited.
    public static let isMutating = true
    /// Answers the settings after the change.
    public typealias Result = StoreSettingsValue

    /// The params of `store.configure`; a field left nil keeps its value.
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
        /// The params' fields, described for protocol.md and `rpc.discover`.
        public static let fieldDescriptions = [
            "name": "The business's name (at most 200 characters).",
            "currency": "ISO 4217 code: three capital letters such as RUB, EUR, USD.",
        ]
    }

    /// Audits every change under the target id `store`.
    public static func auditTarget(params: Params, result: Result) -> String? { "store" }

    /// Naming the shop and switching to euros, for protocol.md.
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
    /// The event's topic.
    public static let topic = "store.configured"
    /// The event's one-line summary for protocol.md.
    public static let summary = "The store-wide settings changed."
    /// The settings after the change.
    public var settings: StoreSettingsValue
}
