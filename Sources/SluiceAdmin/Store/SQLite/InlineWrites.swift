import GRDB
import Synchronization

/// Admin's write transactions. One that finds no other write under way runs at once on the
/// calling thread: GRDB's writer queue is then free, so its synchronous `write` takes the
/// queue without waiting and runs the transaction right there. A request that records the
/// scheduler's events is thus answered from the thread that received it, without two hops
/// (into GRDB's queue and back to Swift's pool), which cost more on a busy machine than the
/// transaction itself. A write that finds another under way is awaited on GRDB's queue as
/// usual, so no thread ever waits for another write.
///
/// Every write of the admin store must come through here, or the count would not know when
/// the writer queue is busy.
final class InlineWrites: Sendable {
    private let pool: DatabasePool
    private let underWay = Atomic<Int>(0)

    init(_ pool: DatabasePool) {
        self.pool = pool
    }

    func write<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws -> T {
        if underWay.compareExchange(expected: 0, desired: 1, ordering: .acquiringAndReleasing).exchanged {
            defer { underWay.subtract(1, ordering: .releasing) }
            return try writeNow(body)
        }
        underWay.add(1, ordering: .acquiringAndReleasing)
        defer { underWay.subtract(1, ordering: .releasing) }
        return try await pool.write(body)
    }

    /// GRDB's synchronous write: from a synchronous function, so that it is the one chosen.
    private func writeNow<T>(_ body: (Database) throws -> T) throws -> T {
        try pool.write(body)
    }
}
