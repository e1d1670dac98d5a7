import DequeModule
import SluiceWire
import Synchronization

/// The newest items of the work feed, kept as they are committed, so that the scheduler's long
/// poll of the feed is answered from memory: a signal just set reaches the scheduler without a
/// hop to a reader connection and back, which on a busy machine costs more than the read.
///
/// Items arrive from the commit hook of the transaction that appended them. The store has one
/// writer, so they arrive in cursor order, and every item after `completeAfter` is here. A
/// poll from further back (a scheduler catching up after a restart) reads the database.
final class FeedTail: Sendable {
    private struct State {
        /// Every committed item with a greater cursor is in `items`; nil until the store says
        /// where the feed stood when it opened.
        var completeAfter: UInt64?
        var items: Deque<WorkItem> = []
    }

    private let state = Mutex(State())
    let capacity: Int

    init(capacity: Int = 4_096) {
        self.capacity = max(capacity, 1)
    }

    /// The feed's last cursor when the store opened, before any write: the tail starts there.
    func start(after cursor: UInt64) {
        state.withLock { $0.completeAfter = cursor }
    }

    /// An item whose transaction committed; the oldest kept item goes when the tail is full.
    func committed(_ item: WorkItem) {
        state.withLock { state in
            guard let completeAfter = state.completeAfter else { return }
            // Cursors of committed items follow one another (the table's AUTOINCREMENT, no
            // deletes). A gap means some other connection wrote to the feed: what lies
            // between is in the table only, so polls from before this item read the table.
            if item.cursor != (state.items.last?.cursor ?? completeAfter) + 1 {
                state.items.removeAll()
                state.completeAfter = item.cursor
                return
            }
            state.items.append(item)
            if state.items.count > capacity, let dropped = state.items.popFirst() {
                state.completeAfter = dropped.cursor
            }
        }
    }

    /// The items after `cursor`, at most `limit`, in order; nil when the tail does not reach
    /// back that far.
    func items(after cursor: UInt64, limit: Int) -> [WorkItem]? {
        state.withLock { state in
            guard let completeAfter = state.completeAfter, cursor >= completeAfter else { return nil }
            // Items are in cursor order: skip those at or before `cursor` from the back.
            var first = state.items.endIndex
            while first > state.items.startIndex, state.items[first - 1].cursor > cursor { first -= 1 }
            return Array(state.items[first..<min(first + max(limit, 0), state.items.endIndex)])
        }
    }
}
