import Foundation

/// Signals and pending gates as people read them: `sluice signals` tables and what `sluice
/// signal`, `approve` and `reject` answer.
package enum SignalText {
    /// `sluice signals EXECUTION`: each signal the execution's gates declare, set or not.
    package static func signalTable(_ signals: [Signal], now: Date = Date()) -> TextTable {
        TextTable(
            header: ["SIGNAL", "NODE", "KIND", "TYPE", "VALUE", "STATE", "SET BY", "SET AT", "COMMENT"],
            rows: signals.map { signal in
                [signal.signalID, signal.nodeID.isEmpty ? "-" : signal.nodeID, GateText.kind(signal.gateKind),
                 signal.type.map(TypeText.format) ?? "-",
                 signal.value.map { TextTable.cell(value($0, kind: signal.gateKind), limit: 40) } ?? "-",
                 signal.value == nil ? "waiting" : signal.consumed ? "taken" : "set",
                 signal.setBy.isEmpty ? "-" : signal.setter,
                 signal.setAt.map(TimeText.iso8601) ?? "-",
                 TextTable.cell(signal.comment, limit: 50)]
            })
    }

    /// `sluice signals --pending`: gates waiting across executions.
    package static func pendingTable(_ gates: [PendingGate]) -> TextTable {
        TextTable(
            header: ["EXECUTION", "WORKFLOW", "NODE", "SIGNAL", "KIND", "TYPE", "UNDER REVIEW", "WAITING SINCE", "TIMES OUT AT",
                     "DESCRIPTION"],
            rows: gates.map { gate in
                [gate.executionID, gate.workflow?.versionedName ?? "-", gate.nodeID, gate.signalID.isEmpty ? "-" : gate.signalID,
                 GateText.kind(gate.kind), gate.type.map(TypeText.format) ?? "-",
                 gate.value.map { TextTable.cell(LiteralJSON.encode($0), limit: 40) } ?? "-",
                 gate.waitingSince.map(TimeText.iso8601) ?? "-", gate.timeoutAt.map(TimeText.iso8601) ?? "-",
                 TextTable.cell(gate.description, limit: 50)]
            })
    }

    /// "approved", "rejected" for an approval; the value as JSON otherwise.
    package static func value(_ literal: Literal, kind: GateKind) -> String {
        if kind == .approve, case .bool(let approved) = literal { return approved ? "approved" : "rejected" }
        return LiteralJSON.encode(literal)
    }

    /// What `sluice signal` says: `signal size of execution e1 set to 3`, or that the same value
    /// was set before.
    package static func setLine(_ response: SetSignalResponse, signalID: String, executionID: String, value: Literal) -> String {
        let shown = LiteralJSON.encode(response.signal?.value ?? value)
        let subject = "signal \(signalID) of execution \(executionID)"
        if response.alreadySet { return "\(subject) was already set to \(shown)\(by(response.signal))" }
        return "\(subject) set to \(shown)"
    }

    /// What `sluice approve` and `sluice reject` say.
    package static func decisionLine(_ response: SetSignalResponse, signalID: String, executionID: String, approved: Bool) -> String {
        let decision = approved ? "approved" : "rejected"
        if response.alreadySet { return "\(signalID) of execution \(executionID) was already \(decision)\(by(response.signal))" }
        return "\(decision) \(signalID) of execution \(executionID)"
    }

    private static func by(_ signal: Signal?) -> String {
        guard let signal, !signal.setBy.isEmpty else { return "" }
        return " (by \(signal.setter))"
    }
}
