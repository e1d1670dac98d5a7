/// Gates and signals for `--output json`; values as LiteralJSON writes them, types as workflow
/// files write them.
package enum SignalJSON {
    /// What a paused gate waits for.
    package static func gate(_ gate: GateStatus) -> JSONValue {
        .object([
            ("kind", .string(GateText.kind(gate.kind))),
            ("signal_id", .optional(gate.signalID)),
            ("type", type(gate.type)),
            ("wake_at", .timestamp(gate.wakeAt)),
            ("timeout_at", .timestamp(gate.timeoutAt)),
            ("waiting_since", .timestamp(gate.waitingSince)),
        ])
    }

    package static func signal(_ signal: Signal) -> JSONValue {
        .object([
            ("execution_id", .string(signal.executionID)),
            ("signal_id", .string(signal.signalID)),
            ("node_id", .optional(signal.nodeID)),
            ("kind", .string(GateText.kind(signal.gateKind))),
            ("type", type(signal.type)),
            ("value", signal.value.map { .raw(LiteralJSON.encode($0)) } ?? .null),
            ("set_by", .optional(signal.setBy)),
            ("display_name", .optional(signal.displayName)),
            ("set_at", .timestamp(signal.setAt)),
            ("comment", .optional(signal.comment)),
            ("consumed", .bool(signal.consumed)),
        ])
    }

    /// What `sluice signal`, `approve` and `reject` print.
    package static func setResult(_ response: SetSignalResponse) -> JSONValue {
        .object([
            ("already_set", .bool(response.alreadySet)),
            ("signal", response.signal.map(signal) ?? .null),
        ])
    }

    package static func pendingGate(_ gate: PendingGate) -> JSONValue {
        .object([
            ("execution_id", .string(gate.executionID)),
            ("workflow", ExecutionJSON.identifier(gate.workflow)),
            ("node_id", .string(gate.nodeID)),
            ("signal_id", .optional(gate.signalID)),
            ("kind", .string(GateText.kind(gate.kind))),
            ("type", type(gate.type)),
            ("value", gate.value.map { .raw(LiteralJSON.encode($0)) } ?? .null),
            ("description", .optional(gate.description)),
            ("waiting_since", .timestamp(gate.waitingSince)),
            ("timeout_at", .timestamp(gate.timeoutAt)),
        ])
    }

    private static func type(_ type: LiteralType?) -> JSONValue {
        type.map { .string(TypeText.format($0)) } ?? .null
    }
}
