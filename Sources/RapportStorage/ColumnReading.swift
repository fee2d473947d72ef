public import GRDB
import GRDBSQLite

/// Reading the columns of a fetched row by position: GRDB's `Row`, or ``SQLiteColumns`` on the
/// hot path of point reads. Decoders written against it (a customer row) serve both.
public protocol ColumnReading {
    func int64(_ index: Int32) -> Int64
    func optionalInt64(_ index: Int32) -> Int64?
    func text(_ index: Int32) -> String
    func optionalText(_ index: Int32) -> String?
}

extension Row: ColumnReading {
    public func int64(_ index: Int32) -> Int64 { self[Int(index)] }
    public func optionalInt64(_ index: Int32) -> Int64? { self[Int(index)] }
    public func text(_ index: Int32) -> String { self[Int(index)] }
    public func optionalText(_ index: Int32) -> String? { self[Int(index)] }
}

/// The current row of a stepped SQLite statement, read with SQLite's column functions.
///
/// GRDB's `Row` builds a dictionary of lowercased column names for every cursor, which costs as
/// much as decoding a customer; a point read that knows its columns by position skips it.
public struct SQLiteColumns: ColumnReading {
    let statement: SQLiteStatement

    public func int64(_ index: Int32) -> Int64 { sqlite3_column_int64(statement, index) }

    public func optionalInt64(_ index: Int32) -> Int64? {
        sqlite3_column_type(statement, index) == SQLITE_NULL ? nil : sqlite3_column_int64(statement, index)
    }

    public func text(_ index: Int32) -> String { optionalText(index) ?? "" }

    public func optionalText(_ index: Int32) -> String? {
        guard let bytes = sqlite3_column_text(statement, index) else { return nil }
        let count = Int(sqlite3_column_bytes(statement, index))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }
}

extension Statement {
    /// Runs the statement with `arguments` and reads its first row with `read`; nil without rows.
    public func fetchFirst<T>(arguments: StatementArguments, _ read: (SQLiteColumns) throws -> T) throws -> T? {
        try setArguments(arguments)
        defer { sqlite3_reset(sqliteStatement) }
        guard try step() else { return nil }
        return try read(SQLiteColumns(statement: sqliteStatement))
    }

    /// Runs the statement with `arguments` and calls `body` with each row in turn.
    public func forEachRow(arguments: StatementArguments, _ body: (SQLiteColumns) throws -> Void) throws {
        try setArguments(arguments)
        defer { sqlite3_reset(sqliteStatement) }
        while try step() {
            try body(SQLiteColumns(statement: sqliteStatement))
        }
    }

    /// Steps once: true on a row, false when done.
    private func step() throws -> Bool {
        let code = sqlite3_step(sqliteStatement)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(sqlite3_db_handle(sqliteStatement))),
                                sql: sql)
        }
    }
}
