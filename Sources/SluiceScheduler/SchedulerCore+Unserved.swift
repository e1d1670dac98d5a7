import SluiceEngine
import SluiceWire

// An attempt no connected executor can run waits in the queue for as long as that lasts: a
// Swift task whose worker was not started, a pool nobody serves. Its node would sit at RUNNING
// with nothing to say why; instead, after a short while, the attempt is recorded as waiting,
// with the reason, which `sluice status` and `sluice watch` show. It starts as soon as an
// executor that can run it connects.
extension SchedulerCore {
    /// An executor heard from within this long, and not leaving, counts as connected (its long
    /// polls wait at most 60 seconds).
    static let connectedWithin: Duration = .seconds(90)

    /// Records, once per attempt, the attempts queued for ``SchedulerTuning/unservedAfter``
    /// (long enough for executors started with the scheduler to connect) that no connected
    /// executor can run.
    func reportUnservedAttempts(now: ContinuousClock.Instant = .now) {
        guard queue.count > 0 else { return }
        let connected = executors.values
            .filter { !$0.draining && now - $0.lastSeen < Self.connectedWithin }
            .map(\.info)
        let timestamp = Timestamp.now()
        for dispatch in queue.unserved(queuedBefore: now - tuning.unservedAfter, executors: connected) {
            let executionID = dispatch.assignment.executionID
            let reason = Self.unservedReason(dispatch)
            guard let effects = withMachine(executionID, { $0.attemptWaiting(dispatch.assignment.attemptID, reason: reason, now: timestamp) })
            else { continue }
            apply(effects, for: executionID)
        }
    }

    /// "no connected executor serves task render:1 (a Swift task: start a worker that has it)".
    static func unservedReason(_ dispatch: AttemptDispatch) -> String {
        let task = dispatch.assignment.task
        let name = task?.id.map { "\($0.name):\($0.version)" } ?? "(unnamed)"
        let pool = dispatch.pool.isEmpty ? "" : " in pool \"\(dispatch.pool)\""
        let remedy = switch task?.kind {
        case .swift(let swift): "a Swift task: start a worker that serves \"\(swift.name)\""
        case .shell: "a shell task: start sluice-executor"
        case .dynamic(let dynamic):
            switch dynamic.body {
            case .swiftName(let name): "a Swift task: start a worker that serves \"\(name)\""
            case .shell: "a shell task: start sluice-executor"
            case nil: "a task no executor can run"
            }
        case nil: "a task no executor can run"
        }
        return "no connected executor\(pool) serves task \(name) (\(remedy))"
    }
}
