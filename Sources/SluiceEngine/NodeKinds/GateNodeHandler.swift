import SluiceCore
import SluiceWire

/// Runs a gate node: PAUSED until its signal or approval arrives (which may have arrived before
/// the gate was reached), or its sleep ends, or its timeout passes. Waiting costs nothing: the
/// node holds no attempt, and only a signal, a timer or an abort moves it on.
enum GateNodeHandler: NodeHandler {
    static func start(_ id: String, in machine: inout ExecutionMachine) {
        guard let node = machine.nodes[id], case .gate(let gate) = node.spec.kind else { return }
        var status = GateStatus()
        status.waitingSince = machine.now
        switch gate.condition {
        case .signal(let signal):
            status.kind = .signal
            status.signalID = signal.signalID
            status.type = signal.type
        case .approve(let approve):
            status.kind = .approve
            status.signalID = approve.signalID
            status.type = .simple(.bool)
        case .sleep(let sleep):
            status.kind = .sleep
            status.wakeAt = machine.now + (sleep.duration ?? .zero)
        case nil:
            machine.fail(id, .badGate, "the gate has no condition (signal, approve or sleep)")
            return
        }
        if let timeout = gate.timeout, timeout > .zero { status.timeoutAt = machine.now + timeout }
        machine.nodes[id]?.gate = status
        // With its inputs: an approve gate passes its input on, and a scheduler restarted while
        // the gate waits has only this record to take it from.
        machine.recordNode(id, phase: .paused, includeInputs: true)
        wait(id, in: &machine)
    }

    /// Arms the gate's timers and takes a signal that is already there.
    private static func wait(_ id: String, in machine: inout ExecutionMachine) {
        guard let status = machine.nodes[id]?.gate else { return }
        if let timeoutAt = status.timeoutAt { machine.setTimer(at: timeoutAt, .gateTimeout(nodeID: id)) }
        if status.kind == .sleep, let wakeAt = status.wakeAt {
            machine.setTimer(at: wakeAt, .gateWake(nodeID: id))
        } else if let signal = machine.signals[status.signalID] {
            consume(signal, at: id, in: &machine)
        }
    }

    /// A signal was set for this execution: every gate waiting for it takes it.
    static func signalArrived(_ signal: Signal, in machine: inout ExecutionMachine) {
        for id in machine.nodes.keys.sorted() {
            guard let node = machine.nodes[id], node.phase == .paused, let status = node.gate,
                  status.kind != .sleep, status.signalID == signal.signalID else { continue }
            consume(signal, at: id, in: &machine)
        }
    }

    private static func consume(_ signal: Signal, at id: String, in machine: inout ExecutionMachine) {
        guard let node = machine.nodes[id], node.phase == .paused, case .gate(let gate) = node.spec.kind,
              let value = signal.value else { return }
        var consumed = signal
        consumed.consumed = true
        consumed.nodeID = id
        machine.record(.signal(consumed))
        switch gate.condition {
        case .approve(let approve):
            guard value == .bool(true) else {
                let reason = signal.comment.isEmpty ? "no reason given" : signal.comment
                var error = ExecutionError(.rejected, "rejected by \(signal.setBy.isEmpty ? "someone" : signal.setter): \(reason)")
                error.nodeID = id
                error.actor = signal.setBy
                machine.finishNode(id, phase: .failed, error: error)
                return
            }
            let input = approve.input.isEmpty ? "value" : approve.input
            guard let approved = node.inputs[input] else {
                machine.fail(id, .badInput, "the gate was approved, but the value under review (input '\(input)') is missing")
                return
            }
            machine.finishNode(id, phase: .succeeded, outputs: ["value": approved])
        default:
            machine.finishNode(id, phase: .succeeded, outputs: ["value": value])
        }
    }

    static func timerFired(_ key: TimerKey, of id: String, in machine: inout ExecutionMachine) {
        switch key {
        case .gateWake: woke(id, in: &machine)
        case .gateTimeout: timedOut(id, in: &machine)
        default: break
        }
    }

    private static func woke(_ id: String, in machine: inout ExecutionMachine) {
        guard let node = machine.nodes[id], node.phase == .paused, node.gate?.kind == .sleep else { return }
        machine.finishNode(id, phase: .succeeded)
    }

    private static func timedOut(_ id: String, in machine: inout ExecutionMachine) {
        guard let node = machine.nodes[id], node.phase == .paused, let status = node.gate,
              case .gate(let gate) = node.spec.kind else { return }
        let limit = gate.timeout.map(describe) ?? "?"
        let waitedFor = switch status.kind {
        case .approve: "approval \"\(status.signalID)\""
        case .sleep: "its sleep"
        default: "signal \"\(status.signalID)\""
        }
        machine.fail(id, .timeout, "the gate waited for \(waitedFor) longer than its timeout of \(limit)", phase: .timedOut)
    }

    // MARK: Restarts

    static func restore(_ id: String, from record: NodeExecution, in machine: inout ExecutionMachine, records: RecordIndex) {
        machine.nodes[id]?.gate = record.gate
    }

    /// A gate that was waiting waits on, for what is left of its sleep and timeout; one the
    /// crash caught before it recorded what it waits for starts again.
    static func resume(_ id: String, from record: NodeExecution, in machine: inout ExecutionMachine) {
        guard record.phase == .paused, record.gate != nil else {
            machine.nodes[id]?.phase = .unspecified
            start(id, in: &machine)
            return
        }
        if record.inputs.isEmpty, !restoreInputs(id, in: &machine) { return }
        machine.rearmNodeTimeout(id, from: record)
        wait(id, in: &machine)
    }

    /// A gate paused by a release that recorded no inputs with it: its inputs are resolved
    /// again from the upstream outputs, which are recorded and cannot have changed. False when
    /// they cannot be (the node has then failed, saying so).
    private static func restoreInputs(_ id: String, in machine: inout ExecutionMachine) -> Bool {
        guard let (scope, bindings) = machine.nodes.read(id, { ($0.scope, $0.spec.inputs) }), !bindings.isEmpty else { return true }
        do {
            let inputs = try machine.resolver(for: scope).resolve(bindings)
            machine.nodes.update(id) { $0.inputs = inputs }
            return true
        } catch {
            machine.fail(id, .badInput, "cannot resolve its inputs again after a restart: \(error.description)")
            return false
        }
    }
}
