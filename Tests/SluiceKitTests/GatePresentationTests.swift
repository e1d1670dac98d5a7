import Foundation
import SluiceKit
import Testing

/// What `sluice status`, `watch` and `signals` show of gates and signals.
@Suite struct GatePresentationTests {
    let utc = TimeZone(identifier: "UTC")!
    static let start = Timestamp(seconds: 1_769_850_000)  // 2026-01-31T09:00:00Z
    var now: Date { Date(timeIntervalSince1970: 1_769_850_060) }

    func at(_ offset: Int64) -> Timestamp { Timestamp(seconds: Self.start.seconds + offset) }

    @Test func aPausedGateSaysWhatItWaitsFor() {
        func text(_ gate: GateStatus) -> String { GateText.waiting(gate, now: now, timeZone: utc) }
        #expect(text(GateStatus(kind: .signal, signalID: "size", type: .simple(.int))) == #"waiting for signal "size" (int)"#)
        #expect(text(GateStatus(kind: .signal, signalID: "rows", type: .collection(.simple(.string)), timeoutAt: at(1800)))
                == #"waiting for signal "rows" (list<string>), times out at 2026-01-31 09:30:00 UTC"#)
        #expect(text(GateStatus(kind: .approve, signalID: "ship", type: .simple(.bool))) == #"waiting for approval "ship""#)
        #expect(GateText.waiting(GateStatus(kind: .approve, signalID: "ship"), underReview: .int(42), now: now, timeZone: utc)
                == #"waiting for approval "ship" of 42"#, "the value under review")
        #expect(text(GateStatus(kind: .sleep, wakeAt: at(3))) == "sleeping until 2026-01-31 09:00:03 UTC")
        #expect(text(GateStatus(kind: .approve, signalID: "ship", timeoutAt: at(3 * 86_400)))
                == #"waiting for approval "ship", times out at 2026-02-03 09:00:00 UTC"#, "a day far off is given in full")
    }

    @Test func watchersAreToldHowToLetAGateGoOn() {
        #expect(GateText.hint(GateStatus(kind: .signal, signalID: "size"), executionID: "e1") == "set it with: sluice signal e1 size VALUE")
        #expect(GateText.hint(GateStatus(kind: .approve, signalID: "ship"), executionID: "e1")
                == "decide with: sluice approve e1 ship, or sluice reject e1 ship --reason TEXT")
        #expect(GateText.hint(GateStatus(kind: .sleep, wakeAt: at(3)), executionID: "e1") == nil)
    }

    @Test func theNodeTableShowsErrorsAndWhatPausedGatesWaitFor() {
        let nodes = [
            NodeExecution(nodeID: "build", kind: .task, phase: .succeeded, attempts: [TaskAttempt(number: 1)],
                          startedAt: Self.start, endedAt: at(2)),
            NodeExecution(nodeID: "ship", kind: .gate, phase: .paused, inputs: ["value": .map(["total": .int(12)])],
                          gate: GateStatus(kind: .approve, signalID: "ship", timeoutAt: at(3600)), startedAt: at(2)),
            NodeExecution(nodeID: "nap", kind: .gate, phase: .succeeded,
                          gate: GateStatus(kind: .sleep, wakeAt: at(5)), startedAt: at(2), endedAt: at(5)),
            NodeExecution(nodeID: "check", kind: .task, phase: .failed,
                          error: ExecutionError(code: "NonZeroExit", message: "exit status 1", nodeID: "check", attempt: 1),
                          attempts: [TaskAttempt(number: 1)], startedAt: at(2), endedAt: at(4)),
        ]
        #expect(ExecutionText.nodeTable(nodes, now: now, timeZone: utc).rendered == """
            NODE   KIND  PHASE      ATTEMPTS  CACHE  DURATION  DETAIL
            build  TASK  SUCCEEDED  1         -      2.0s
            ship   GATE  PAUSED     -         -      58.0s     waiting for approval "ship" of {"total":12}, times out at 2026-01-31 10:00:00 UTC
            nap    GATE  SUCCEEDED  -         -      3.0s
            check  TASK  FAILED     1         -      2.0s      node check, attempt 1: NonZeroExit: exit status 1
            """)
    }

    @Test func watchLinesShowPauseAndDecisions() {
        func line(_ kind: Event.Kind) -> String? {
            ExecutionText.line(Event(executionID: "e1", sequence: 1, at: Self.start, kind: kind), timeZone: utc)
        }
        #expect(line(.node(NodeEvent(nodeID: "size", kind: .gate, phase: .paused,
                                     gate: GateStatus(kind: .signal, signalID: "size", type: .simple(.int)))))
                == #"2026-01-31 09:00:00 UTC  size            gate PAUSED: waiting for signal "size" (int)"#)
        #expect(line(.node(NodeEvent(nodeID: "nap", kind: .gate, phase: .paused, gate: GateStatus(kind: .sleep, wakeAt: at(30)))))
                == "2026-01-31 09:00:00 UTC  nap             gate PAUSED: sleeping until 2026-01-31 09:00:30 UTC")
        #expect(line(.signal(Signal(signalID: "ship", value: .bool(false), setBy: "ada", nodeID: "ship", gateKind: .approve, comment: "not today")))
                == "2026-01-31 09:00:00 UTC  ship            rejected ship by ada: not today")
        #expect(line(.signal(Signal(signalID: "ship", value: .bool(true), nodeID: "ship", gateKind: .approve)))
                == "2026-01-31 09:00:00 UTC  ship            approved ship")
        #expect(line(.signal(Signal(signalID: "size", value: .int(3), setBy: "bob", nodeID: "size", gateKind: .signal)))
                == "2026-01-31 09:00:00 UTC  size            signal size set by bob")
        #expect(line(.signal(Signal(signalID: "ship", value: .bool(true), setBy: "ada", nodeID: "ship", gateKind: .approve, consumed: true)))
                == "2026-01-31 09:00:00 UTC  ship            approved ship by ada", "the gate taking an approval says who gave it")
        #expect(line(.signal(Signal(signalID: "size", value: .int(3), setBy: "bob", nodeID: "size", gateKind: .signal, consumed: true)))
                == "2026-01-31 09:00:00 UTC  size            signal size taken by its gate (set by bob)")
        #expect(line(.node(NodeEvent(nodeID: "ship", kind: .gate, phase: .failed, error: ExecutionError(
            code: "Rejected", message: "rejected by bob: y looks wrong", actor: "bob"))))
                == "2026-01-31 09:00:00 UTC  ship            gate FAILED: Rejected: rejected by bob: y looks wrong", "the reviewer is named once")
    }

    @Test func jsonCarriesTheGateStatusOfNodesAndEvents() {
        let node = NodeExecution(
            nodeID: "size", kind: .gate, phase: .paused,
            gate: GateStatus(kind: .signal, signalID: "size", type: .simple(.int), timeoutAt: at(60), waitingSince: Self.start))
        let json = ExecutionJSON.node(node, now: now).rendered(pretty: false)
        #expect(json.contains(#""gate":{"kind":"signal","signal_id":"size","type":"int","wake_at":null,"timeout_at":"2026-01-31T09:01:00Z","waiting_since":"2026-01-31T09:00:00Z"}"#), "\(json)")
        #expect(ExecutionJSON.node(NodeExecution(nodeID: "a", kind: .task), now: now).rendered(pretty: false).contains(#""gate":null"#))

        let event = ExecutionJSON.event(Event(executionID: "e1", sequence: 4, at: Self.start, kind: .node(NodeEvent(
            nodeID: "ship", kind: .gate, phase: .paused, gate: GateStatus(kind: .approve, signalID: "ship")))))
        #expect(event.rendered(pretty: false).contains(#""gate":{"kind":"approve","signal_id":"ship","type":null"#))
    }

    @Test func signalsAndPendingGatesAsTablesAndJSON() {
        let signals = [
            Signal(executionID: "e1", signalID: "size", type: .simple(.int), value: .int(3), setBy: "bob", setAt: at(10),
                   nodeID: "size", gateKind: .signal, consumed: true),
            Signal(executionID: "e1", signalID: "ship", type: .simple(.bool), value: .bool(false), setBy: "ada", setAt: at(20),
                   nodeID: "ok", gateKind: .approve, comment: "not today"),
            Signal(executionID: "e1", signalID: "note", type: .simple(.string), nodeID: "note", gateKind: .signal),
        ]
        #expect(SignalText.signalTable(signals).rendered == """
            SIGNAL  NODE  KIND     TYPE    VALUE     STATE    SET BY  SET AT                COMMENT
            size    size  signal   int     3         taken    bob     2026-01-31T09:00:10Z
            ship    ok    approve  bool    rejected  set      ada     2026-01-31T09:00:20Z  not today
            note    note  signal   string  -         waiting  -       -
            """)
        #expect(SignalJSON.signal(signals[1]).rendered(pretty: false) == #"{"execution_id":"e1","signal_id":"ship","node_id":"ok","kind":"approve","type":"bool","value":false,"set_by":"ada","display_name":null,"set_at":"2026-01-31T09:00:20Z","comment":"not today","consumed":false}"#)

        let pending = [PendingGate(
            executionID: "e1", workflow: Identifier(name: "approval", version: "3"), nodeID: "ship", signalID: "ship", kind: .approve,
            type: .simple(.bool), description: "Ship this release?", waitingSince: Self.start, timeoutAt: at(3600),
            value: .map(["total": .int(12)]))]
        #expect(SignalText.pendingTable(pending).rendered == """
            EXECUTION  WORKFLOW    NODE  SIGNAL  KIND     TYPE  UNDER REVIEW  WAITING SINCE         TIMES OUT AT          DESCRIPTION
            e1         approval:3  ship  ship    approve  bool  {"total":12}  2026-01-31T09:00:00Z  2026-01-31T10:00:00Z  Ship this release?
            """)
        #expect(SignalJSON.pendingGate(pending[0]).rendered(pretty: false) == #"{"execution_id":"e1","workflow":{"name":"approval","version":"3"},"node_id":"ship","signal_id":"ship","kind":"approve","type":"bool","value":{"total":12},"description":"Ship this release?","waiting_since":"2026-01-31T09:00:00Z","timeout_at":"2026-01-31T10:00:00Z"}"#)
    }

    @Test func settingASignalSaysWhatChanged() {
        let set = SetSignalResponse(signal: Signal(signalID: "size", value: .int(3), setBy: "bob"))
        #expect(SignalText.setLine(set, signalID: "size", executionID: "e1", value: .int(3)) == "signal size of execution e1 set to 3")
        var again = set
        again.alreadySet = true
        #expect(SignalText.setLine(again, signalID: "size", executionID: "e1", value: .int(3))
                == "signal size of execution e1 was already set to 3 (by bob)")
        #expect(SignalText.decisionLine(SetSignalResponse(), signalID: "ship", executionID: "e1", approved: true) == "approved ship of execution e1")
        #expect(SignalText.decisionLine(SetSignalResponse(alreadySet: true), signalID: "ship", executionID: "e1", approved: false)
                == "ship of execution e1 was already rejected")
        #expect(SignalJSON.setResult(again).rendered(pretty: false).hasPrefix(#"{"already_set":true,"signal":{"execution_id":"","signal_id":"size""#))
    }
}
