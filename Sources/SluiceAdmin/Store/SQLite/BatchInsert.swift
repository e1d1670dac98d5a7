import GRDB

/// Inserts many rows with multi-row INSERT statements: one statement per chunk of rows costs
/// far less than one per row. Statements are cached by chunk size, so a steady stream of
/// batches prepares each shape once.
struct BatchInsert {
    /// "INSERT INTO events (execution_id, sequence, event)"
    let head: String
    let columns: Int
    /// Anything after the VALUES list, such as an ON CONFLICT clause.
    var tail = ""

    /// SQLite allows 32,766 parameters per statement; chunks stay well below that.
    private static let rowsPerStatement = 100

    func insert(_ rows: [[(any DatabaseValueConvertible)?]], _ db: Database) throws {
        var start = rows.startIndex
        while start < rows.endIndex {
            let end = min(start + Self.rowsPerStatement, rows.endIndex)
            let chunk = rows[start..<end]
            let statement = try db.cachedStatement(sql: sql(rows: chunk.count))
            statement.setUncheckedArguments(StatementArguments(chunk.joined()))
            try statement.execute()
            start = end
        }
    }

    private func sql(rows: Int) -> String {
        let row = "(" + Array(repeating: "?", count: columns).joined(separator: ", ") + ")"
        return "\(head) VALUES " + Array(repeating: row, count: rows).joined(separator: ", ") + " " + tail
    }
}
