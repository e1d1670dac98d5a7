import SluiceCore
import SluiceRPC
import SluiceLogging
import SluiceWire

/// The admin service: Sluice's system of record. It registers tasks and workflows (immutable,
/// versioned), creates executions and hands them to the scheduler through its work feed,
/// records the events the scheduler reports, takes the signals people set for gates, and
/// answers what clients ask about all of it.
///
/// Each call is answered in its own file under `Calls/`. Long polls (`get_events`,
/// `poll_work`) are woken by the calls that change what they wait for, never by polling.
public struct AdminService: RPCService {
    public typealias Request = AdminRequest
    public typealias Response = AdminResponse

    public let name = "admin"
    public static let defaultAddress = DefaultAddresses.admin

    let store: any AdminStore
    let rules: AdminRules
    let limits: AdminLimits
    let identity = ServiceIdentity(service: "admin")
    /// Pollers of the work feed wait on its one key.
    let feedWakeUps = WakeUps<WorkFeed>()
    /// Watchers of an execution's events wait on its id.
    let eventWakeUps = WakeUps<String>()
    /// Callers waiting for an execution to end wait on its id here, so that the events
    /// before its end do not wake them for nothing.
    let endWakeUps = WakeUps<String>()

    /// A service over `store`, checking and compiling with `rules`.
    public init(store: any AdminStore, rules: AdminRules = .standard, limits: AdminLimits = AdminLimits()) {
        self.store = store
        self.rules = rules
        self.limits = limits
    }

    public func handle(_ call: AdminRequest.Call, context: RPCCallContext) async throws -> AdminResponse.Reply {
        try call.checkBounds()
        do {
            return try await answer(call, context: context)
        } catch let error as WireError {
            // Encoding for storage refuses what protobuf cannot carry (a NUL in a string).
            throw ServiceError.invalidArgument("the \(call.fieldName) request holds a value that cannot be stored: \(error)")
        } catch let error where !(error is ServiceError) && !(error is CancellationError) {
            // What the store reports as its own failure (see AdminStore).
            AdminMetrics.storeErrors.increment()
            throw error
        }
    }

    private func answer(_ call: AdminRequest.Call, context: RPCCallContext) async throws -> AdminResponse.Reply {
        switch call {
        case .health:
            return .health(identity.health(details: store.healthDetails))
        case .registerTask(let request):
            return .registerTask(try await registerTask(request, context: context))
        case .registerWorkflow(let request):
            return .registerWorkflow(try await registerWorkflow(request, context: context))
        case .getTask(let request):
            return .getTask(try await getTask(request))
        case .getWorkflow(let request):
            return .getWorkflow(try await getWorkflow(request))
        case .listTasks(let request):
            return .listTasks(try await listTasks(request))
        case .listWorkflows(let request):
            return .listWorkflows(try await listWorkflows(request))
        case .createExecution(let request):
            return .createExecution(try await createExecution(request, context: context))
        case .getExecution(let request):
            return .getExecution(try await getExecution(request, context: context))
        case .listExecutions(let request):
            return .listExecutions(try await listExecutions(request))
        case .listNodeExecutions(let request):
            return .listNodeExecutions(try await listNodeExecutions(request))
        case .getEvents(let request):
            return .getEvents(try await getEvents(request, context: context))
        case .abortExecution(let request):
            return .abortExecution(try await abortExecution(request, context: context))
        case .setSignal(let request):
            return .setSignal(try await setSignal(request, context: context))
        case .listSignals(let request):
            return .listSignals(try await listSignals(request))
        case .listPendingGates(let request):
            return .listPendingGates(try await listPendingGates(request))
        case .pollWork(let request):
            return .pollWork(try await pollWork(request, context: context))
        case .recordEvents(let request):
            return .recordEvents(try await recordEvents(request, context: context))
        case .getExecutionState(let request):
            return .getExecutionState(try await getExecutionState(request))
        case .listActiveExecutions(let request):
            return .listActiveExecutions(try await listActiveExecutions(request))
        case .compileSubgraph(let request):
            return .compileSubgraph(try await compileSubgraph(request))
        }
    }
}

/// The key long polls of the work feed wait on: there is one feed.
enum WorkFeed: Hashable, Sendable {
    case feed
}
