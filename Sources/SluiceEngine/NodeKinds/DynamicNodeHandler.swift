import SluiceCore
import SluiceWire

/// Runs a dynamic node: attempts of its dynamic task (see ``AttemptRunner``: retries, timeouts
/// and caching apply to the task), whose result is the subgraph it returned, compiled (see
/// ``DynamicSubgraph``). The node records the subgraph as it starts running it
/// (DYNAMIC_RUNNING), so that a restart rebuilds it without running the task again; the
/// subgraph's nodes join the execution under the node's id ("evaluate/n3") with the node's
/// inputs as the subgraph's, and the node ends as the subgraph does, like a sub-workflow.
enum DynamicNodeHandler: AttemptingNodeHandler {
    static func start(_ id: String, in machine: inout ExecutionMachine) {
        guard let node = machine.nodes[id] else { return }
        guard let task = task(of: node, in: machine) else {
            let name = taskID(of: node).map { "\($0.name):\($0.version)" } ?? "(none)"
            machine.fail(id, .unknownTask, "dynamic task \(name) is not part of the compiled workflow")
            return
        }
        AttemptRunner.begin(id, task: task, in: &machine)
    }

    static func task(of node: NodeRuntime, in machine: ExecutionMachine) -> TaskSpec? {
        guard let id = taskID(of: node) else { return nil }
        return machine.scopes[node.scope]?.task(id)
    }

    static func resultInterface(of task: TaskSpec) -> TypedInterface {
        DynamicSubgraph.resultInterface
    }

    /// The task returned its subgraph (or the cache served one): run it.
    static func attemptsSucceeded(_ id: String, outputs: [String: Literal], in machine: inout ExecutionMachine) {
        let subgraph: CompiledWorkflow
        do {
            subgraph = try DynamicSubgraph.subgraph(in: outputs)
        } catch {
            machine.fail(id, .badOutputs, "\(error)")
            return
        }
        guard let (inputs, first, task) = machine.nodes.update(id, { node in
            (node.inputs, !node.announced, node.attempts.task)
        }) else { return }
        machine.recordNode(id, phase: .dynamicRunning, includeInputs: first, task: task, subgraph: subgraph)
        // Its own work is done; the subgraph's nodes are what runs now.
        machine.activeTasks.remove(id)
        machine.openScope(key: id, workflow: subgraph, inputs: inputs, owner: id)
        // After a failure elsewhere (FAIL_AFTER_RUNNING_NODES) none of them starts: this may
        // have been the last thing running.
        machine.finishIfFailedAndIdle()
    }

    static func attemptsFailed(_ id: String, phase: NodePhase, error: ExecutionError, in machine: inout ExecutionMachine) {
        machine.finishNode(id, phase: phase, error: error)
    }

    /// Its timeout: whatever runs, its task's attempt or its subgraph's nodes, stops.
    static func stop(_ id: String, in machine: inout ExecutionMachine) {
        if machine.scopes[id] == nil {
            AttemptRunner.stop(id, in: &machine)
        } else {
            machine.abortScope(id)
        }
    }

    /// A node recorded running its subgraph rebuilds that subgraph from the record; one still
    /// running its task rebuilds its attempts.
    static func restore(_ id: String, from record: NodeExecution, in machine: inout ExecutionMachine, records: RecordIndex) {
        guard let subgraph = record.subgraph, record.phase == .dynamicRunning else {
            AttemptRunner.restore(id, from: record, in: &machine)
            return
        }
        // Its attempts as they were (their numbers fence late results), though none runs now.
        AttemptRunner.restore(id, from: record, in: &machine)
        machine.activeTasks.remove(id)
        guard let inputs = machine.nodes.read(id, { $0.inputs }) else { return }
        machine.restoreScope(key: id, workflow: subgraph, inputs: inputs, owner: id, records: records)
    }

    static func resume(_ id: String, from record: NodeExecution, in machine: inout ExecutionMachine) {
        guard machine.scopes[id] == nil else {
            machine.rearmNodeTimeout(id, from: record)
            return
        }
        AttemptRunner.resume(id, from: record, in: &machine)
    }

    private static func taskID(of node: NodeRuntime) -> Identifier? {
        if case .dynamic(let dynamic) = node.spec.kind { return dynamic.task }
        return nil
    }
}
