import SluiceCore
import SluiceRPC
import SluiceLogging
import SluiceWire

extension AdminService {
    /// Sets one of an execution's signals: a value for a signal gate, or an approval (true) or
    /// rejection (false) for an approve gate, checked against the type the gate declares, and
    /// hands it to the scheduler through the work feed. It may be set before its gate is
    /// reached; it waits there. The same value again changes nothing (and says so, even once the
    /// execution has ended); another value is a CONFLICT showing the one already set.
    func setSignal(_ request: SetSignalRequest, context: RPCCallContext) async throws -> SetSignalResponse {
        let id = try requiredExecutionID(request.executionID, call: "set_signal")
        guard !request.signalID.isEmpty else {
            throw ServiceError.invalidArgument(
                "set_signal names no signal (signal_id)",
                details: [ErrorDetail(message: "a signal id is required", field: "signal_id")])
        }
        guard let execution = try await store.execution(id) else {
            throw ServiceError.notFound("execution \(id) does not exist")
        }
        let declared = try await declaration(of: request.signalID, in: execution)
        try checkMayDecide(declared, signalID: request.signalID, of: id, principal: context.principal)
        let value = try checkedValue(request, declaredBy: declared)
        let signal = Signal(
            executionID: id, signalID: request.signalID, type: declared.type, value: value, setBy: context.principal.name,
            setAt: .now(), nodeID: declared.nodeID, gateKind: declared.kind, comment: request.comment,
            displayName: request.displayName)

        switch try await store.setSignal(signal) {
        case .stored(let stored):
            feedWakeUps.changed(.feed)
            AdminMetrics.signalsSet.increment()
            context.logger.info("signal set", metadata: [
                LogKey.executionID: "\(id)", LogKey.signalID: "\(stored.signalID)", LogKey.actor: "\(stored.setBy)",
            ])
            return SetSignalResponse(signal: stored)
        case .existing(let existing):
            guard existing.value == value else { throw Self.conflict(existing, refused: value) }
            return SetSignalResponse(signal: existing, alreadySet: true)
        }
    }

    /// What the gate declaring a signal says of it.
    private struct SignalDeclaration {
        var nodeID: String
        var type: LiteralType
        var kind: GateKind
        /// Who may decide each approve gate that waits for the signal (gates may share one); an
        /// empty list for one that lets any operator decide.
        var approvers: [[String]]
    }

    /// An approve gate that names its approvers is decided by them alone: the caller must be
    /// among those of every gate the signal would decide.
    private func checkMayDecide(_ declared: SignalDeclaration, signalID: String, of executionID: String, principal: Principal) throws {
        guard let refusing = declared.approvers.first(where: { !principal.mayDecide(namedIn: $0) }) else { return }
        let who = principal.isAuthenticated
            ? principal.name
            : "an anonymous caller (the admin service runs with authentication off)"
        throw ServiceError(
            .permissionDenied,
            "\(who) may not decide '\(signalID)' of execution \(executionID): gate \(declared.nodeID) may be decided only by "
                + refusing.joined(separator: ", "))
    }

    /// The gate of the execution's compiled workflow (its branches and sub-workflows included),
    /// or of a dynamic subgraph it has recorded, that declares `signalID`; NOT_FOUND naming the
    /// signals they do declare when none does. A gate of a subgraph is known once the subgraph
    /// is recorded: its signal cannot be set before.
    private func declaration(of signalID: String, in execution: Execution) async throws -> SignalDeclaration {
        let pinned = execution.spec?.workflow ?? Identifier()
        guard let workflow = try await store.workflow(pinned) else {
            throw ServiceError.internal(
                "execution \(execution.id) runs workflow \(identifierText(pinned)), which is not registered")
        }
        var found = workflow.compiled.gate(declaring: signalID)
        var approvers = workflow.compiled.declaredGates.filter { $0.signal?.id == signalID }.map(\.approvers)
        var declared = workflow.compiled.declaredSignalIDs
        if found == nil {
            let subgraphs = try await recordedSubgraphs(of: execution.id)
            found = subgraphs.lazy.compactMap { owner, subgraph in
                subgraph.gate(declaring: signalID).map { DeclaredGate(nodeID: owner + "/" + $0.nodeID, gate: $0.gate) }
            }.first
            approvers = subgraphs.flatMap { $0.subgraph.declaredGates.filter { $0.signal?.id == signalID }.map(\.approvers) }
            declared = Array(Set(declared + subgraphs.flatMap(\.subgraph.declaredSignalIDs))).sorted()
        }
        guard let gate = found, let signal = gate.signal else {
            let known = declared.isEmpty
                ? "it has no gate waiting for a signal"
                : "its gates wait for: " + declared.joined(separator: ", ")
            throw ServiceError.notFound(
                "workflow \(identifierText(pinned)) of execution \(execution.id) declares no signal '\(signalID)'; \(known)")
        }
        guard let type = signal.type else {
            throw ServiceError.failedPrecondition(
                "gate \(gate.nodeID) declares no type for signal '\(signalID)', so no value can be checked against it")
        }
        return SignalDeclaration(nodeID: gate.nodeID, type: type, kind: signal.kind, approvers: approvers)
    }

    /// The dynamic subgraphs the execution has recorded so far, by the id of the node running each.
    private func recordedSubgraphs(of executionID: String) async throws -> [(owner: String, subgraph: CompiledWorkflow)] {
        var found: [(owner: String, subgraph: CompiledWorkflow)] = []
        try await forEachNode(of: executionID) { node in
            if node.kind == .dynamic, let subgraph = node.subgraph { found.append((node.nodeID, subgraph)) }
        }
        return found
    }

    /// The request's value when it has the declared type; INVALID_ARGUMENT naming the type and
    /// every place it does not fit otherwise.
    private func checkedValue(_ request: SetSignalRequest, declaredBy declared: SignalDeclaration) throws -> Literal {
        let expected = declared.kind == .approve
            ? "a bool (true approves, false rejects)" : declared.type.typeDescription
        guard let value = request.value else {
            throw ServiceError.invalidArgument(
                "set_signal carries no value for signal '\(request.signalID)' (expected \(expected))",
                details: [ErrorDetail(message: "a value of type \(declared.type.typeDescription) is required", field: "value")])
        }
        let mismatches = declared.type.mismatches(of: value)
        guard mismatches.isEmpty else {
            throw ServiceError.invalidArgument(
                "the value for signal '\(request.signalID)' does not fit gate \(declared.nodeID), which expects \(expected): "
                    + mismatches.map(\.description).joined(separator: "; "),
                details: mismatches.map {
                    ErrorDetail(message: $0.description, field: $0.path.isEmpty ? "value" : "value.\($0.path)")
                })
        }
        return value
    }

    /// A signal keeps its first value: the scheduler may already have acted on it. An approval
    /// is spoken of as one: approved or rejected, by whom and when.
    private static func conflict(_ existing: Signal, refused value: Literal) -> ServiceError {
        let when = existing.setAt.map { " at \(RFC3339.format($0))" } ?? ""
        let by = existing.setBy.isEmpty ? "" : " by \(existing.setter)"
        if existing.gateKind == .approve, case .bool(let approved)? = existing.value {
            let reason = approved || existing.comment.isEmpty ? "" : " (\(existing.comment))"
            return .conflict(
                "'\(existing.signalID)' of execution \(existing.executionID) was already \(approved ? "approved" : "rejected")"
                    + "\(by)\(when)\(reason); it cannot be \(approved ? "rejected" : "approved") now")
        }
        return .conflict(
            "signal '\(existing.signalID)' of execution \(existing.executionID) is already set to "
                + "\(shown(existing.value))\(by)\(when); it cannot be changed to \(shown(value))")
    }

    /// A value as JSON, cut short when long, for messages.
    private static func shown(_ value: Literal?) -> String {
        guard let value else { return "nothing" }
        let text = LiteralJSON.encode(value)
        return text.count > 200 ? String(text.prefix(200)) + "…" : text
    }
}
