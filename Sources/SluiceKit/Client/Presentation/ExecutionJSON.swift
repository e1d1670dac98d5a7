import Foundation

/// Executions, nodes and events for `--output json`; values as LiteralJSON writes them.
package enum ExecutionJSON {
    package static func identifier(_ id: Identifier?) -> JSONValue {
        guard let id else { return .null }
        return .object([("name", .string(id.name)), ("version", .string(id.version))])
    }

    package static func error(_ error: ExecutionError?) -> JSONValue {
        guard let error else { return .null }
        return .object([
            ("kind", .string(error.kind.name)), ("code", .optional(error.code)), ("message", .string(error.message)),
            ("node_id", .optional(error.nodeID)), ("attempt", error.attempt > 0 ? .integer(Int64(error.attempt)) : .null),
            ("stderr_tail", .optional(error.stderrTail)), ("actor", .optional(error.actor)),
        ])
    }

    /// With `shortening`, long input and output values are shown shortened (see ``ValueShortening``).
    package static func execution(
        _ execution: Execution, nodes: [NodeExecution]? = nil, now: Date = Date(), shortening: ValueShortening? = nil,
        elements: Bool = false
    ) -> JSONValue {
        func values(_ values: [String: Literal]) -> JSONValue { shortening?.json(values) ?? .literals(values) }
        var members: [(String, JSONValue)] = [
            ("id", .string(execution.id)),
            ("workflow", identifier(execution.spec?.workflow)),
            ("name", .optional(execution.spec?.name ?? "")),
            ("labels", .object((execution.spec?.labels ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ("phase", .string(execution.phase.name)),
            ("created_at", .timestamp(execution.createdAt)),
            ("started_at", .timestamp(execution.startedAt)),
            ("ended_at", .timestamp(execution.endedAt)),
            ("duration_seconds", seconds(execution.startedAt ?? execution.createdAt, execution.endedAt, now)),
            ("inputs", values(execution.spec?.inputs ?? [:])),
            ("outputs", values(execution.outputs)),
            ("error", error(execution.error)),
        ]
        if let abort = execution.abort {
            members.append(("abort", .object([("reason", .string(abort.reason)), ("actor", .optional(abort.actor)), ("at", .timestamp(abort.at))])))
        }
        if let nodes {
            let shown = elements ? nodes : MapText.withoutElements(nodes)
            members.append(("nodes", .array(shown.map { node($0, among: nodes, now: now, shortening: shortening) })))
        }
        return .object(members)
    }

    package static func node(
        _ node: NodeExecution, among nodes: [NodeExecution] = [], now: Date = Date(), shortening: ValueShortening? = nil
    ) -> JSONValue {
        func values(_ values: [String: Literal]) -> JSONValue { shortening?.json(values) ?? .literals(values) }
        var members: [(String, JSONValue)] = [
            ("id", .string(node.nodeID)),
            ("parent_id", .optional(node.parentNodeID)),
            ("kind", .string(node.kind.name)),
            ("phase", .string(node.phase.name)),
            ("task", identifier(node.task)),
            ("attempts", .integer(Int64(node.attempts.count))),
            ("started_at", .timestamp(node.startedAt)),
            ("ended_at", .timestamp(node.endedAt)),
            ("duration_seconds", seconds(node.startedAt, node.endedAt, now)),
            ("cache", node.cache.map(cache) ?? .null),
            ("inputs", values(node.inputs)),
            ("outputs", values(node.outputs)),
            ("error", error(node.error)),
            ("gate", node.gate.map { SignalJSON.gate($0) } ?? .null),
            ("waiting", .optional(node.attempts.last.flatMap { $0.phase == .queued ? $0.waiting : nil } ?? "")),
        ]
        if node.kind == .map {
            let counts = MapText.counts(of: node, in: nodes)
            members.append(("elements", .object([
                ("total", .integer(Int64(counts.total))), ("succeeded", .integer(Int64(counts.ended.succeeded))),
                ("cached", .integer(Int64(counts.ended.cached))), ("failed", .integer(Int64(counts.ended.failed))),
                ("aborted", .integer(Int64(counts.ended.aborted))), ("running", .integer(Int64(counts.running))),
                ("waiting", .integer(Int64(counts.waiting))),
            ])))
        }
        return .object(members)
    }

    /// One event, for the JSON lines `sluice watch --output json` prints.
    package static func event(_ event: Event) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("sequence", .integer(Int64(clamping: event.sequence))), ("at", .timestamp(event.at)),
        ]
        switch event.kind {
        case .execution(let change)?:
            members += [("kind", .string("execution")), ("phase", .string(change.phase.name)),
                        ("outputs", .literals(change.outputs)), ("error", error(change.error))]
        case .node(let change)?:
            members += [("kind", .string("node")), ("node_id", .string(change.nodeID)), ("node_kind", .string(change.kind.name)),
                        ("phase", .string(change.phase.name)), ("error", error(change.error))]
            if !change.outputs.isEmpty { members.append(("outputs", .literals(change.outputs))) }
            if let gate = change.gate { members.append(("gate", SignalJSON.gate(gate))) }
        case .attempt(let change)?:
            members += [("kind", .string("attempt")), ("node_id", .string(change.nodeID)), ("attempt", .integer(Int64(change.attempt))),
                        ("phase", .string(change.phase.name)), ("executor_id", .optional(change.executorID)), ("error", error(change.error)),
                        ("waiting", .optional(change.waiting))]
        case .signal(let signal)?:
            members += [("kind", .string("signal")), ("node_id", .string(signal.nodeID)), ("signal_id", .string(signal.signalID)),
                        ("gate_kind", .string(GateText.kind(signal.gateKind))),
                        ("value", signal.value.map { .raw(LiteralJSON.encode($0)) } ?? .null),
                        ("set_by", .optional(signal.setBy)), ("display_name", .optional(signal.displayName)),
                        ("comment", .optional(signal.comment)), ("consumed", .bool(signal.consumed))]
        case nil:
            members.append(("kind", .null))
        }
        return .object(members)
    }

    package static func workflow(_ summary: WorkflowSummary) -> JSONValue {
        .object([
            ("name", .string(summary.id?.name ?? "")), ("version", .string(summary.id?.version ?? "")),
            ("description", .string(summary.description)), ("registered_at", .timestamp(summary.registeredAt)),
            ("digest", .string(summary.digest)),
        ])
    }

    package static func task(_ task: TaskSpec) -> JSONValue {
        func variables(_ variables: [Variable]) -> JSONValue {
            .array(variables.map { variable in
                .object([("name", .string(variable.name)), ("type", variable.type.map { .string(TypeText.format($0)) } ?? .null),
                         ("description", .optional(variable.description)),
                         ("default", variable.defaultValue.map { .raw(LiteralJSON.encode($0)) } ?? .null)])
            })
        }
        return .object([
            ("name", .string(task.id?.name ?? "")), ("version", .string(task.id?.version ?? "")),
            ("kind", task.kind.map { .string($0.fieldName) } ?? .null), ("description", .string(task.description)),
            ("inputs", variables(task.interface?.inputs ?? [])), ("outputs", variables(task.interface?.outputs ?? [])),
        ])
    }

    private static func seconds(_ start: Timestamp?, _ end: Timestamp?, _ now: Date) -> JSONValue {
        TimeText.seconds(from: start, to: end, now: now).map { .number(($0 * 1000).rounded() / 1000) } ?? .null
    }

    /// A node's cache status, key, and for a hit where the value came from.
    package static func cache(_ info: CacheInfo) -> JSONValue {
        .object([
            ("status", .string(info.status.name)),
            ("key", .string(info.key)),
            ("source_execution", info.source.map { .string($0.executionID) } ?? .null),
            ("source_node", info.source.map { .string($0.nodeID) } ?? .null),
            ("waiting_on_reservation", info.waitingOnReservation.isEmpty ? .null : .string(info.waitingOnReservation)),
        ])
    }
}
