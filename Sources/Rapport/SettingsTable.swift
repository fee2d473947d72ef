import GRDB
import RapportCore
import RapportStorage

/// The `rapport_setting` key–value table behind `store.settings` and `store.configure`.
enum SettingsTable {
    static func load(_ db: Database) throws -> StoreSettingsValue {
        var settings = StoreSettingsValue.defaults
        for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT key, value, updated_at FROM rapport_setting")) {
            let key: String = row[0]
            let value: String = row[1]
            let updatedAt = Timestamp(millisecondsSince1970: row[2])
            switch key {
            case "name": settings.name = value
            case "currency": settings.currency = value
            default: continue
            }
            settings.updatedAt = max(settings.updatedAt ?? updatedAt, updatedAt)
        }
        return settings
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
        let changes = [("name", params.name), ("currency", params.currency)].compactMap { key, value in value.map { (key, $0) } }
        let statement = try context.db.cachedStatement(sql: """
            INSERT INTO rapport_setting (key, value, updated_at) VALUES (?, ?, ?)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
            """)
        for (key, value) in changes {
            try statement.execute(arguments: [key, value, context.now.millisecondsSince1970])
        }
        let settings = try load(context.db)
        try context.raise(StoreConfigured(settings: settings))
        return settings
    }
}
