public import GRDB

extension Database {
    /// Turns every float stored in an `INTEGER` column of `tables` back into an integer,
    /// saturating at the 64-bit range.
    ///
    /// SQLite's `+` does not fail on overflow: it yields a float, which an `INTEGER` column then
    /// keeps. Versions before range checks let that happen to running totals; a module's
    /// migration calls this on its own tables so that every later read finds integers.
    public func repairFloatsInIntegerColumns(of tables: [String]) throws {
        for table in tables {
            let columns = try Row.fetchAll(self, sql: "SELECT name, type FROM pragma_table_info(?)", arguments: [table])
            for column in columns where (column["type"] as String).uppercased() == "INTEGER" {
                let name = (column["name"] as String).quotedDatabaseIdentifier
                try execute(
                    sql: """
                        UPDATE \(table.quotedDatabaseIdentifier)
                        SET \(name) = CAST(max(min(\(name), 9223372036854775807.0), -9223372036854775808.0) AS INTEGER)
                        WHERE typeof(\(name)) = 'real'
                        """)
            }
        }
    }
}
