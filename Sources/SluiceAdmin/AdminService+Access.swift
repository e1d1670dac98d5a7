import SluiceRPC
import SluiceWire

extension AdminService {
    /// The role each call needs: people read, operate or register; the scheduler's calls (the
    /// work feed, recorded events, execution state, subgraphs) need the service role.
    public func access(for call: AdminRequest.Call) -> CallAccess {
        switch call {
        case .health:
            .anyone
        case .getTask, .getWorkflow, .listTasks, .listWorkflows, .getExecution, .listExecutions, .listNodeExecutions,
             .getEvents, .listSignals, .listPendingGates:
            .read
        case .createExecution, .abortExecution, .setSignal:
            .operate
        case .registerTask, .registerWorkflow:
            .register
        case .pollWork, .recordEvents, .getExecutionState, .listActiveExecutions, .compileSubgraph:
            .service
        }
    }
}
