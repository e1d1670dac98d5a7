import Foundation

/// What a paused gate waits for, as `sluice status`, `sluice watch` and `sluice signals` show it.
package enum GateText {
    /// `waiting for signal "size" (int)`, `waiting for approval "ship"`, `sleeping until
    /// 12:00:03`, each followed by `, times out at 12:30:00` when the gate has a timeout.
    package static func waiting(_ gate: GateStatus, now: Date = Date(), timeZone: TimeZone = .current) -> String {
        var text: String
        switch gate.kind {
        case .signal:
            text = "waiting for signal \(quoted(gate.signalID))"
            if let type = gate.type { text += " (\(TypeText.format(type)))" }
        case .approve:
            text = "waiting for approval \(quoted(gate.signalID))"
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

    /// A time of day when it is within a few hours of `now` (what a person following an
    /// execution wants), else the full date and time, so that a gate waiting days is not
    /// mistaken for one ending today.
    package static func moment(_ timestamp: Timestamp, now: Date = Date(), timeZone: TimeZone = .current) -> String {
        abs(timestamp.date.timeIntervalSince(now)) < 12 * 3600 ? TimeText.clock(timestamp, timeZone: timeZone) : TimeText.iso8601(timestamp)
    }

    private static func quoted(_ text: String) -> String {
        JSONValue.quoted(text)
    }
}
