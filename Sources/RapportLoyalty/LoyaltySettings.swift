import GRDB
import RapportCore
import RapportRPC
import Synchronization

/// A part of the loyalty configuration kept as one JSON document in `loyalty_config`.
protocol LoyaltySetting: Codable, Sendable, Hashable {
    /// The row's name: `program`, `tiers`, `rewards`, `referrals`.
    static var settingName: String { get }
    /// What a store that was never configured uses.
    static var standard: Self { get }
}

/// Reads and writes the loyalty settings; what it decoded last is kept per setting, so the hot
/// path (every order) reads one short row and compares text instead of decoding JSON.
///
/// The cache is keyed by the stored text, never trusted on its own: a rolled-back configure
/// leaves the row as it was, and the next read sees that.
final class LoyaltySettings: Sendable {
    private let decoded = Mutex<[String: (text: String, value: any Sendable)]>([:])

    /// The setting in force, or its standard value when never configured.
    func current<S: LoyaltySetting>(_ type: S.Type, in db: Database) throws -> S {
        guard let text = try String.fetchOne(
            db.cachedStatement(sql: "SELECT value FROM loyalty_config WHERE name = ?"), arguments: [S.settingName])
        else { return S.standard }
        if let hit = decoded.withLock({ $0[S.settingName] }), hit.text == text, let value = hit.value as? S {
            return value
        }
        let value = try JSONValueDecoder(enforcesRanges: false).decode(S.self, from: JSONParser.parse(Array(text.utf8)))
        decoded.withLock { $0[S.settingName] = (text, value) }
        return value
    }

    /// Stores a new value of the setting.
    func save<S: LoyaltySetting>(_ value: S, at time: Timestamp, in db: Database) throws {
        let text = try JSONValueEncoder().encode(value).jsonString
        try db.execute(sql: """
            INSERT INTO loyalty_config (name, value, updated_at) VALUES (?, ?, ?)
            ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
            """, arguments: [S.settingName, text, time.millisecondsSince1970])
    }
}

/// A number of days written `"365d"`, as tier windows and reward periods are given.
enum DayCount {
    /// The days in `"<N>d"` (1 ≤ N ≤ 36,500).
    static func parse(_ text: String, field: String) throws(RapportError) -> Int64 {
        guard text.hasSuffix("d"), let days = Int64(text.dropLast()), (1...36_500).contains(days) else {
            throw RapportError.invalid(field, "\(field) must be a number of days such as \"365d\" (1d to 36500d), not \"\(text)\"")
        }
        return days
    }
}
