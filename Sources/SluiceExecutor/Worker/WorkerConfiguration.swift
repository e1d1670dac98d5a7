import Foundation
import SluiceRPC
import SluiceTransport

/// How a ``Worker`` finds its scheduler and what it offers to run.
public struct WorkerConfiguration: Sendable {
    /// The scheduler's nng address.
    public var schedulerAddress: String
    /// The caller's credential, sent with every request.
    public var token: String
    /// The CA (and a certificate, for mutual TLS) for a `tls+tcp://` scheduler.
    public var tls: TLSFiles?
    /// Unique per executor process; the scheduler fences attempts by it.
    public var executorID: String
    /// The executor pool it serves; "" is the default pool.
    public var pool: String
    /// How many attempts run at once (at least 1).
    public var slots: Int
    /// Whether it runs shell tasks (the stock executor does; a SluiceKit binary may not).
    public var runsShellTasks: Bool
    /// The Swift task bodies it runs, by task name.
    public var swiftTasks: SwiftTaskRegistry
    /// Where shell attempts get their directories. nil: a fresh temporary directory, removed
    /// when the worker stops.
    public var workDirectory: URL?
    /// Keeps each shell attempt's directory (inputs.json, outputs.json) after it ends, for
    /// debugging.
    public var keepAttemptDirectories: Bool
    /// How long one poll waits at the scheduler for work before it answers with none.
    public var pollWait: Duration
    /// How long a request other than a poll waits for its reply; a poll waits `pollWait` plus this.
    public var requestTimeout: Duration
    /// How long a stopped shell task has between SIGTERM and SIGKILL.
    public var killGracePeriod: Duration
    /// How long a drain lets running attempts finish before stopping them; nil waits for them.
    public var drainTimeout: Duration?
    /// The environment shell tasks start from, before the task's own and Sluice's variables;
    /// never with the executor's credentials (``credentialVariables``).
    public var environment: [String: String]

    /// Variables that hold or point to a token: a task never sees them, so that the code it runs
    /// cannot act as the executor.
    public static let credentialVariables: Set<String> = ["SLUICE_TOKEN", "SLUICE_TOKEN_FILE"]

    public init(
        schedulerAddress: String = DefaultAddresses.scheduler,
        token: String = "",
        executorID: String = ExecutorIdentity.defaultID(),
        pool: String = "",
        slots: Int = ProcessInfo.processInfo.activeProcessorCount,
        runsShellTasks: Bool = true,
        swiftTasks: SwiftTaskRegistry = SwiftTaskRegistry(),
        workDirectory: URL? = nil,
        keepAttemptDirectories: Bool = false,
        pollWait: Duration = .seconds(5),
        requestTimeout: Duration = .seconds(5),
        killGracePeriod: Duration = .seconds(3),
        drainTimeout: Duration? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        tls: TLSFiles? = nil
    ) {
        self.tls = tls
        self.schedulerAddress = schedulerAddress
        self.token = token
        self.executorID = executorID
        self.pool = pool
        self.slots = max(1, slots)
        self.runsShellTasks = runsShellTasks
        self.swiftTasks = swiftTasks
        self.workDirectory = workDirectory
        self.keepAttemptDirectories = keepAttemptDirectories
        self.pollWait = pollWait
        self.requestTimeout = requestTimeout
        self.killGracePeriod = killGracePeriod
        self.drainTimeout = drainTimeout
        self.environment = environment
    }
}
