import DequeModule
import Synchronization

/// Registered workflows already decoded, by name, version and digest. A registered version
/// never changes, so a kept entry is always right; keeping it spares every execution of a large
/// workflow decoding its spec and compiled graph again (at creation, when the scheduler takes
/// it over, at each signal). Bounded by the size of the stored bytes, oldest out first.
final class RegisteredWorkflowCache: Sendable {
    struct Key: Hashable, Sendable {
        let name: String
        let version: String
        let digest: String
    }

    private struct State {
        var entries: [Key: (workflow: RegisteredWorkflow, bytes: Int)] = [:]
        var order: Deque<Key> = []
        var bytes = 0
    }

    private let state = Mutex(State())
    let byteLimit: Int

    init(byteLimit: Int = 64 << 20) {
        self.byteLimit = byteLimit
    }

    func workflow(_ key: Key) -> RegisteredWorkflow? {
        state.withLock { $0.entries[key]?.workflow }
    }

    /// Keeps `workflow`, whose stored form is `bytes` long; one larger than the whole limit is
    /// not kept.
    func keep(_ workflow: RegisteredWorkflow, as key: Key, bytes: Int) {
        guard bytes <= byteLimit else { return }
        state.withLock { state in
            guard state.entries[key] == nil else { return }
            state.entries[key] = (workflow, bytes)
            state.order.append(key)
            state.bytes += bytes
            while state.bytes > byteLimit, let oldest = state.order.popFirst() {
                state.bytes -= state.entries.removeValue(forKey: oldest)?.bytes ?? 0
            }
        }
    }

    var count: Int { state.withLock { $0.entries.count } }
}
