@testable import SluiceScheduler
import SluiceWire
import Testing

@Suite("Held workflows")
struct HeldWorkflowsTests {
    static func workflow(_ name: String, version: String = "1", digest: String) -> CompiledWorkflow {
        CompiledWorkflow(spec: WorkflowSpec(id: Identifier(name: name, version: version)), digest: digest)
    }

    static func state(of name: String, version: String = "1", workflow: CompiledWorkflow?, digest: String) -> ExecutionState {
        var spec = ExecutionSpec()
        spec.workflow = Identifier(name: name, version: version)
        return ExecutionState(execution: Execution(id: "ex-\(name)", spec: spec), workflow: workflow, workflowDigest: digest)
    }

    @Test("a workflow admin sent is held, and fills in a later state that leaves it out")
    func heldWorkflowCompletesState() throws {
        var held = HeldWorkflows()
        let fanOut = Self.workflow("fan-out", digest: "sha256:aa")
        let id = Identifier(name: "fan-out", version: "1")
        #expect(held.digest(of: id) == "")

        let first = held.complete(Self.state(of: "fan-out", workflow: fanOut, digest: "sha256:aa"))
        #expect(first?.workflow == fanOut)
        #expect(held.digest(of: id) == "sha256:aa")
        #expect(held.digest(of: Identifier(name: "fan-out", version: "2")) == "")

        let later = held.complete(Self.state(of: "fan-out", workflow: nil, digest: "sha256:aa"))
        #expect(later?.workflow == fanOut)
    }

    @Test("a state without a workflow this scheduler holds under that digest is refused, so it is asked for whole")
    func missingWorkflowIsNotGuessed() {
        var held = HeldWorkflows()
        _ = held.complete(Self.state(of: "fan-out", workflow: Self.workflow("fan-out", digest: "sha256:aa"), digest: "sha256:aa"))
        #expect(held.complete(Self.state(of: "fan-out", workflow: nil, digest: "sha256:bb")) == nil)
        #expect(held.complete(Self.state(of: "other", workflow: nil, digest: "sha256:aa")) == nil)
    }

    @Test("a new execution of a held workflow starts from its created item alone, under the held digest only")
    func newExecutionOfAHeldWorkflow() throws {
        var held = HeldWorkflows()
        let fanOut = Self.workflow("fan-out", digest: "sha256:aa")
        var spec = ExecutionSpec()
        spec.workflow = Identifier(name: "fan-out", version: "1")
        let execution = Execution(id: "ex-new", spec: spec, phase: .queued)
        // Not held yet: the state is asked for.
        #expect(held.stateOfNew(execution, workflowDigest: "sha256:aa") == nil)

        _ = held.complete(Self.state(of: "fan-out", workflow: fanOut, digest: "sha256:aa"))
        let state = try #require(held.stateOfNew(execution, workflowDigest: "sha256:aa"))
        #expect(state.execution == execution)
        #expect(state.workflow == fanOut)
        #expect(state.workflowDigest == "sha256:aa")
        #expect(state.nodes.isEmpty && state.signals.isEmpty)

        // Another digest (the workflow registered again differently, say), or none: asked for.
        #expect(held.stateOfNew(execution, workflowDigest: "sha256:bb") == nil)
        #expect(held.stateOfNew(execution, workflowDigest: "") == nil)
    }

    @Test("the oldest workflow is dropped past the capacity")
    func capacityDropsTheOldest() {
        var held = HeldWorkflows(capacity: 2)
        for name in ["a", "b", "c"] {
            _ = held.complete(Self.state(of: name, workflow: Self.workflow(name, digest: "sha256:\(name)"), digest: "sha256:\(name)"))
        }
        #expect(held.digest(of: Identifier(name: "a", version: "1")) == "")
        #expect(held.digest(of: Identifier(name: "b", version: "1")) == "sha256:b")
        #expect(held.digest(of: Identifier(name: "c", version: "1")) == "sha256:c")
    }
}
