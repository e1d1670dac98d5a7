import Logging
import ServiceLifecycle
@_exported import struct SluiceExecutor.WorkerConfiguration
import SluiceExecutor

/// An executor for your own Swift tasks: the main of an executor binary built on SluiceKit.
/// It pulls the attempts of its tasks from the scheduler and runs their bodies, until SIGTERM
/// or SIGINT, when it finishes what runs and leaves.
///
///     @main struct MyExecutor {
///         static func main() async throws {
///             try await SluiceWorker(scheduler: "tcp://scheduler:7200", tasks: [addOne, sum]).run()
///         }
///     }
public struct SluiceWorker: Sendable {
    public var configuration: WorkerConfiguration

    /// A worker for `tasks`. The scheduler address is the one given, else `SLUICE_SCHEDULER`,
    /// else the default. It runs no shell tasks unless asked to. Throws when two different tasks
    /// share a function name.
    public init(
        scheduler: String? = nil, tasks: [any SwiftTaskDefinition], pool: String = "", slots: Int? = nil,
        runsShellTasks: Bool = false, token: String? = nil
    ) throws(TaskRegistrationError) {
        self.init(scheduler: scheduler, registry: try SwiftTaskRegistry(tasks: tasks), pool: pool, slots: slots,
                  runsShellTasks: runsShellTasks, token: token)
    }

    /// A worker for every Swift task the workflows use, their sub-workflows' included:
    /// `SluiceWorker(workflows: [hitl, etl])` serves what those workflows call.
    public init(
        scheduler: String? = nil, workflows: [any WorkflowDefinition], pool: String = "", slots: Int? = nil,
        runsShellTasks: Bool = false, token: String? = nil
    ) throws(TaskRegistrationError) {
        self.init(scheduler: scheduler, registry: try SwiftTaskRegistry(workflows: workflows), pool: pool, slots: slots,
                  runsShellTasks: runsShellTasks, token: token)
    }

    private init(scheduler: String?, registry: SwiftTaskRegistry, pool: String, slots: Int?, runsShellTasks: Bool, token: String?) {
        let endpoints = SluiceEndpoints(scheduler: scheduler)
        var configuration = WorkerConfiguration(
            schedulerAddress: endpoints.scheduler, token: token ?? SluiceCredentials.token(for: .worker, reaching: [endpoints.scheduler]), pool: pool,
            runsShellTasks: runsShellTasks, swiftTasks: registry, tls: endpoints.tls)
        if let slots { configuration.slots = max(1, slots) }
        self.init(configuration: configuration)
    }

    /// A worker configured in full.
    public init(configuration: WorkerConfiguration) {
        self.configuration = configuration
    }

    /// Runs until SIGTERM or SIGINT, then drains: running attempts finish and their results
    /// reach the scheduler before it returns.
    public func run(logger: Logger = Logger(label: "sluice.worker")) async throws {
        let worker = try Worker(configuration: configuration, logger: logger)
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: worker, successTerminationBehavior: .gracefullyShutdownGroup)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        try await group.run()
    }
}
