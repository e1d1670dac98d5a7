import SluiceWire

/// One decision of a workflow body (a dynamic task of the incremental style, Flowy's model):
/// the body ran again from the top, made its calls, and either returned or stopped at the
/// first read of a value not there yet.
///
/// A decision is told how many calls are recorded and their chained digest
/// (``AttemptAssignment/history``), never the calls themselves: the body makes them again, checks
/// its own against the digest, and sends only the calls past the recorded ones. The values it
/// gets are those of the calls a decision has read. So what goes over the wire per decision is
/// the new calls and the values read, not the body's history.
///
/// What reaches the engine is the decision's outputs: ``decisionOutput`` (the `DynamicResult`
/// without the nodes, unless it diverged) and, once admin compiled the calls, the compiled
/// subgraph of every call made so far in ``DynamicSubgraph/outputName``.
public enum BodyDecision {
    /// The output carrying the decision itself.
    public static let decisionOutput = "decision"

    /// The most decisions one body may take: a body that never returns fails, named, instead of
    /// running for ever.
    public static let mostDecisions = 1_000

    /// The most calls one body may make (each is a node of the execution).
    public static var mostCalls: Int { DynamicSubgraph.mostNodes }

    /// The most bytes of values read that one decision is sent.
    public static let mostResolvedBytes = 8 << 20

    /// What a body decision's outputs are checked against.
    public static let resultInterface = TypedInterface(outputs: [
        Variable(name: DynamicSubgraph.outputName, type: .simple(.bytes)),
        Variable(name: decisionOutput, type: .simple(.bytes)),
    ])

    /// Whether the task is a workflow body.
    public static func isBody(_ task: TaskSpec) -> Bool {
        if case .dynamic(let dynamic)? = task.kind { return dynamic.style == .incremental }
        return false
    }

    /// The digest of a body's calls after `call`, chained onto the digest of those before it
    /// ("" before the first). The encoding is canonical, so the same call in the same place
    /// gives the same digest in any process.
    public static func digest(after previous: String, call: Node) throws -> String {
        ContentDigest.sha256(Array(previous.utf8) + [0] + (try call.serializedBytes()))
    }

    /// The outputs carrying a decision to the engine: the compiled calls (every call so far;
    /// none when the decision diverged and was not compiled) and the decision.
    public static func outputs(decision: DynamicResult, compiled: CompiledWorkflow?) throws -> [String: Literal] {
        var decision = decision
        if !decision.diverged { decision.nodes = [] }
        decision.tasks = []
        return [
            DynamicSubgraph.outputName: .bytes(try (compiled ?? CompiledWorkflow()).serializedBytes()),
            decisionOutput: .bytes(try decision.serializedBytes()),
        ]
    }

    /// What ``outputs(decision:compiled:)`` carried.
    public static func read(_ outputs: [String: Literal]) throws -> (decision: DynamicResult, compiled: CompiledWorkflow) {
        guard case .bytes(let decision)? = outputs[decisionOutput], case .bytes(let compiled)? = outputs[DynamicSubgraph.outputName] else {
            throw DynamicSubgraph.Malformed("a body's decision carries two outputs, \(DynamicSubgraph.outputName) and \(decisionOutput)")
        }
        do {
            return (try DynamicResult(serializedBytes: decision, limits: .default), try CompiledWorkflow(serializedBytes: compiled, limits: .default))
        } catch {
            throw DynamicSubgraph.Malformed("the body's decision cannot be read: \(error)")
        }
    }

    /// What a decision's new calls are compiled as: the calls recorded so far (as compiled),
    /// then the new ones, which may take outputs from them; with the tasks both use, the
    /// decision's own first.
    public static func withRecordedCalls(_ decision: DynamicResult, recorded: CompiledWorkflow) -> DynamicResult {
        var whole = decision
        whole.nodes = (recorded.spec?.nodes ?? []) + decision.nodes
        let declared = Set(decision.tasks.compactMap(\.id))
        whole.tasks = decision.tasks + recorded.tasks.filter { $0.id.map { !declared.contains($0) } ?? false }
        return whole
    }

    /// Compiles a decision's calls (after the recorded ones, in `whole`) without the registry,
    /// when every task they call is one the decision declares (a Swift body declares all it
    /// calls) and they call no workflow: the same rules as admin's compile, one round trip
    /// fewer per decision. Nil when a call needs the registry; throws what the compiler finds.
    public static func compileWithoutRegistry(
        _ whole: DynamicResult, task: TaskSpec, nodeID: String, failurePolicy: FailurePolicy
    ) throws -> CompiledWorkflow? {
        let registry = NoRegistry()
        do {
            let compiled = try DynamicSubgraph.compile(whole, task: task, nodeID: nodeID, failurePolicy: failurePolicy, registry: registry)
            return registry.asked ? nil : compiled
        } catch {
            // A call the registry would have answered is admin's to judge.
            if registry.asked { return nil }
            throw error
        }
    }

    /// What a decision that diverged from the record says: the first call that differs, what
    /// the body made and what was recorded there.
    public static func divergence(recorded: [Node], made: [Node]) -> String {
        for index in 0..<max(recorded.count, made.count) {
            let was = index < recorded.count ? describe(recorded[index]) : nil
            let now = index < made.count ? describe(made[index]) : nil
            guard was != now else { continue }
            let place = "call \(index + 1) (\(recorded.indices.contains(index) ? recorded[index].id : made[index].id))"
            switch (was, now) {
            case (let was?, let now?):
                return "the body is not deterministic: \(place) is now \(now), but earlier runs recorded \(was)"
            case (let was?, nil):
                return "the body is not deterministic: it no longer makes \(place), which earlier runs recorded as \(was)"
            default:
                return "the body is not deterministic: \(place) is \(now ?? "?"), made before the \(recorded.count) recorded calls"
            }
        }
        return "the body is not deterministic: its calls do not match the \(recorded.count) recorded ones (the same calls, in another form)"
    }

    /// A call as the non-determinism error shows it: id, what it calls, and its inputs.
    static func describe(_ node: Node) -> String {
        let callee: String = switch node.kind {
        case .task(let task)?: "task \(task.task?.name ?? "?")"
        case .dynamic(let dynamic)?: "task \(dynamic.task?.name ?? "?")"
        case .map(let map)?: "a map of task \(map.task?.name ?? "?")"
        case .workflow(let workflow)?: "workflow \(workflow.workflow?.name ?? "?")"
        case .gate?: "a gate"
        case .branch?: "a branch"
        case nil: "nothing"
        }
        let inputs = node.inputs.keys.sorted().map { "\($0): \(describe(node.inputs[$0]!))" }.joined(separator: ", ")
        return "\(node.id) = \(callee)(\(inputs))"
    }

    private static func describe(_ binding: Binding) -> String {
        switch binding {
        case .literal(let literal): LiteralJSON.encode(literal)
        case .future(let future):
            [future.reference?.nodeID.isEmpty == false ? future.reference!.nodeID : "input", future.reference?.output ?? ""]
                .joined(separator: ".")
        case .collection(let bindings): "[" + bindings.map(describe).joined(separator: ", ") + "]"
        case .map(let bindings): "[" + bindings.keys.sorted().map { "\($0): \(describe(bindings[$0]!))" }.joined(separator: ", ") + "]"
        }
    }
}

/// A registry with nothing in it, which says so by throwing (see
/// ``BodyDecision/compileWithoutRegistry(_:task:nodeID:failurePolicy:)``).
private final class NoRegistry: WorkflowRegistry {
    struct Needed: Error {}
    /// Whether the compiler asked for anything.
    private(set) var asked = false
    func task(_ id: Identifier) throws -> TaskSpec? {
        asked = true
        throw Needed()
    }
    func workflow(_ id: Identifier) throws -> CompiledWorkflow? {
        asked = true
        throw Needed()
    }
}
