import Foundation

/// Executions, nodes and events as people read them in a terminal.
package enum ExecutionText {
    /// "node check, attempt 2: NonZeroExit: exit status 1".
    package static func error(_ error: ExecutionError) -> String {
        var place: [String] = []
        if !error.nodeID.isEmpty { place.append("node \(error.nodeID)") }
        if error.attempt > 0 { place.append("attempt \(error.attempt)") }
        var text = place.isEmpty ? "" : place.joined(separator: ", ") + ": "
        if !error.code.isEmpty { text += error.code + ": " }
        text += error.message.isEmpty ? "failed" : error.message
        // A rejection's message already names its reviewer.
        if !error.actor.isEmpty, !error.message.contains("by \(error.actor)") { text += " (by \(error.actor))" }
        return text
    }

    /// The execution's facts, one per line, then its error's stderr tail if any.
    package static func header(_ execution: Execution, now: Date = Date()) -> String {
        var rows: [[String]] = [
            ["execution", execution.id],
            ["workflow", execution.spec?.workflow?.versionedName ?? "-"],
        ]
        if let name = execution.spec?.name, !name.isEmpty { rows.append(["name", name]) }
        rows.append(["phase", execution.phase.name])
        rows.append(["created", execution.createdAt.map(TimeText.iso8601) ?? "-"])
        rows.append(["duration", TimeText.elapsed(from: execution.startedAt ?? execution.createdAt, to: execution.endedAt, now: now)])
        if let error = execution.error { rows.append(["error", self.error(error)]) }
        if let abort = execution.abort {
            rows.append(["aborted", [abort.actor.isEmpty ? nil : "by \(abort.actor)", abort.reason.isEmpty ? nil : abort.reason]
                .compactMap { $0 }.joined(separator: ": ").nilIfEmpty ?? "yes"])
        }
        var text = TextTable(rows: rows).rendered
        if let tail = execution.error?.stderrTail, !tail.isEmpty {
            text += "\n\nstderr (last lines):\n" + tail.split(whereSeparator: \.isNewline).map { "  " + $0 }.joined(separator: "\n")
        }
        return text
    }

    /// One row per node; DETAIL holds a node's error, what a paused gate waits for, or a map's
    /// elements counted by phase. A map's elements are rows of their own only with `elements`.
    package static func nodeTable(
        _ nodes: [NodeExecution], now: Date = Date(), timeZone: TimeZone = .current, elements: Bool = false
    ) -> TextTable {
        TextTable(
            header: ["NODE", "KIND", "PHASE", "ATTEMPTS", "CACHE", "DURATION", "DETAIL"],
            rows: (elements ? nodes : MapText.withoutElements(nodes)).map { node in
                [node.nodeID, node.kind.name, node.phase.name, node.attempts.isEmpty ? "-" : "\(node.attempts.count)",
                 CacheText.status(node.cache),
                 TimeText.elapsed(from: node.startedAt, to: node.endedAt, now: now),
                 detail(node, among: nodes, now: now, timeZone: timeZone)]
            })
    }

    private static func detail(_ node: NodeExecution, among nodes: [NodeExecution], now: Date, timeZone: TimeZone) -> String {
        if node.kind == .map {
            let summary = MapText.summary(MapText.counts(of: node, in: nodes))
            return node.error.map { TextTable.cell(error($0), limit: 120) } ?? summary
        }
        if let failure = node.error { return TextTable.cell(error(failure)) }
        if node.phase == .paused, let gate = node.gate {
            return GateText.waiting(gate, underReview: gate.underReview(in: node.inputs), now: now, timeZone: timeZone)
        }
        // Why its attempt has not started (no connected executor serves its task).
        if let attempt = node.attempts.last, attempt.phase == .queued, !attempt.waiting.isEmpty {
            return TextTable.cell(attempt.waiting, limit: 160)
        }
        if node.kind == .dynamic, let body = node.body {
            // A workflow body: its calls so far, its decisions, and failures nobody handled.
            let calls = "body: \(body.calls) call\(body.calls == 1 ? "" : "s") in \(body.decisions) decision\(body.decisions == 1 ? "" : "s") (\(node.nodeID)/...)"
            return body.warnings.isEmpty ? calls : TextTable.cell(calls + "; warning: " + body.warnings.joined(separator: "; "), limit: 240)
        }
        if node.kind == .dynamic, let subgraph = node.subgraph {
            let count = subgraph.spec?.nodes.count ?? 0
            return "subgraph of \(count) node\(count == 1 ? "" : "s") (\(node.nodeID)/...)"
        }
        return ""
    }

    /// "  name = value" lines, values as JSON (long ones shortened with `shortening`); "(none)"
    /// when there are none.
    package static func outputs(_ outputs: [String: Literal], shortening: ValueShortening? = nil) -> String {
        guard !outputs.isEmpty else { return "  (none)" }
        return outputs.keys.sorted().map { name in
            let value = outputs[name]!
            return "  \(name) = \(shortening?.text(value) ?? LiteralJSON.encode(value))"
        }.joined(separator: "\n")
    }

    /// Everything `sluice status` shows.
    package static func status(
        _ execution: Execution, nodes: [NodeExecution], now: Date = Date(), timeZone: TimeZone = .current,
        shortening: ValueShortening? = nil, elements: Bool = false
    ) -> String {
        var text = header(execution, now: now)
        if !nodes.isEmpty { text += "\n\n" + nodeTable(nodes, now: now, timeZone: timeZone, elements: elements).rendered }
        if execution.phase == .succeeded || !execution.outputs.isEmpty {
            text += "\n\noutputs:\n" + outputs(execution.outputs, shortening: shortening)
        }
        return text
    }

    /// One line for an event, as `sluice watch` prints it; nil for events that say nothing new.
    package static func line(_ event: Event, timeZone: TimeZone = .current) -> String? {
        // With its date and zone: a watch may follow an execution for days, from anywhere.
        let time = event.at.map { TimeText.local($0, timeZone: timeZone) } ?? "-"
        func line(_ subject: String, _ text: String) -> String {
            "\(time)  \(subject.padding(toLength: max(subject.count, 14), withPad: " ", startingAt: 0))  \(text)"
        }
        switch event.kind {
        case .execution(let change)?:
            var text = change.phase.name
            if let error = change.error { text += ": " + self.error(error) }
            if let abort = change.abort, !abort.reason.isEmpty { text += ": \(abort.reason)" }
            return line("execution", text)
        case .node(let change)?:
            var text = change.phase.name
            if change.kind != .task, change.kind != .unspecified { text = "\(change.kind.name.lowercased()) \(text)" }
            if let cache = change.cache, cache.status == .hit { text += " (cached)" }
            if let error = change.error { text += ": " + TextTable.cell(self.error(withoutPlace: error), limit: 120) }
            if change.phase == .paused, let gate = change.gate {
                text += ": " + GateText.waiting(
                    gate, underReview: gate.underReview(in: change.inputs), now: event.at?.date ?? Date(), timeZone: timeZone)
            }
            return line(change.nodeID, text)
        case .attempt(let change)?:
            var text = "attempt \(change.attempt) \(change.phase.name)"
            if !change.executorID.isEmpty, change.phase == .running { text += " on \(change.executorID)" }
            if let error = change.error { text += ": " + TextTable.cell(self.error(withoutPlace: error), limit: 120) }
            if let notBefore = change.notBefore, change.phase == .queued { text += " (not before \(TimeText.local(notBefore, timeZone: timeZone)))" }
            if !change.waiting.isEmpty { text += ": " + TextTable.cell(change.waiting, limit: 160) }
            return line(change.nodeID, text)
        case .signal(let signal)?:
            // Who decided or set it is said whether the event is the value arriving or its gate
            // taking it: a watcher sees the decision when it takes effect.
            let who = signal.setBy.isEmpty ? "" : " by \(signal.setBy)"
            if signal.gateKind == .approve, case .bool(let approved)? = signal.value {
                let reason = signal.comment.isEmpty ? "" : ": " + TextTable.cell(signal.comment, limit: 120)
                return line(signal.nodeID, "\(approved ? "approved" : "rejected") \(signal.signalID)\(who)\(reason)")
            }
            let what = signal.consumed ? "taken by its gate" + (who.isEmpty ? "" : " (set\(who))") : "set\(who)"
            return line(signal.nodeID, "signal \(signal.signalID) \(what)")
        case nil:
            return nil
        }
    }

    private static func error(withoutPlace error: ExecutionError) -> String {
        var copy = error
        copy.nodeID = ""
        copy.attempt = 0
        return self.error(copy)
    }

    /// `sluice executions`.
    package static func executionTable(_ executions: [Execution], now: Date = Date()) -> TextTable {
        TextTable(
            header: ["EXECUTION", "WORKFLOW", "PHASE", "CREATED", "DURATION", "NAME"],
            rows: executions.map { execution in
                [execution.id, execution.spec?.workflow?.versionedName ?? "-", execution.phase.name,
                 execution.createdAt.map(TimeText.iso8601) ?? "-",
                 TimeText.elapsed(from: execution.startedAt ?? execution.createdAt, to: execution.endedAt, now: now),
                 execution.spec?.name ?? ""]
            })
    }

    /// `sluice workflows`.
    package static func workflowTable(_ workflows: [WorkflowSummary]) -> TextTable {
        TextTable(
            header: ["WORKFLOW", "VERSION", "REGISTERED", "DESCRIPTION"],
            rows: workflows.map { summary in
                [summary.id?.name ?? "-", summary.id?.version ?? "-", summary.registeredAt.map(TimeText.iso8601) ?? "-",
                 TextTable.cell(summary.description)]
            })
    }

    /// `sluice tasks`.
    package static func taskTable(_ tasks: [TaskSpec]) -> TextTable {
        TextTable(
            header: ["TASK", "VERSION", "KIND", "INPUTS", "OUTPUTS", "DESCRIPTION"],
            rows: tasks.map { task in
                [task.id?.name ?? "-", task.id?.version ?? "-", task.kind?.fieldName ?? "-",
                 TextTable.cell(variables(task.interface?.inputs ?? []), limit: 40),
                 TextTable.cell(variables(task.interface?.outputs ?? []), limit: 40),
                 TextTable.cell(task.description, limit: 50)]
            })
    }

    /// "a: int, b: optional<string>".
    package static func variables(_ variables: [Variable]) -> String {
        variables.isEmpty ? "-" : variables.map { "\($0.name): \($0.type.map(TypeText.format) ?? "?")" }.joined(separator: ", ")
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
