import GRDB
import SluiceWire

/// Entries a transaction read or wrote, with the size of their stored outputs, to remember
/// once it has committed.
typealias EntriesToRemember = [(entry: CacheEntry, outputBytes: Int)]

extension SQLiteCatalogStore {
    /// Runs `body` in one write transaction that first writes the hits counted in memory and,
    /// as it begins, forgets the remembered entries it may change. Once it has committed, and
    /// before any other write, the entries `body` listed are remembered as they now stand.
    func transaction<T: Sendable>(
        forgetting: RememberedEntries.Forgetting = .none,
        _ body: @escaping @Sendable (Database, inout EntriesToRemember) throws -> T
    ) async throws -> T {
        try await pool.writeWithoutTransaction { [self] db in try committing(db, forgetting: forgetting, body) }
    }

    public func writePendingHits() async throws {
        if remembered.hasPendingHits {
            try await transaction { _, _ in }
        }
    }

    /// Reads once the hits counted in memory are written, so what is read counts them.
    func readCurrent<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await writePendingHits()
        return try await pool.read(body)
    }

    /// How long hits counted in memory wait to be written: long enough to gather a stream of
    /// lookups into one transaction, short enough that a kill loses few.
    static let hitWriteDelay = Duration.milliseconds(100)

    /// Writes the hits counted in memory in a transaction of their own after
    /// ``hitWriteDelay``, without anyone waiting for it.
    func writeHitsBehind() {
        Task {
            try? await Task.sleep(for: Self.hitWriteDelay)
            pool.asyncWriteWithoutTransaction { [self] db in
                remembered.scheduledWriteStarted()
                // A failure keeps the hits for the next write, which reports it.
                _ = try? committing(db, forgetting: .none) { _, _ in }
            }
        }
    }

    /// ``transaction(forgetting:_:)`` on the writer's queue.
    private func committing<T>(
        _ db: Database, forgetting: RememberedEntries.Forgetting, _ body: (Database, inout EntriesToRemember) throws -> T
    ) throws -> T {
        let pending = remembered.takePending(forgetting: forgetting)
        var toRemember: EntriesToRemember = []
        do {
            try db.beginTransaction()
            try pending.write(db)
            let outcome = try body(db, &toRemember)
            try db.commit()
            remembered.remember(toRemember)
            return outcome
        } catch {
            if db.isInsideTransaction { try? db.rollback() }
            remembered.putBack(pending)
            throw error
        }
    }
}
