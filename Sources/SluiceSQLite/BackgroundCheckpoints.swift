import GRDB

/// Copies a database's write-ahead log back into the database file beside the writes instead
/// of inside one of them.
///
/// Left to itself, SQLite does this in the commit that takes the log past 1,000 pages: that
/// commit then waits for a thousand page writes and two fsyncs, and so does the request that
/// made it. Under load that is every few seconds, and it was the slowest step of an execution.
/// Here the writer only checkpoints itself once the log is ten times that (a safety net, should
/// these fall behind); a connection of its own checkpoints (PASSIVE: it never blocks the writer
/// or a reader) at most every ``interval`` while commits happen, and not at all while none do.
enum BackgroundCheckpoints {
    /// Log pages after which the writer checkpoints in its own commit after all.
    static let writerLimit = 10_000
    static let interval: Duration = .milliseconds(500)

    /// Starts checkpointing `pool`'s file through `checkpointer`, until the pool is gone.
    static func start(for pool: DatabasePool, through checkpointer: DatabaseQueue) async throws {
        let (commits, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let observer = CommitObserver(continuation)
        try await pool.writeWithoutTransaction { db in db.add(transactionObserver: observer, extent: .databaseLifetime) }
        Task.detached(priority: .utility) {
            for await _ in commits {
                // Commits that follow within the interval share one checkpoint.
                try? await Task.sleep(for: interval)
                _ = try? await checkpointer.writeWithoutTransaction { db in try db.checkpoint(.passive) }
            }
        }
    }
}

/// Tells the checkpoints that a transaction committed. Owned by the writer connection, so the
/// stream ends, and the checkpoints with it, when the connection is closed.
private final class CommitObserver: TransactionObserver, Sendable {
    private let commits: AsyncStream<Void>.Continuation

    init(_ commits: AsyncStream<Void>.Continuation) {
        self.commits = commits
    }

    deinit { commits.finish() }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { false }
    func databaseDidChange(with event: DatabaseEvent) {}
    func databaseDidCommit(_ db: Database) { commits.yield() }
    func databaseDidRollback(_ db: Database) {}
}
