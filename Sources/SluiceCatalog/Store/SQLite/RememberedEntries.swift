import Synchronization
import SluiceWire

/// Entries the store has put or looked up lately, and the hits on them it has not written yet.
///
/// A lookup whose keys are all remembered is answered from memory: handing the work to the
/// database's writer thread and back costs two thread wake-ups, more than the rest of a lookup
/// together. Its hits are written behind, by the next write transaction (every one writes them
/// first) or by one scheduled for them.
///
/// What makes this safe: entries are remembered and forgotten only on the writer's queue, after
/// and before the transactions that change them; taking the pending hits and forgetting entries
/// happen in one step, so no hit lands on an entry after its transaction has started. Only one
/// store may serve a database file at a time, as only one catalog serves it.
final class RememberedEntries: Sendable {
    /// Which remembered entries a write transaction forgets as it begins.
    enum Forgetting: Sendable {
        case none
        case digests([String])
        case all
    }

    private struct Held {
        var entry: CacheEntry
        var bytes: Int
    }

    private struct State {
        var held: [String: Held] = [:]
        /// Digests in the order they were remembered; the oldest go first when memory is short.
        /// Forgotten ones stay until they reach the front.
        var order: [String] = []
        var orderStart = 0
        var bytes = 0
        var pending = PendingHits()
        var writeScheduled = false
    }

    private let state = Mutex(State())
    private let byteBudget: Int
    private let largestEntry: Int

    /// `byteBudget`: roughly how much memory remembered entries may take; `largestEntry`: how
    /// much one may take and still be remembered.
    init(byteBudget: Int = 64 << 20, largestEntry: Int = 1 << 20) {
        self.byteBudget = byteBudget
        self.largestEntry = largestEntry
    }

    /// When every digest is remembered, a hit on each at `hitAt` (nanoseconds since 1970): the
    /// entries as they now stand, and whether the caller must schedule a write of the pending
    /// hits. Nil, counting nothing, when any is not.
    func hitAll(_ digests: [String], at hitAt: Int64) -> (entries: [CacheEntry], scheduleWrite: Bool)? {
        state.withLock { state in
            // Each digest is looked up once; its entry is then counted in place, not copied
            // out and stored back: a fan-out's thousand hits come in one call.
            var positions: [Dictionary<String, Held>.Index] = []
            positions.reserveCapacity(digests.count)
            for digest in digests {
                guard let position = state.held.index(forKey: digest) else { return nil }
                positions.append(position)
            }
            let lastHitAt = CatalogTime.timestamp(nanoseconds: hitAt)
            var entries: [CacheEntry] = []
            entries.reserveCapacity(digests.count)
            for (digest, position) in zip(digests, positions) {
                state.held.values[position].entry.hits += 1
                state.held.values[position].entry.lastHitAt = lastHitAt
                entries.append(state.held.values[position].entry)
                state.pending.record(digest, at: hitAt)
            }
            let scheduleWrite = !state.writeScheduled
            state.writeScheduled = true
            return (entries, scheduleWrite)
        }
    }

    /// Remembers entries just committed, each with the size of its stored outputs. On the
    /// writer's queue only, after the transaction that wrote or read them.
    func remember(_ entries: EntriesToRemember) {
        state.withLock { state in
            for (entry, outputBytes) in entries {
                // Decoded outputs take a few times their encoded size.
                let bytes = 512 + 4 * outputBytes
                guard bytes <= largestEntry else { continue }
                if let previous = state.held.updateValue(Held(entry: entry, bytes: bytes), forKey: entry.digest) {
                    state.bytes -= previous.bytes
                } else {
                    state.order.append(entry.digest)
                }
                state.bytes += bytes
            }
            Self.shrink(&state, to: byteBudget)
        }
    }

    /// Takes the hits not written yet, forgetting entries in the same step. At the start of a
    /// write transaction, which writes them.
    func takePending(forgetting: Forgetting) -> PendingHits {
        state.withLock { state in
            switch forgetting {
            case .none:
                break
            case .digests(let digests):
                for digest in digests {
                    if let forgotten = state.held.removeValue(forKey: digest) { state.bytes -= forgotten.bytes }
                }
            case .all:
                state = State(pending: state.pending)
            }
            defer { state.pending = PendingHits() }
            return state.pending
        }
    }

    /// Hits a write failed to store, kept for the next one.
    func putBack(_ pending: PendingHits) {
        state.withLock { $0.pending.merge(pending) }
    }

    /// Called by the write scheduled for pending hits as it starts: hits after this schedule
    /// another.
    func scheduledWriteStarted() {
        state.withLock { $0.writeScheduled = false }
    }

    var hasPendingHits: Bool {
        state.withLock { !$0.pending.isEmpty }
    }

    private static func shrink(_ state: inout State, to budget: Int) {
        while state.bytes > budget, state.orderStart < state.order.count {
            let oldest = state.order[state.orderStart]
            state.orderStart += 1
            if let forgotten = state.held.removeValue(forKey: oldest) { state.bytes -= forgotten.bytes }
        }
        // Forgotten and re-remembered digests pile up in the order; it is rebuilt once they
        // are as many as the digests held.
        if state.order.count - state.orderStart > 2 * state.held.count + 64 {
            var seen: Set<String> = []
            state.order = state.order[state.orderStart...].filter { state.held[$0] != nil && seen.insert($0).inserted }
            state.orderStart = 0
        }
    }
}
