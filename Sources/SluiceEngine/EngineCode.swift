import SluiceWire

/// The error codes the engine itself gives nodes and executions. A phase is decided by what
/// happened (a timer ran out, a gate was rejected), never by comparing codes: a task that fails
/// with a code of its own that reads "Timeout" is FAILED, not TIMED_OUT.
enum EngineCode: String, Sendable {
    /// A node, attempt or gate ran out of time.
    case timeout = "Timeout"
    /// The execution ran out of time.
    case executionTimeout = "ExecutionTimeout"
    /// A node's inputs cannot be resolved, or do not fit its task.
    case badInput = "BadInput"
    /// A task's outputs do not fit its interface.
    case badOutputs = "BadOutputs"
    /// A workflow's or sub-workflow's outputs cannot be resolved.
    case badOutput = "BadOutput"
    /// An attempt's executor went silent or left.
    case heartbeatMissed = "HeartbeatMissed"
    case unknownTask = "UnknownTask"
    case unknownWorkflow = "UnknownWorkflow"
    /// A node kind this release does not run.
    case unsupported = "Unsupported"
    case badCondition = "BadCondition"
    case noBranchTaken = "NoBranchTaken"
    case badGate = "BadGate"
    /// Too many of a map node's elements failed.
    case elementsFailed = "ElementsFailed"
    /// An approve gate was rejected.
    case rejected = "Rejected"
    /// Admin refused to record the execution's transitions.
    case unrecorded = "Unrecorded"
    /// A body's call was not run: a call whose output it takes failed.
    case upstreamFailed = "UpstreamFailed"
    /// A body's decision made other calls than earlier decisions recorded.
    case nonDeterministic = "NonDeterministic"
    /// A body took more decisions than it may, or stopped without returning or waiting.
    case bodyStuck = "BodyStuck"
}

extension ExecutionError {
    /// An error the engine gives, with one of its own codes.
    init(_ code: EngineCode, _ message: String, kind: ErrorKind = .user) {
        self.init()
        self.kind = kind
        self.code = code.rawValue
        self.message = message
    }
}
