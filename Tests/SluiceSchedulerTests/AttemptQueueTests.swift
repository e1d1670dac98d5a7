@testable import SluiceEngine
@testable import SluiceScheduler
import SluiceWire
import Testing

@Suite("Attempt queue")
struct AttemptQueueTests {
    static func dispatch(_ id: String, swift name: String? = nil, pool: String = "") -> AttemptDispatch {
        var task = TaskSpec()
        task.kind = name.map { .swift(SwiftTask(name: $0)) } ?? .shell(ShellTask())
        return AttemptDispatch(
            assignment: AttemptAssignment(attemptID: id, task: task), pool: pool, heartbeatTimeout: .seconds(30))
    }

    static let shellExecutor = ExecutorInfo(executorID: "sh", runsShell: true)
    static func swiftExecutor(_ names: String...) -> ExecutorInfo {
        ExecutorInfo(executorID: "sw", swiftTasks: names)
    }

    static func ids(_ dispatches: [AttemptDispatch]) -> [String] { dispatches.map(\.assignment.attemptID) }

    /// A queue holding shell attempts "1" and "2", with "1" withdrawn.
    static func firstWithdrawn() -> AttemptQueue {
        var queue = AttemptQueue()
        queue.append(dispatch("1"))
        queue.append(dispatch("2"))
        queue.withdraw("1")
        return queue
    }

    @Test("an executor takes the oldest attempts it can run, across task names, and no others")
    func oldestFirstAcrossLanes() {
        var queue = AttemptQueue()
        for (id, name) in [("1", "a"), ("2", nil), ("3", "b"), ("4", "a"), ("5", "c"), ("6", "b")] {
            queue.append(Self.dispatch(id, swift: name))
        }
        #expect(Self.ids(queue.take(upTo: 3, for: Self.swiftExecutor("a", "b"))) == ["1", "3", "4"])
        #expect(Self.ids(queue.take(upTo: 10, for: Self.shellExecutor)) == ["2"])
        #expect(Self.ids(queue.take(upTo: 10, for: Self.swiftExecutor("a", "b"))) == ["6"])
        #expect(queue.count == 1)
        #expect(Self.ids(queue.take(upTo: 10, for: Self.swiftExecutor("c"))) == ["5"])
        #expect(queue.count == 0)
    }

    @Test("an executor of another pool takes nothing")
    func poolsAreSeparate() {
        var queue = AttemptQueue()
        queue.append(Self.dispatch("1", pool: "gpu"))
        #expect(queue.take(upTo: 5, for: Self.shellExecutor).isEmpty)
        #expect(Self.ids(queue.take(upTo: 5, for: ExecutorInfo(executorID: "g", pool: "gpu", runsShell: true))) == ["1"])
    }

    @Test("a withdrawn attempt is never handed out, and no longer counts")
    func withdrawn() {
        var queue = Self.firstWithdrawn()
        queue.withdraw("unknown")
        #expect(queue.count == 1)
        #expect(queue.remove("1") == nil)
        #expect(Self.ids(queue.take(upTo: 5, for: Self.shellExecutor)) == ["2"])
        #expect(queue.count == 0)
    }

    @Test("queued again while waiting, an attempt keeps its place and is handed out once")
    func appendedTwice() {
        var queue = Self.firstWithdrawn()
        queue.append(Self.dispatch("1"))
        #expect(queue.count == 2)
        #expect(Self.ids(queue.take(upTo: 5, for: Self.shellExecutor)) == ["1", "2"])
    }

    @Test("an attempt removed by id leaves the others in order")
    func removeByID() {
        var queue = AttemptQueue()
        for id in ["1", "2", "3"] { queue.append(Self.dispatch(id)) }
        #expect(queue.remove("2")?.assignment.attemptID == "2")
        #expect(queue.remove("2") == nil)
        #expect(Self.ids(queue.take(upTo: 5, for: Self.shellExecutor)) == ["1", "3"])
    }
}

@Suite("Attempts no executor can run")
struct UnservedAttemptQueueTests {
    typealias Q = AttemptQueueTests

    @Test("attempts queued long enough that no given executor can run are reported, each once")
    func reportedOnceAfterWaiting() {
        var queue = AttemptQueue()
        let start = ContinuousClock.now
        queue.append(Q.dispatch("render-1", swift: "render"), at: start)
        queue.append(Q.dispatch("shell-1"), at: start)
        queue.append(Q.dispatch("render-2", swift: "render"), at: start + .seconds(10))
        queue.append(Q.dispatch("gpu-1", swift: "render", pool: "gpu"), at: start)
        queue.append(Q.dispatch("gone-1", swift: "render"), at: start)
        queue.withdraw("gone-1")
        let cutoff = start + .seconds(1)
        let executors = [Q.shellExecutor, Q.swiftExecutor("other")]
        #expect(Q.ids(queue.unserved(queuedBefore: cutoff, executors: executors)) == ["gpu-1", "render-1"],
                "too recent, served or withdrawn attempts are not reported")
        #expect(queue.unserved(queuedBefore: cutoff, executors: executors).isEmpty, "each is reported once")
        #expect(Q.ids(queue.unserved(queuedBefore: start + .seconds(11), executors: executors)) == ["render-2"])

        // Taken, then queued again (a retry after its executor was lost): reported anew.
        #expect(Q.ids(queue.take(upTo: 10, for: Q.swiftExecutor("render"))) == ["render-1", "render-2"])
        queue.append(Q.dispatch("render-1", swift: "render"), at: start)
        #expect(Q.ids(queue.unserved(queuedBefore: cutoff, executors: [])) == ["render-1", "shell-1"])
    }
}
