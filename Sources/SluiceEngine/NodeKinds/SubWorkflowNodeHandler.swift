import SluiceCore
import SluiceWire

/// Runs a registered workflow inline: its nodes join the execution under this node's id
/// ("sub/n2"), with this node's inputs as the workflow's inputs. The node succeeds with the
/// sub-workflow's outputs once all its nodes have; it fails when one of them does.
enum SubWorkflowNodeHandler: NodeHandler {
    static func start(_ id: String, in machine: inout ExecutionMachine) {
        guard let node = machine.nodes[id] else { return }
        guard let workflow = subWorkflow(of: node, in: machine) else {
            machine.fail(id, .unknownWorkflow, "the sub-workflow is not part of the compiled workflow")
            return
        }
        machine.recordNode(id, phase: .running, includeInputs: true)
        machine.openScope(key: id, workflow: workflow, inputs: node.inputs, owner: id)
    }

    static func restore(_ id: String, from record: NodeExecution, in machine: inout ExecutionMachine, records: RecordIndex) {
        guard let node = machine.nodes[id], let workflow = subWorkflow(of: node, in: machine) else { return }
        machine.restoreScope(key: id, workflow: workflow, inputs: node.inputs, owner: id, records: records)
    }

    static func resume(_ id: String, from record: NodeExecution, in machine: inout ExecutionMachine) {
        if machine.scopes[id] == nil {
            machine.nodes[id]?.phase = .unspecified
            start(id, in: &machine)
        } else {
            machine.rearmNodeTimeout(id, from: record)
        }
    }

    /// Its timeout: the sub-workflow's running nodes stop.
    static func stop(_ id: String, in machine: inout ExecutionMachine) {
        machine.abortScope(id)
    }

    static func subWorkflow(of node: NodeRuntime, in machine: ExecutionMachine) -> CompiledWorkflow? {
        guard case .workflow(let reference) = node.spec.kind, let wanted = reference.workflow,
              let scope = machine.scopes[node.scope] else { return nil }
        return scope.workflow.subWorkflow(wanted)
    }
}
