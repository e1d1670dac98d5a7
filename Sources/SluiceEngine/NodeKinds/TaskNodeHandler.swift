import SluiceCore
import SluiceWire

/// Runs a task node: attempts of its task (see ``AttemptRunner``); the node ends as they do.
enum TaskNodeHandler: AttemptingNodeHandler {
    static func start(_ id: String, in machine: inout ExecutionMachine) {
        guard let (taskID, scope) = machine.nodes.read(id, { (taskID(of: $0), $0.scope) }) else { return }
        guard let taskID, let task = machine.scopes.read(scope, { $0.task(taskID) }) ?? nil else {
            let name = taskID.map { "\($0.name):\($0.version)" } ?? "(none)"
            machine.fail(id, .unknownTask, "task \(name) is not part of the compiled workflow")
            return
        }
        AttemptRunner.begin(id, task: task, in: &machine)
    }

    static func task(of node: NodeRuntime, in machine: ExecutionMachine) -> TaskSpec? {
        guard let id = taskID(of: node) else { return nil }
        return machine.scopes[node.scope]?.task(id)
    }

    static func attemptsSucceeded(_ id: String, outputs: [String: Literal], in machine: inout ExecutionMachine) {
        machine.finishNode(id, phase: .succeeded, outputs: outputs)
    }

    static func attemptsFailed(_ id: String, phase: NodePhase, error: ExecutionError, in machine: inout ExecutionMachine) {
        machine.finishNode(id, phase: phase, error: error)
    }

    static func taskID(of node: NodeRuntime) -> Identifier? {
        if case .task(let taskNode) = node.spec.kind { return taskNode.task }
        return nil
    }
}
