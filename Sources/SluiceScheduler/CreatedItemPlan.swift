import SluiceWire

/// What the scheduler does with a `created` item of admin's work feed.
enum CreatedItemPlan: Equatable {
    /// Nothing: the execution was taken over when the scheduler started. One created while
    /// the active executions were listed page by page comes both ways, and may have ended
    /// since, so its item does not start it again.
    case takenOverAlready
    /// Start it from the item alone (see ``HeldWorkflows/stateOfNew(_:workflowDigest:)``).
    case start(ExecutionState)
    /// Ask admin for its state first.
    case askForState

    init(_ item: WorkItem, execution: Execution, held: HeldWorkflows, takenOver: Set<String>) {
        if takenOver.contains(item.executionID) {
            self = .takenOverAlready
        } else if let state = held.stateOfNew(execution, workflowDigest: item.workflowDigest) {
            self = .start(state)
        } else {
            self = .askForState
        }
    }
}
