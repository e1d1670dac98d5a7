/// A signal given to a ``LocalRunner`` run up front, as someone would set it on the services:
/// a value for a signal gate, an approval or a rejection for an approve gate. The run checks it
/// against the gate that declares it before it starts.
///
///     let run = try await LocalRunner().run(printing, input: order, signals: [
///         "plan": try .value(Plan(copies: 2, paper: "A4")),
///         "ship": .approve(),
///     ])
public struct LocalSignal: Sendable {
    public var value: Literal
    /// Who set it, for the record.
    public var setBy: String
    /// A reason, shown with the signal (a rejection's reason).
    public var comment: String

    public init(_ value: Literal, by setBy: String = "local", comment: String = "") {
        self.value = value
        self.setBy = setBy
        self.comment = comment
    }

    /// A Swift value, encoded as ``LiteralEncoder`` encodes it.
    public static func value<T: Encodable>(_ value: T, by setBy: String = "local") throws -> LocalSignal {
        LocalSignal(try LiteralEncoder().encode(value), by: setBy)
    }

    /// Approves an approve gate: it passes its input on.
    public static func approve(by setBy: String = "local", comment: String = "") -> LocalSignal {
        LocalSignal(.bool(true), by: setBy, comment: comment)
    }

    /// Rejects an approve gate: it fails with `reason`.
    public static func reject(reason: String, by setBy: String = "local") -> LocalSignal {
        LocalSignal(.bool(false), by: setBy, comment: reason)
    }

    /// Whether the workflow, or one it calls, runs a dynamic task or a workflow body.
    private static func makesGraphsAtRunTime(_ workflow: CompiledWorkflow) -> Bool {
        workflow.tasks.contains { if case .dynamic = $0.kind { true } else { false } }
            || workflow.subWorkflows.contains(where: makesGraphsAtRunTime)
    }

    /// The signals as the engine takes them, each checked against the gate declaring it in
    /// `workflow`; a ``LocalRunError`` names an undeclared id or a value that does not fit.
    static func checked(_ signals: [String: LocalSignal], for workflow: CompiledWorkflow, executionID: String) throws -> [Signal] {
        let declarations = SignalTypes.declarations(in: workflow)
        return try signals.keys.sorted().map { signalID in
            let signal = signals[signalID]!
            guard let declared = declarations.first(where: { $0.signalID == signalID }) else {
                // A gate of a subgraph or body is known only once it runs: its own check applies then.
                if makesGraphsAtRunTime(workflow) {
                    return Signal(executionID: executionID, signalID: signalID, value: signal.value, setBy: signal.setBy,
                                  setAt: .now(), comment: signal.comment)
                }
                let known = Set(declarations.map(\.signalID)).sorted()
                throw LocalRunError(
                    "the workflow declares no signal '\(signalID)'; "
                        + (known.isEmpty ? "it has no gate waiting for one" : "its gates wait for: " + known.joined(separator: ", ")))
            }
            guard let type = declared.type else {
                throw LocalRunError("gate \(declared.nodeID) declares no type for signal '\(signalID)', so no value can be checked against it")
            }
            let mismatches = type.mismatches(of: signal.value)
            guard mismatches.isEmpty else {
                throw LocalRunError(
                    "the value for signal '\(signalID)' does not fit gate \(declared.nodeID), which expects "
                        + (declared.kind == .approve ? "a bool (true approves, false rejects)" : type.typeDescription) + ": "
                        + mismatches.map(\.description).joined(separator: "; "))
            }
            return Signal(
                executionID: executionID, signalID: signalID, type: type, value: signal.value, setBy: signal.setBy,
                setAt: .now(), nodeID: declared.nodeID, gateKind: declared.kind, comment: signal.comment)
        }
    }
}
