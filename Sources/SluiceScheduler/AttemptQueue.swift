import DequeModule
import SluiceEngine
import SluiceWire

/// Attempts waiting for an executor, oldest first. An executor takes the oldest attempts it
/// can run: its pool, and a task kind it runs (shell, or a Swift task it registered).
///
/// Attempts wait in lanes, one per pool and runner, so that an executor only looks at what it
/// can run: a poll costs the attempts it takes, not the length of the queue.
struct AttemptQueue {
    /// What an executor must offer to run an attempt.
    private enum Runner: Hashable {
        case shell
        case swift(String)
        /// Nothing can run it (a task with no kind); it waits until withdrawn.
        case none
    }

    private struct Lane: Hashable {
        let pool: String
        let runner: Runner
    }

    private struct Entry {
        /// Arrival order across lanes.
        let order: UInt64
        let dispatch: AttemptDispatch
        let queuedAt: ContinuousClock.Instant
    }

    private var lanes: [Lane: Deque<Entry>] = [:]
    private var nextOrder: UInt64 = 0
    /// Every attempt in a lane, withdrawn or not.
    private var queued: Set<String> = []
    /// Attempts withdrawn (cancelled) before an executor took them; skipped when met.
    private var withdrawn: Set<String> = []
    /// Attempts already reported as waiting with no executor to run them (see ``unserved``).
    private var reportedUnserved: Set<String> = []

    var count: Int { queued.count - withdrawn.count }

    mutating func append(_ dispatch: AttemptDispatch, at now: ContinuousClock.Instant = .now) {
        let attemptID = dispatch.assignment.attemptID
        // Queued again while still in its lane: it keeps its place.
        if queued.contains(attemptID) {
            withdrawn.remove(attemptID)
            return
        }
        queued.insert(attemptID)
        lanes[Self.lane(of: dispatch), default: []].append(Entry(order: nextOrder, dispatch: dispatch, queuedAt: now))
        nextOrder += 1
    }

    mutating func withdraw(_ attemptID: String) {
        if queued.contains(attemptID) { withdrawn.insert(attemptID) }
    }

    /// Whether the attempt waits here (and was not withdrawn).
    func contains(_ attemptID: String) -> Bool {
        queued.contains(attemptID) && !withdrawn.contains(attemptID)
    }

    /// Withdraws every attempt of the execution (attempt ids are "execution:node:number").
    mutating func withdraw(executionID: String) {
        let prefix = executionID + ":"
        for attemptID in queued where attemptID.hasPrefix(prefix) { withdrawn.insert(attemptID) }
    }

    /// Removes and returns up to `limit` attempts the executor can run, oldest first.
    mutating func take(upTo limit: Int, for executor: ExecutorInfo) -> [AttemptDispatch] {
        guard limit > 0, count > 0 else { return [] }
        let eligible = lanes.keys.filter { Self.canRun($0, on: executor) }
        var taken: [AttemptDispatch] = []
        while taken.count < limit {
            // The lane whose first attempt is the oldest; lanes are few (one per task name).
            var oldest: (lane: Lane, order: UInt64)?
            for lane in eligible {
                guard let first = lanes[lane]?.first else { continue }
                if oldest == nil || first.order < oldest!.order { oldest = (lane, first.order) }
            }
            guard let lane = oldest?.lane, let entry = lanes[lane]?.popFirst() else { break }
            if lanes[lane]?.isEmpty ?? false { lanes[lane] = nil }
            let attemptID = entry.dispatch.assignment.attemptID
            queued.remove(attemptID)
            reportedUnserved.remove(attemptID)
            if withdrawn.remove(attemptID) != nil { continue }
            taken.append(entry.dispatch)
        }
        return taken
    }

    /// Removes a specific attempt (an executor reported running it before it was handed out);
    /// nil when it is not waiting, or was withdrawn.
    mutating func remove(_ attemptID: String) -> AttemptDispatch? {
        guard queued.contains(attemptID) else { return nil }
        // Found first, changed after: a lane changed while the loop holds it is copied whole.
        var found: (lane: Lane, index: Int)?
        for (lane, entries) in lanes {
            if let index = entries.firstIndex(where: { $0.dispatch.assignment.attemptID == attemptID }) {
                found = (lane, index)
                break
            }
        }
        guard let (lane, index) = found else { return nil }
        let entry = lanes[lane]!.remove(at: index)
        if lanes[lane]?.isEmpty ?? false { lanes[lane] = nil }
        queued.remove(attemptID)
        reportedUnserved.remove(attemptID)
        return withdrawn.remove(attemptID) == nil ? entry.dispatch : nil
    }

    /// Attempts queued at or before `cutoff` that none of `executors` can run, each returned
    /// once: for telling people that their nodes wait for an executor that is not there.
    mutating func unserved(queuedBefore cutoff: ContinuousClock.Instant, executors: [ExecutorInfo]) -> [AttemptDispatch] {
        var found: [AttemptDispatch] = []
        for (lane, entries) in lanes where !executors.contains(where: { Self.canRun(lane, on: $0) }) {
            for entry in entries {
                guard entry.queuedAt <= cutoff else { break }
                let attemptID = entry.dispatch.assignment.attemptID
                guard !withdrawn.contains(attemptID), reportedUnserved.insert(attemptID).inserted else { continue }
                found.append(entry.dispatch)
            }
        }
        return found.sorted { $0.assignment.attemptID < $1.assignment.attemptID }
    }

    static func canRun(_ dispatch: AttemptDispatch, on executor: ExecutorInfo) -> Bool {
        canRun(lane(of: dispatch), on: executor)
    }

    private static func canRun(_ lane: Lane, on executor: ExecutorInfo) -> Bool {
        guard lane.pool == executor.pool else { return false }
        switch lane.runner {
        case .shell: return executor.runsShell
        case .swift(let name): return executor.swiftTasks.contains(name)
        case .none: return false
        }
    }

    private static func lane(of dispatch: AttemptDispatch) -> Lane {
        let runner: Runner
        switch dispatch.assignment.task?.kind {
        case .shell: runner = .shell
        case .swift(let swift): runner = .swift(swift.name)
        case .dynamic(let dynamic):
            switch dynamic.body {
            case .swiftName(let name): runner = .swift(name)
            case .shell: runner = .shell
            case nil: runner = .none
            }
        case nil: runner = .none
        }
        return Lane(pool: dispatch.pool, runner: runner)
    }
}
