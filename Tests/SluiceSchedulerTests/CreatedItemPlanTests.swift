@testable import SluiceScheduler
import SluiceWire
import Testing

@Suite("Created items of the work feed")
struct CreatedItemPlanTests {
    static let workflowID = Identifier(name: "fan-out", version: "1")

    static func created(_ id: String, digest: String) -> (item: WorkItem, execution: Execution) {
        var spec = ExecutionSpec()
        spec.workflow = workflowID
        let execution = Execution(id: id, spec: spec, phase: .queued)
        return (WorkItem(executionID: id, item: .created(execution), workflowDigest: digest), execution)
    }

    static func holding(digest: String) -> HeldWorkflows {
        var held = HeldWorkflows()
        let workflow = CompiledWorkflow(spec: WorkflowSpec(id: workflowID), digest: digest)
        var spec = ExecutionSpec()
        spec.workflow = workflowID
        _ = held.complete(ExecutionState(execution: Execution(id: "ex-earlier", spec: spec), workflow: workflow, workflowDigest: digest))
        return held
    }

    @Test("an execution of a held workflow starts from its item; another asks admin for its state")
    func heldWorkflowStartsFromTheItem() throws {
        let held = Self.holding(digest: "sha256:aa")
        let new = Self.created("ex-new", digest: "sha256:aa")
        guard case .start(let state) = CreatedItemPlan(new.item, execution: new.execution, held: held, takenOver: []) else {
            Issue.record("a held workflow's new execution was not started from its item")
            return
        }
        #expect(state.execution == new.execution)
        #expect(state.workflow?.digest == "sha256:aa")

        let changed = Self.created("ex-changed", digest: "sha256:bb")
        #expect(CreatedItemPlan(changed.item, execution: changed.execution, held: held, takenOver: []) == .askForState)
        let first = Self.created("ex-first", digest: "sha256:aa")
        #expect(CreatedItemPlan(first.item, execution: first.execution, held: HeldWorkflows(), takenOver: []) == .askForState)
    }

    @Test("an execution taken over when the scheduler started is not started again by its created item")
    func takenOverExecutionIsNotStartedAgain() {
        let held = Self.holding(digest: "sha256:aa")
        let listed = Self.created("ex-listed", digest: "sha256:aa")
        #expect(CreatedItemPlan(listed.item, execution: listed.execution, held: held, takenOver: ["ex-listed"]) == .takenOverAlready)
        #expect(CreatedItemPlan(listed.item, execution: listed.execution, held: HeldWorkflows(), takenOver: ["ex-listed"]) == .takenOverAlready)
    }
}
