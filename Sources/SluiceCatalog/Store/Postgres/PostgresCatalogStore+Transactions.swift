import PostgresNIO

extension PostgresCatalogStore {
    /// How often a transaction is tried before its deadlock is reported.
    private static let attempts = 5

    /// Runs `body` in one transaction, from the start again when PostgreSQL aborted it to break
    /// a deadlock or a serialization conflict: rolled back, it changed nothing, and the same
    /// call made again is what the caller asked for. Transactions lock rows in digest order,
    /// so this is rare; evictions, which delete many rows in no particular order, may meet it.
    func transaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await database.transaction(body)
            } catch let error as PSQLError where attempt < Self.attempts && Self.mayRetry(error) {
                attempt += 1
                // A short pause, longer each time, lets the transaction that won go first.
                try await Task.sleep(for: .milliseconds(5 * attempt))
            }
        }
    }

    private static func mayRetry(_ error: PSQLError) -> Bool {
        guard let state = error.serverInfo?[.sqlState] else { return false }
        return state == PostgresError.Code.deadlockDetected.raw || state == PostgresError.Code.serializationFailure.raw
    }
}
