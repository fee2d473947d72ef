import GRDB
import Testing
@testable import RapportStorage

@Suite struct ColumnReadingTests {
    /// The point-read path binds with SQLite's own functions: every kind of value must arrive
    /// as GRDB would have bound it, or reads would silently miss rows.
    @Test func boundValuesMatchWhatGRDBBinds() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE item (key TEXT, number INTEGER, note TEXT)")
            try db.execute(sql: "INSERT INTO item VALUES ('', 0, NULL), ('ключ 🔑', -7, 'x'), ('plain', 9223372036854775807, NULL)")
            let lookup = try db.cachedStatement(sql: "SELECT number FROM item WHERE key = ?")
            #expect(try lookup.fetchFirst("") { $0.int64(0) } == 0)
            #expect(try lookup.fetchFirst("ключ 🔑") { $0.int64(0) } == -7)
            #expect(try lookup.fetchFirst("plain") { $0.int64(0) } == .max)
            #expect(try lookup.fetchFirst("missing") { $0.int64(0) } == nil)

            let byNumber = try db.cachedStatement(sql: "SELECT key, note FROM item WHERE number = ? AND note IS ?")
            let none: String? = nil
            #expect(try byNumber.fetchFirst(Int64(0), none) { $0.text(0) } == "")
            #expect(try byNumber.fetchFirst(Int64(-7), Optional("x")) { $0.text(0) } == "ключ 🔑")

            var keys: [String] = []
            try db.cachedStatement(sql: "SELECT key FROM item WHERE number >= ? ORDER BY number").forEachRow(Int64(-100)) { keys.append($0.text(0)) }
            #expect(keys == ["ключ 🔑", "", "plain"])
            // The statement was reset: GRDB's own API reuses it with its own arguments.
            #expect(try Int64.fetchOne(lookup, arguments: ["plain"]) == .max)
        }
    }
}
