import SluiceWire

/// How one kind of node runs. The machine decides when a node is ready and resolves its
/// inputs; the handler makes it run and ends it through the machine. Stimuli about a node (its
/// attempts, its cache answers, its timers) reach the handler of its kind. A new kind is a new
/// handler, listed in ``NodeKinds``.
protocol NodeHandler {
    /// The node's dependencies succeeded and its inputs are resolved (in `machine.nodes[id]`).
    static func start(_ id: String, in machine: inout ExecutionMachine)

    /// Something about one of the node's attempts, or its cache lookup or put, happened.
    static func handle(_ stimulus: AttemptStimulus, of id: String, in machine: inout ExecutionMachine)

    /// A timer the node set has fired.
    static func timerFired(_ key: TimerKey, of id: String, in machine: inout ExecutionMachine)

    /// A child node this one made ended (see ``NodeRuntime/Membership/child``).
    static func childEnded(_ childID: String, of id: String, in machine: inout ExecutionMachine)

    /// The node is being ended from outside (its own timeout): stop whatever it runs.
    static func stop(_ id: String, in machine: inout ExecutionMachine)

    /// Rebuilds a started, unfinished node's state from what was persisted, after a restart.
    /// Structure only: nothing may start or end here, since other nodes are not restored yet.
    static func restore(_ id: String, from record: NodeExecution, in machine: inout ExecutionMachine, records: RecordIndex)

    /// Carries on with a restored node once the whole execution is rebuilt (dispatch its
    /// attempt again, decide a retry the crash interrupted).
    static func resume(_ id: String, from record: NodeExecution, in machine: inout ExecutionMachine)
}

extension NodeHandler {
    static func handle(_ stimulus: AttemptStimulus, of id: String, in machine: inout ExecutionMachine) {}
    static func timerFired(_ key: TimerKey, of id: String, in machine: inout ExecutionMachine) {}
    static func childEnded(_ childID: String, of id: String, in machine: inout ExecutionMachine) {}
    static func stop(_ id: String, in machine: inout ExecutionMachine) {}
    static func restore(_ id: String, from record: NodeExecution, in machine: inout ExecutionMachine, records: RecordIndex) {}
    static func resume(_ id: String, from record: NodeExecution, in machine: inout ExecutionMachine) {}
}

/// A kind whose nodes run attempts of a task through ``AttemptRunner``: it says which task,
/// and what the node does once the attempts have succeeded or finally failed.
protocol AttemptingNodeHandler: NodeHandler {
    /// The task the node runs.
    static func task(of node: NodeRuntime, in machine: ExecutionMachine) -> TaskSpec?

    /// What an attempt's outputs (and a cache entry's) must fit: the task's outputs, unless
    /// the kind's attempts return something else (a dynamic task, its subgraph).
    static func resultInterface(of task: TaskSpec) -> TypedInterface

    /// An attempt succeeded (and its outputs are stored, for a cacheable task), or the cache
    /// served them: `outputs` fit the task's interface.
    static func attemptsSucceeded(_ id: String, outputs: [String: Literal], in machine: inout ExecutionMachine)

    /// The last attempt failed and no budget allows another; `phase` is FAILED or TIMED_OUT.
    static func attemptsFailed(_ id: String, phase: NodePhase, error: ExecutionError, in machine: inout ExecutionMachine)

    /// Adds what the kind's attempts are told beyond the task and inputs (a body's history).
    static func prepare(_ assignment: inout AttemptAssignment, of id: String, in machine: ExecutionMachine)
}

extension AttemptingNodeHandler {
    static func resultInterface(of task: TaskSpec) -> TypedInterface {
        task.interface ?? TypedInterface()
    }

    static func prepare(_ assignment: inout AttemptAssignment, of id: String, in machine: ExecutionMachine) {}

    static func handle(_ stimulus: AttemptStimulus, of id: String, in machine: inout ExecutionMachine) {
        AttemptRunner.handle(stimulus, of: id, in: &machine)
    }

    static func timerFired(_ key: TimerKey, of id: String, in machine: inout ExecutionMachine) {
        AttemptRunner.timerFired(key, of: id, in: &machine)
    }

    static func stop(_ id: String, in machine: inout ExecutionMachine) {
        AttemptRunner.stop(id, in: &machine)
    }

    static func restore(_ id: String, from record: NodeExecution, in machine: inout ExecutionMachine, records: RecordIndex) {
        AttemptRunner.restore(id, from: record, in: &machine)
    }

    static func resume(_ id: String, from record: NodeExecution, in machine: inout ExecutionMachine) {
        AttemptRunner.resume(id, from: record, in: &machine)
    }
}

/// What happened to a node's attempt or cache call; the machine routes it to the node's kind.
enum AttemptStimulus: Sendable {
    /// An executor took the attempt.
    case delivered(attemptID: String, executorID: String)
    case succeeded(attemptID: String, outputs: [String: Literal], executorID: String)
    case failed(attemptID: String, error: ExecutionError, executorID: String)
    /// The attempt's executor went silent or left.
    case lost(attemptID: String, reason: String)
    /// The attempt waits with nothing to start it.
    case waiting(attemptID: String, reason: String)
    case cacheLookedUp(CacheLookupResult)
    case cacheStored(Bool)
}
