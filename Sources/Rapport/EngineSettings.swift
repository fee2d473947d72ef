import GRDB
import RapportCore
public import RapportStorage

/// The engine's own configuration: the store-wide settings behind `store.settings` and
/// `store.configure`, one ``ModuleSetting`` in `engine_config`.
enum EngineSettings {
    static let table = "engine_config"
    private static let settings = ModuleSettings(table: table)

    static func load(_ db: Database) throws -> StoreSettingsValue {
        try settings.current(StoreSettingsValue.self, in: db)
    }

    static func configure(_ params: StoreConfigure.Params, in context: WriteContext) throws -> StoreSettingsValue {
        if let name = params.name, name.count > 200 {
            throw RapportError.invalid("name", "name may hold at most 200 characters")
        }
        if let currency = params.currency {
            guard currency.utf8.count == 3, currency.utf8.allSatisfy({ $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) else {
                throw RapportError.invalid("currency", "currency must be an ISO 4217 code of three capital letters, such as RUB")
            }
        }
        var value = try load(context.db)
        value.name = params.name ?? value.name
        value.currency = params.currency ?? value.currency
        value.updatedAt = context.now
        try settings.save(value, at: context.now, in: context.db)
        try context.raise(StoreConfigured(settings: value))
        return value
    }
}

extension StoreSettingsValue: ModuleSetting {
    /// The name of the settings row in `engine_config`, `store`.
    public static let settingName = "store"
    /// A never-configured store's settings: ``StoreSettingsValue/defaults``.
    public static var standard: StoreSettingsValue { .defaults }
}
