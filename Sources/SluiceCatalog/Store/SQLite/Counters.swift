import GRDB

/// The catalog's running totals, kept in the counters table so they survive restarts.
enum Counter: String, CaseIterable {
    case hits
    case misses
    case puts

    func add(_ amount: Int, _ db: Database) throws {
        guard amount > 0 else { return }
        try db.cachedStatement(sql: "UPDATE counters SET value = value + ? WHERE name = ?")
            .execute(arguments: [amount, rawValue])
    }

    static func values(_ db: Database) throws -> [Counter: UInt64] {
        var values: [Counter: UInt64] = [:]
        for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT name, value FROM counters")) {
            if let counter = Counter(rawValue: row[0]) { values[counter] = UInt64(max(row[1] as Int64, 0)) }
        }
        return values
    }
}
