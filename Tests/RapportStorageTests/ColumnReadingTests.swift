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
            #expect(try lookup.fetchFirst("") { try $0.int64(0) } == 0)
            #expect(try lookup.fetchFirst("ключ 🔑") { try $0.int64(0) } == -7)
            #expect(try lookup.fetchFirst("plain") { try $0.int64(0) } == .max)
            #expect(try lookup.fetchFirst("missing") { try $0.int64(0) } == nil)

            let byNumber = try db.cachedStatement(sql: "SELECT key, note FROM item WHERE number = ? AND note IS ?")
            let none: String? = nil
            #expect(try byNumber.fetchFirst(Int64(0), none) { try $0.text(0) } == "")
            #expect(try byNumber.fetchFirst(Int64(-7), Optional("x")) { try $0.text(0) } == "ключ 🔑")

            var keys: [String] = []
            try db.cachedStatement(sql: "SELECT key FROM item WHERE number >= ? ORDER BY number").forEachRow(Int64(-100)) {
                keys.append(try $0.text(0))
            }
            #expect(keys == ["ключ 🔑", "", "plain"])
            // The statement was reset: GRDB's own API reuses it with its own arguments.
            #expect(try Int64.fetchOne(lookup, arguments: ["plain"]) == .max)
        }
    }

    /// A float or NULL where an integer belongs (as an overflowing `+` leaves in SQLite) is an
    /// error for that read, through either reader, never a trap; the error names no content.
    @Test func aFloatInAnIntegerColumnThrowsInsteadOfTrapping() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE total (id TEXT, spent INTEGER, name TEXT)")
            try db.execute(sql: "INSERT INTO total VALUES ('a', 9223372036854775807, 'Anna'), ('b', NULL, 'Boris')")
            try db.execute(sql: "UPDATE total SET spent = spent + 9223372036854775807 WHERE id = 'a'")
            #expect(try String.fetchOne(db, sql: "SELECT typeof(spent) FROM total WHERE id = 'a'") == "real")
            let statement = try db.cachedStatement(sql: "SELECT spent, name FROM total WHERE id = ?")
            #expect(throws: ColumnReadingError.self) { try statement.fetchFirst("a") { try $0.int64(0) } }
            #expect(throws: ColumnReadingError.self) { try statement.fetchFirst("b") { try $0.int64(0) } }
            #expect(try statement.fetchFirst("b") { try $0.optionalInt64(0) } == .some(nil))
            let row = try #require(try Row.fetchOne(db, sql: "SELECT spent, name FROM total WHERE id = 'a'"))
            #expect(throws: ColumnReadingError.self) { try row.int64(0) }
            #expect(try row.text(1) == "Anna")
            let error = try #require(throws: ColumnReadingError.self) { try row.optionalInt64(0) }
            #expect(!"\(error)".contains("Anna") && !"\(error)".contains("9.2"))

            // The repair turns the float back into an integer, saturated.
            try db.repairFloatsInIntegerColumns(of: ["total"])
            #expect(try String.fetchOne(db, sql: "SELECT typeof(spent) FROM total WHERE id = 'a'") == "integer")
            #expect(try statement.fetchFirst("a") { try $0.int64(0) } == .max)
        }
    }
}
