import SluiceCore
import SluiceWire

/// Where admin keeps its records: registered tasks and workflows, executions, their nodes and
/// events, and the scheduler's work feed. ``AdminService`` speaks only to this protocol, so
/// another database can take SQLite's place without touching the service.
///
/// Each method is one transaction. Refusals that depend on what is stored (an unknown
/// execution, a taken name, an aborted execution that already ended, a page token this store
/// never issued) are thrown as ``ServiceError``s naming what was wrong; anything else thrown is
/// a failure of the store itself.
public protocol AdminStore: Sendable {
    /// What kind of store this is and where, for the health reply ("sqlite", its path).
    var healthDetails: [String: String] { get }

    // MARK: Registered tasks and workflows

    /// Registers a task under its id unless that id and version is taken. Does not validate.
    func registerTask(_ task: TaskSpec, digest: String, at: Timestamp) async throws -> RegistrationOutcome<TaskSpec>

    /// A registered task; an empty version means the latest registered.
    func task(_ id: Identifier) async throws -> Registered<TaskSpec>?

    /// Registered tasks ordered by name, then registration; only versions of `name` when given.
    func tasks(named name: String, pageToken: String, limit: Int) async throws -> Page<Registered<TaskSpec>>

    /// Runs `body` with a registry that reads one consistent snapshot of the registered tasks
    /// and workflows. `body` is synchronous, as the compiler is.
    func withRegistry<T: Sendable>(_ body: @escaping @Sendable (any WorkflowRegistry) throws -> T) async throws -> T

    /// Registers a compiled workflow unless its id and version is taken. `spec` is the spec as
    /// submitted, kept to name what differs when the same version is registered again.
    func registerWorkflow(
        _ workflow: CompiledWorkflow, submitted spec: WorkflowSpec, digest: String, at: Timestamp
    ) async throws -> RegistrationOutcome<WorkflowSpec>

    /// A registered workflow; an empty version means the latest registered.
    func workflow(_ id: Identifier) async throws -> RegisteredWorkflow?

    /// Registered workflows ordered by name, then registration; only versions of `name` when given.
    func workflows(named name: String, pageToken: String, limit: Int) async throws -> Page<RegisteredWorkflow>

    // MARK: Executions

    /// Stores a new execution and appends a `created` item for it to the work feed, together;
    /// the item names `workflowDigest`, the digest of the execution's compiled workflow.
    /// Throws CONFLICT when another execution already has its non-empty name.
    func createExecution(_ execution: Execution, workflowDigest: String) async throws

    func execution(_ id: String) async throws -> Execution?

    /// Executions matching the filter, newest first.
    func executions(matching filter: ExecutionFilter, pageToken: String, limit: Int) async throws -> Page<Execution>

    /// An execution's nodes, ordered by start time (nodes not started last), then node id.
    /// Throws NOT_FOUND for an unknown execution.
    func nodeExecutions(of executionID: String) async throws -> [NodeExecution]

    /// A page of an execution's nodes whose parent is `parent` ("" for every node), in the
    /// order they were first recorded: a map's elements in the order they started. Throws
    /// NOT_FOUND for an unknown execution.
    func nodeExecutions(of executionID: String, parent: String, pageToken: String, limit: Int) async throws -> Page<NodeExecution>

    /// Records an abort request on an execution that has not ended and appends an `abort` item
    /// to the work feed, together. A second request changes nothing. Throws NOT_FOUND for an
    /// unknown execution and FAILED_PRECONDITION for one that has ended.
    func requestAbort(of executionID: String, _ abort: AbortInfo) async throws -> AbortOutcome

    /// The execution, its compiled workflow, nodes and signals. Throws NOT_FOUND for an unknown
    /// execution.
    func executionState(of executionID: String) async throws -> ExecutionState

    /// Ids of executions that have not ended, in creation order, with the work feed's cursor
    /// read in the same transaction.
    func activeExecutions(pageToken: String, limit: Int) async throws -> ActiveExecutions

    // MARK: Signals and gates

    /// Stores a signal of an execution that has not ended and appends a `signal` item carrying
    /// it to the work feed, together. When the execution already has a signal of that id,
    /// nothing changes and the outcome holds the one stored. Throws NOT_FOUND for an unknown
    /// execution and FAILED_PRECONDITION for one that has ended.
    func setSignal(_ signal: Signal) async throws -> SignalOutcome

    /// An execution's signals, in the order they were set. Throws NOT_FOUND for an unknown
    /// execution.
    func signals(of executionID: String) async throws -> [Signal]

    /// Gates PAUSED now in executions that have not ended, in the order they paused; only those
    /// of executions of workflow `workflow` and waiting for `signalID` when these are not
    /// empty. The gates' descriptions are not filled in.
    func pendingGates(workflow: String, signalID: String, pageToken: String, limit: Int) async throws -> Page<PendingGate>

    // MARK: Events and the work feed

    /// Applies the events with ``EventApplication``, each (execution, sequence) at most once, and
    /// stores them, all in one transaction. Throws NOT_FOUND, recording nothing, when an event
    /// names an unknown execution. `encoded`, when given, holds each event's bytes as they came
    /// (see ``WireFields``), in the same order; an event is stored in them rather than encoded
    /// again. An event without a time is stored with `receivedAt`.
    func recordEvents(_ events: [Event], encoded: [ArraySlice<UInt8>]?, receivedAt: Timestamp) async throws -> RecordedEvents

    /// An execution's events after a sequence number, in order, with its phase and last sequence
    /// number. Throws NOT_FOUND for an unknown execution.
    func events(of executionID: String, after sequence: UInt64, limit: Int) async throws -> EventsPage

    /// Work feed items after a cursor, in order.
    func workItems(after cursor: UInt64, limit: Int) async throws -> [WorkItem]

    /// How many executions are in each phase, and how many gates wait: what admin's metrics
    /// report.
    func counts() async throws -> StoreCounts

    // MARK: Other writers

    /// The changes committed by every process writing to the store, this one's included, for a
    /// store that several admins share; nil in the stream when some may have gone unheard. nil
    /// for a store only this process writes.
    func changes() -> AsyncStream<AdminStoreChange?>?
}

extension AdminStore {
    public func changes() -> AsyncStream<AdminStoreChange?>? { nil }
}

/// Executions by phase and gates waiting, counted in one transaction.
public struct StoreCounts: Sendable, Equatable {
    public var executions: [ExecutionPhase: Int]
    public var gatesWaiting: Int

    public init(executions: [ExecutionPhase: Int], gatesWaiting: Int) {
        self.executions = executions
        self.gatesWaiting = gatesWaiting
    }
}

/// What registering did.
public enum RegistrationOutcome<Spec: Sendable>: Sendable {
    /// Stored under a new id and version.
    case created
    /// The same content was already registered under this id and version.
    case unchanged
    /// Different content is registered under this id and version; `existing` is it.
    case conflict(existing: Spec, digest: String)
}

/// A registered task or workflow spec with its registration facts.
public struct Registered<Spec: Sendable>: Sendable {
    public var spec: Spec
    public var digest: String
    public var registeredAt: Timestamp

    public init(spec: Spec, digest: String, registeredAt: Timestamp) {
        self.spec = spec
        self.digest = digest
        self.registeredAt = registeredAt
    }
}

/// A registered workflow: as compiled, and as submitted.
public struct RegisteredWorkflow: Sendable {
    public var compiled: CompiledWorkflow
    public var submitted: WorkflowSpec
    public var digest: String
    public var registeredAt: Timestamp

    public init(compiled: CompiledWorkflow, submitted: WorkflowSpec, digest: String, registeredAt: Timestamp) {
        self.compiled = compiled
        self.submitted = submitted
        self.digest = digest
        self.registeredAt = registeredAt
    }
}

/// One page of a listing. An empty token means there is nothing after it.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var nextPageToken: String

    public init(items: [Item], nextPageToken: String) {
        self.items = items
        self.nextPageToken = nextPageToken
    }
}

/// Which executions a listing returns; empty parts match everything.
public struct ExecutionFilter: Sendable, Hashable {
    /// Executions of this workflow name.
    public var workflow: String
    /// Executions in one of these phases.
    public var phases: [ExecutionPhase]
    /// Executions carrying all of these labels.
    public var labels: [String: String]

    public init(workflow: String = "", phases: [ExecutionPhase] = [], labels: [String: String] = [:]) {
        self.workflow = workflow
        self.phases = phases
        self.labels = labels
    }
}

/// What an abort request did.
public struct AbortOutcome: Sendable {
    /// The execution, with the abort request recorded.
    public var execution: Execution
    /// False when an abort had already been requested.
    public var requested: Bool

    public init(execution: Execution, requested: Bool) {
        self.execution = execution
        self.requested = requested
    }
}

/// Executions that have not ended, and where the work feed stood.
public struct ActiveExecutions: Sendable {
    public var page: Page<String>
    public var feedCursor: UInt64

    public init(page: Page<String>, feedCursor: UInt64) {
        self.page = page
        self.feedCursor = feedCursor
    }
}

/// What setting a signal did.
public enum SignalOutcome: Sendable {
    /// The signal was stored and fed to the scheduler.
    case stored(Signal)
    /// The execution already had a signal of that id (this one); nothing changed.
    case existing(Signal)
}

/// What recording a batch of events did.
public struct RecordedEvents: Sendable {
    public var applied: Int
    /// Events whose (execution, sequence) was already recorded.
    public var duplicates: Int
    /// Executions that got at least one new event.
    public var changedExecutions: Set<String>
    /// Executions that reached a terminal phase with these events.
    public var endedExecutions: Set<String>

    public init(applied: Int, duplicates: Int, changedExecutions: Set<String>, endedExecutions: Set<String> = []) {
        self.applied = applied
        self.duplicates = duplicates
        self.changedExecutions = changedExecutions
        self.endedExecutions = endedExecutions
    }
}

/// Events of one execution, with where the execution stands.
public struct EventsPage: Sendable {
    public var events: [Event]
    public var phase: ExecutionPhase
    public var lastSequence: UInt64

    public init(events: [Event], phase: ExecutionPhase, lastSequence: UInt64) {
        self.events = events
        self.phase = phase
        self.lastSequence = lastSequence
    }
}
