import SluiceCore
import SluiceWire
import Testing

@Suite("Event application rules")
struct EventApplicationTests {
    private let t1 = Timestamp(seconds: 1)
    private let t2 = Timestamp(seconds: 2)
    private let t3 = Timestamp(seconds: 3)

    @Test("a node's first event creates it with its place, kind and task")
    func nodeEventCreatesNode() {
        var node: NodeExecution?
        let event = NodeEvent(
            nodeID: "sub/n2", parentNodeID: "sub", kind: .task, phase: .queued, task: Identifier(name: "greet", version: "1"))
        EventApplication.apply(event, at: t1, executionID: "ex-1", to: &node)
        #expect(node?.executionID == "ex-1")
        #expect(node?.nodeID == "sub/n2")
        #expect(node?.parentNodeID == "sub")
        #expect(node?.kind == .task)
        #expect(node?.phase == .queued)
        #expect(node?.task == Identifier(name: "greet", version: "1"))
        #expect(node?.startedAt == nil && node?.endedAt == nil)
    }

    @Test("a node starts when it first runs, keeps that start, and ends on a terminal phase")
    func nodeTimes() {
        var node: NodeExecution?
        EventApplication.apply(NodeEvent(nodeID: "n", phase: .running), at: t1, executionID: "ex", to: &node)
        EventApplication.apply(NodeEvent(nodeID: "n", phase: .paused), at: t2, executionID: "ex", to: &node)
        #expect(node?.startedAt == t1 && node?.endedAt == nil)
        EventApplication.apply(NodeEvent(nodeID: "n", phase: .failed), at: t3, executionID: "ex", to: &node)
        #expect(node?.startedAt == t1 && node?.endedAt == t3)
    }

    @Test("a node that ends without having started (skipped) gets both times", arguments: [NodePhase.skipped, .aborted])
    func nodeEndsWithoutStart(phase: NodePhase) {
        var node: NodeExecution?
        EventApplication.apply(NodeEvent(nodeID: "n", phase: .queued), at: t1, executionID: "ex", to: &node)
        EventApplication.apply(NodeEvent(nodeID: "n", phase: phase), at: t2, executionID: "ex", to: &node)
        #expect(node?.startedAt == t2 && node?.endedAt == t2)
    }

    @Test("gates and dynamic nodes start when they pause or run their subgraph", arguments: [NodePhase.paused, .dynamicRunning])
    func underwayPhasesStart(phase: NodePhase) {
        var node: NodeExecution?
        EventApplication.apply(NodeEvent(nodeID: "n", phase: phase), at: t1, executionID: "ex", to: &node)
        #expect(node?.startedAt == t1)
    }

    @Test("empty parts of a node event keep what the node holds; present ones replace it")
    func nodeEventMerges() {
        var node: NodeExecution?
        let cache = CacheInfo(status: .miss, key: "k")
        EventApplication.apply(
            NodeEvent(nodeID: "n", kind: .task, phase: .running, inputs: ["x": .int(1)], cache: cache),
            at: t1, executionID: "ex", to: &node)
        EventApplication.apply(
            NodeEvent(nodeID: "n", phase: .succeeded, outputs: ["value": .bool(true)]), at: t2, executionID: "ex", to: &node)
        #expect(node?.kind == .task)
        #expect(node?.inputs == ["x": .int(1)])
        #expect(node?.outputs == ["value": .bool(true)])
        #expect(node?.cache == cache)
        let error = ExecutionError(kind: .user, code: "NonZeroExit", message: "exit 1")
        EventApplication.apply(NodeEvent(nodeID: "n", error: error), at: t3, executionID: "ex", to: &node)
        #expect(node?.error == error)
        #expect(node?.phase == .succeeded)
    }

    @Test("a gate shows what it waits for while PAUSED, and nothing once it moves on", arguments: [NodePhase.succeeded, .failed, .timedOut, .aborted, .running])
    func gateStatusLastsWhilePaused(next: NodePhase) {
        var node: NodeExecution?
        let gate = GateStatus(kind: .signal, signalID: "ok", type: .simple(.int), waitingSince: t1)
        EventApplication.apply(NodeEvent(nodeID: "n", kind: .gate, phase: .paused, gate: gate), at: t1, executionID: "ex", to: &node)
        #expect(node?.gate == gate)
        // An event that says nothing of the phase leaves the node waiting.
        EventApplication.apply(NodeEvent(nodeID: "n", inputs: ["x": .int(1)]), at: t2, executionID: "ex", to: &node)
        #expect(node?.gate == gate)
        EventApplication.apply(NodeEvent(nodeID: "n", phase: next), at: t3, executionID: "ex", to: &node)
        #expect(node?.gate == nil)
        #expect(node?.phase == next)
    }

    @Test("a consumed signal event marks the recorded signal consumed and keeps its value; a first one records it")
    func signalEvents() {
        var execution = Execution(id: "ex")
        var nodes: [String: NodeExecution] = [:]
        var signals: [String: Signal] = [
            "count": Signal(executionID: "ex", signalID: "count", value: .int(3), setBy: "ada", setAt: t1),
        ]
        let consumed = Event(
            executionID: "ex", sequence: 4, at: t2,
            kind: .signal(Signal(executionID: "ex", signalID: "count", value: .int(3), consumed: true)))
        EventApplication.apply(consumed, to: &execution, nodes: &nodes, signals: &signals, receivedAt: t3)
        #expect(signals["count"]?.consumed == true)
        #expect(signals["count"]?.setBy == "ada" && signals["count"]?.setAt == t1)
        #expect(execution.lastSequence == 4)

        let setElsewhere = Event(
            executionID: "ex", sequence: 5, kind: .signal(Signal(signalID: "go", value: .bool(true), setBy: "bo")))
        EventApplication.apply(setElsewhere, to: &execution, nodes: &nodes, signals: &signals, receivedAt: t3)
        #expect(signals["go"] == Signal(executionID: "ex", signalID: "go", value: .bool(true), setBy: "bo", setAt: t3))

        let nothing = Event(executionID: "ex", sequence: 6, kind: .signal(Signal(signalID: "unset", consumed: true)))
        EventApplication.apply(nothing, to: &execution, nodes: &nodes, signals: &signals, receivedAt: t3)
        #expect(signals["unset"] == nil)
    }

    @Test("attempt events create attempts by number, kept in order, and fill them in")
    func attempts() {
        var node: NodeExecution?
        EventApplication.apply(NodeEvent(nodeID: "n", kind: .task, phase: .running), at: t1, executionID: "ex", to: &node)
        EventApplication.apply(
            AttemptEvent(nodeID: "n", attempt: 2, attemptID: "a2", phase: .queued, notBefore: t3), at: t2, executionID: "ex", to: &node)
        EventApplication.apply(
            AttemptEvent(nodeID: "n", attempt: 1, attemptID: "a1", phase: .running, executorID: "e1"), at: t1, executionID: "ex", to: &node)
        let lost = ExecutionError(kind: .system, code: "HeartbeatMissed")
        EventApplication.apply(AttemptEvent(nodeID: "n", attempt: 1, phase: .lost, error: lost), at: t2, executionID: "ex", to: &node)

        let attempts = node?.attempts ?? []
        #expect(attempts.map(\.number) == [1, 2])
        #expect(attempts[0].attemptID == "a1" && attempts[0].executorID == "e1")
        #expect(attempts[0].phase == .lost && attempts[0].error == lost)
        #expect(attempts[0].startedAt == t1 && attempts[0].endedAt == t2)
        #expect(attempts[1].attemptID == "a2" && attempts[1].notBefore == t3)
        #expect(attempts[1].startedAt == nil && attempts[1].endedAt == nil)
    }

    @Test("why a queued attempt waits is kept until the attempt leaves QUEUED")
    func waitingIsClearedWhenTheAttemptRuns() {
        var attempt = TaskAttempt(number: 1, phase: .queued)
        EventApplication.apply(AttemptEvent(nodeID: "n", attempt: 1, phase: .queued, waiting: "no connected executor"), at: t1, to: &attempt)
        #expect(attempt.waiting == "no connected executor")
        EventApplication.apply(AttemptEvent(nodeID: "n", attempt: 1, phase: .queued), at: t2, to: &attempt)
        #expect(attempt.waiting == "no connected executor", "queued again, it still waits for the same reason")
        EventApplication.apply(AttemptEvent(nodeID: "n", attempt: 1, phase: .running, executorID: "e1"), at: t3, to: &attempt)
        #expect(attempt.waiting == "")
    }

    @Test("an attempt that ends without running gets both times")
    func attemptEndsWithoutRunning() {
        var attempt = TaskAttempt(number: 1, phase: .queued)
        EventApplication.apply(AttemptEvent(nodeID: "n", attempt: 1, phase: .aborted), at: t2, to: &attempt)
        #expect(attempt.startedAt == t2 && attempt.endedAt == t2)
    }

    @Test("an attempt event for a node with no record creates it as a running task node")
    func attemptCreatesNode() {
        var node: NodeExecution?
        EventApplication.apply(
            AttemptEvent(nodeID: "n", attempt: 1, attemptID: "a1", phase: .running), at: t1, executionID: "ex", to: &node)
        #expect(node?.kind == .task && node?.phase == .running)
        #expect(node?.executionID == "ex" && node?.nodeID == "n")
        #expect(node?.startedAt == t1)
        #expect(node?.attempts.map(\.attemptID) == ["a1"])
    }

    @Test("execution events set phase, outputs, error and abort, and its times; the sequence only grows")
    func executionEvents() {
        var execution = Execution(id: "ex", phase: .queued, lastSequence: 0)
        var nodes: [String: NodeExecution] = [:]
        EventApplication.apply(
            Event(executionID: "ex", sequence: 1, at: t1, kind: .execution(ExecutionEvent(phase: .running))),
            to: &execution, nodes: &nodes, receivedAt: t3)
        #expect(execution.phase == .running && execution.startedAt == t1 && execution.endedAt == nil)
        let abort = AbortInfo(reason: "stop", actor: "ada", at: t2)
        EventApplication.apply(
            Event(executionID: "ex", sequence: 3, at: t2,
                  kind: .execution(ExecutionEvent(phase: .aborted, outputs: ["o": .int(1)], abort: abort))),
            to: &execution, nodes: &nodes, receivedAt: t3)
        #expect(execution.phase == .aborted && execution.endedAt == t2 && execution.startedAt == t1)
        #expect(execution.outputs == ["o": .int(1)] && execution.abort == abort)
        EventApplication.apply(
            Event(executionID: "ex", sequence: 2, kind: .node(NodeEvent(nodeID: "n", phase: .running))),
            to: &execution, nodes: &nodes, receivedAt: t3)
        #expect(execution.lastSequence == 3)
        #expect(nodes["n"]?.startedAt == t3)
    }
}
