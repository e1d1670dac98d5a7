import Foundation

/// What a paused gate waits for, as `sluice status`, `sluice watch` and `sluice signals` show it.
package enum GateText {
    /// `waiting for signal "size" (int)`, `waiting for approval "ship"` (and `of 42`, the value
    /// under review, when it is given), `sleeping until 2026-01-31 12:00:03 UTC`, each followed
    /// by `, times out at 2026-01-31 12:30:00 UTC` when the gate has a timeout.
    package static func waiting(
        _ gate: GateStatus, underReview: Literal? = nil, now: Date = Date(), timeZone: TimeZone = .current
    ) -> String {
        var text: String
        switch gate.kind {
        case .signal:
            text = "waiting for signal \(quoted(gate.signalID))"
            if let type = gate.type { text += " (\(TypeText.format(type)))" }
        case .approve:
            text = "waiting for approval \(quoted(gate.signalID))"
            if let underReview { text += " of " + TextTable.cell(LiteralJSON.encode(underReview), limit: 60) }
        case .sleep:
            text = gate.wakeAt.map { "sleeping until \(moment($0, now: now, timeZone: timeZone))" } ?? "sleeping"
        case .unspecified:
            text = "waiting"
        }
        if let timeoutAt = gate.timeoutAt { text += ", times out at \(moment(timeoutAt, now: now, timeZone: timeZone))" }
        return text
    }

    /// The command that lets a paused gate go on, for people following the execution; nil for a
    /// sleep, which goes on by itself.
    package static func hint(_ gate: GateStatus, executionID: String) -> String? {
        switch gate.kind {
        case .signal: "set it with: sluice signal \(executionID) \(gate.signalID) VALUE"
        case .approve: "decide with: sluice approve \(executionID) \(gate.signalID), or sluice reject \(executionID) \(gate.signalID) --reason TEXT"
        case .sleep, .unspecified: nil
        }
    }

    /// "signal", "approve", "sleep".
    package static func kind(_ kind: GateKind) -> String {
        kind == .unspecified ? "-" : kind.name.lowercased()
    }

    /// The date, time and zone: a gate may wait for days, and its reader be elsewhere.
    package static func moment(_ timestamp: Timestamp, now: Date = Date(), timeZone: TimeZone = .current) -> String {
        TimeText.local(timestamp, timeZone: timeZone)
    }

    private static func quoted(_ text: String) -> String {
        JSONValue.quoted(text)
    }
}
