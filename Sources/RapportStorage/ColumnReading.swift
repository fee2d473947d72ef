public import GRDB
import GRDBSQLite

/// Reading the columns of a fetched row by position: GRDB's `Row`, or ``SQLiteColumns`` on the
/// hot path of point reads. Decoders written against it (a customer row) serve both.
///
/// A read never traps: a column that does not hold what the reader asks for (a float where an
/// integer belongs, NULL where a value must be) throws ``ColumnReadingError``, which names the
/// column's position but never its content, since a row may hold personal data.
public protocol ColumnReading {
    /// The integer in column `index` (0-based); throws ``ColumnReadingError`` when it is NULL or not an integer.
    func int64(_ index: Int32) throws -> Int64
    /// The integer in column `index` (0-based), or nil when it is NULL; throws ``ColumnReadingError`` when it is not an integer.
    func optionalInt64(_ index: Int32) throws -> Int64?
    /// The text in column `index` (0-based); throws ``ColumnReadingError`` when it is NULL or not text.
    func text(_ index: Int32) throws -> String
    /// The text in column `index` (0-based), or nil when it is NULL; throws ``ColumnReadingError`` when it is not text.
    func optionalText(_ index: Int32) throws -> String?
}

/// A stored value that is not of the type its reader expects.
public struct ColumnReadingError: Error, CustomStringConvertible {
    /// The column's position in the row.
    public var index: Int32
    /// What the reader expected.
    public var expected: String

    /// `column 3 does not hold an integer`: the position and the expectation, never the stored value.
    public var description: String { "column \(index) does not hold \(expected)" }
}

extension Row: ColumnReading {
    /// The integer in column `index`; throws ``ColumnReadingError`` when it is NULL or not an integer.
    public func int64(_ index: Int32) throws -> Int64 {
        guard let value = try optionalInt64(index) else { throw ColumnReadingError(index: index, expected: "an integer") }
        return value
    }

    /// The integer in column `index`, or nil when it is NULL; throws ``ColumnReadingError`` when it is not an integer.
    public func optionalInt64(_ index: Int32) throws -> Int64? {
        switch self[Int(index)] as DatabaseValue {
        case let value where value.isNull: return nil
        case let value:
            guard case .int64(let integer) = value.storage else { throw ColumnReadingError(index: index, expected: "an integer") }
            return integer
        }
    }

    /// The text in column `index`; throws ``ColumnReadingError`` when it is NULL or not text.
    public func text(_ index: Int32) throws -> String {
        guard let value = try optionalText(index) else { throw ColumnReadingError(index: index, expected: "text") }
        return value
    }

    /// The text in column `index`, or nil when it is NULL; throws ``ColumnReadingError`` when it is not text.
    public func optionalText(_ index: Int32) throws -> String? {
        let value = self[Int(index)] as DatabaseValue
        if value.isNull { return nil }
        guard case .string(let text) = value.storage else { throw ColumnReadingError(index: index, expected: "text") }
        return text
    }
}

/// The current row of a stepped SQLite statement, read with SQLite's column functions.
///
/// GRDB's `Row` builds a dictionary of lowercased column names for every cursor, which costs as
/// much as decoding a customer; a point read that knows its columns by position skips it.
public struct SQLiteColumns: ColumnReading {
    let statement: SQLiteStatement

    /// The integer in column `index`; throws ``ColumnReadingError`` when it is NULL or not an integer.
    public func int64(_ index: Int32) throws -> Int64 {
        guard let value = try optionalInt64(index) else { throw ColumnReadingError(index: index, expected: "an integer") }
        return value
    }

    /// The integer in column `index`, or nil when it is NULL; throws ``ColumnReadingError`` when it is not an integer.
    public func optionalInt64(_ index: Int32) throws -> Int64? {
        switch sqlite3_column_type(statement, index) {
        case SQLITE_NULL: return nil
        case SQLITE_INTEGER: return sqlite3_column_int64(statement, index)
        default: throw ColumnReadingError(index: index, expected: "an integer")
        }
    }

    /// The text in column `index`, with SQLite's conversion of other types; NULL reads as the empty string rather than throwing.
    public func text(_ index: Int32) throws -> String { optionalText(index) ?? "" }

    /// The text in column `index` as SQLite converts it (integers and floats become their text), or nil when it is NULL; never throws.
    public func optionalText(_ index: Int32) -> String? {
        guard let bytes = sqlite3_column_text(statement, index) else { return nil }
        let count = Int(sqlite3_column_bytes(statement, index))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }
}

/// A value bound straight to a statement parameter with SQLite's bind functions: point reads
/// skip `StatementArguments`, whose array, validation and clearing cost as much as the read.
public protocol SQLiteBindable {
    /// Binds the value to parameter `index` (1-based) of `statement`; returns SQLite's result code.
    func bind(to statement: SQLiteStatement, at index: Int32) -> Int32
}

/// SQLite copies the bytes it is given, so the Swift string may go away after the call.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

extension String: SQLiteBindable {
    /// Binds the string as UTF-8 text (SQLite copies the bytes); the empty string binds `''`, not NULL.
    public func bind(to statement: SQLiteStatement, at index: Int32) -> Int32 {
        var text = self
        return text.withUTF8 { bytes in
            // A nil address would bind NULL, not the empty string.
            guard let start = bytes.baseAddress, !bytes.isEmpty else { return sqlite3_bind_text(statement, index, "", 0, transient) }
            return start.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                sqlite3_bind_text(statement, index, $0, Int32(bytes.count), transient)
            }
        }
    }
}

extension Int64: SQLiteBindable {
    /// Binds the integer with `sqlite3_bind_int64`; returns SQLite's result code.
    public func bind(to statement: SQLiteStatement, at index: Int32) -> Int32 { sqlite3_bind_int64(statement, index, self) }
}

extension Optional: SQLiteBindable where Wrapped: SQLiteBindable {
    /// Binds the wrapped value, or NULL when nil; returns SQLite's result code.
    public func bind(to statement: SQLiteStatement, at index: Int32) -> Int32 {
        self?.bind(to: statement, at: index) ?? sqlite3_bind_null(statement, index)
    }
}

extension Statement {
    /// Runs the statement with `arguments` bound in order and reads its first row with `read`;
    /// nil without rows.
    public func fetchFirst<each Argument: SQLiteBindable, T>(
        _ arguments: repeat each Argument, read: (SQLiteColumns) throws -> T
    ) throws -> T? {
        try bind(repeat each arguments)
        defer { sqlite3_reset(sqliteStatement) }
        guard try step() else { return nil }
        return try read(SQLiteColumns(statement: sqliteStatement))
    }

    /// Runs the statement with `arguments` bound in order and calls `body` with each row in turn.
    public func forEachRow<each Argument: SQLiteBindable>(
        _ arguments: repeat each Argument, body: (SQLiteColumns) throws -> Void
    ) throws {
        try bind(repeat each arguments)
        defer { sqlite3_reset(sqliteStatement) }
        while try step() {
            try body(SQLiteColumns(statement: sqliteStatement))
        }
    }

    /// Binds every parameter, in order; the statement was reset after its last use.
    private func bind<each Argument: SQLiteBindable>(_ arguments: repeat each Argument) throws {
        var index: Int32 = 0
        for argument in repeat each arguments {
            index += 1
            let code = argument.bind(to: sqliteStatement, at: index)
            guard code == SQLITE_OK else { throw error(code) }
        }
        precondition(index == sqlite3_bind_parameter_count(sqliteStatement), "\(index) arguments for the parameters of \(sql)")
    }

    /// Steps once: true on a row, false when done.
    private func step() throws -> Bool {
        let code = sqlite3_step(sqliteStatement)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw error(code)
        }
    }

    private func error(_ code: Int32) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(sqlite3_db_handle(sqliteStatement))), sql: sql)
    }
}
