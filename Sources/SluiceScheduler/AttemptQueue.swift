import DequeModule
import SluiceEngine
import SluiceWire

/// Attempts waiting for an executor, oldest first. An executor takes the oldest attempts it
/// can run: its pool, and a task kind it runs (shell, or a Swift task it registered).
struct AttemptQueue {
    private var waiting: Deque<AttemptDispatch> = []
    /// Attempts withdrawn (cancelled) before an executor took them; skipped when met.
    private var withdrawn: Set<String> = []

    var count: Int { waiting.count - withdrawn.count }

    mutating func append(_ dispatch: AttemptDispatch) {
        withdrawn.remove(dispatch.assignment.attemptID)
        waiting.append(dispatch)
    }

    mutating func withdraw(_ attemptID: String) {
        if waiting.contains(where: { $0.assignment.attemptID == attemptID }) { withdrawn.insert(attemptID) }
    }

    /// Removes and returns up to `limit` attempts the executor can run.
    mutating func take(upTo limit: Int, for executor: ExecutorInfo) -> [AttemptDispatch] {
        guard limit > 0, !waiting.isEmpty else { return [] }
        var taken: [AttemptDispatch] = []
        var kept: Deque<AttemptDispatch> = []
        while let next = waiting.popFirst() {
            if withdrawn.remove(next.assignment.attemptID) != nil { continue }
            if taken.count < limit, Self.canRun(next, on: executor) {
                taken.append(next)
            } else {
                kept.append(next)
                // Nothing more to take: keep the rest as it is, in order.
                if taken.count == limit { break }
            }
        }
        kept.append(contentsOf: waiting)
        waiting = kept
        return taken
    }

    /// Removes a specific attempt (an executor reported running it before it was handed out).
    mutating func remove(_ attemptID: String) -> AttemptDispatch? {
        guard let index = waiting.firstIndex(where: { $0.assignment.attemptID == attemptID }) else { return nil }
        return waiting.remove(at: index)
    }

    static func canRun(_ dispatch: AttemptDispatch, on executor: ExecutorInfo) -> Bool {
        guard dispatch.pool == executor.pool else { return false }
        switch dispatch.assignment.task?.kind {
        case .shell: return executor.runsShell
        case .swift(let swift): return executor.swiftTasks.contains(swift.name)
        case .dynamic(let dynamic):
            switch dynamic.body {
            case .swiftName(let name): return executor.swiftTasks.contains(name)
            case .shell: return executor.runsShell
            case nil: return false
            }
        case nil: return false
        }
    }
}
