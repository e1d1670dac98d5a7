import Foundation
import Logging
import ServiceLifecycle
import SluiceRPC
import SluiceTransport
import SluiceWire
import Synchronization
import SluiceLogging

/// An executor: pulls task attempts from the scheduler, runs up to `slots` of them at once,
/// heartbeats them, and sends back each one's outputs or error. It keeps no state of its own, so
/// any number of workers can serve one scheduler.
///
/// The stock `sluice-executor` runs shell tasks; a binary built on SluiceKit registers its
/// Swift tasks in ``WorkerConfiguration/swiftTasks`` and runs a worker the same way:
///
///     let worker = try Worker(configuration: configuration, logger: logger)
///     try await worker.run()          // until drain() or graceful shutdown
///
/// As a ServiceLifecycle `Service`, a graceful shutdown (SIGTERM in a `ServiceGroup`) drains it.
public final class Worker: Service, Sendable {
    /// The configuration it runs with (slots at least 1, the poll wait at least 100 ms).
    public let configuration: WorkerConfiguration
    static let minimumPollWait = Duration.milliseconds(100)
    let client: SchedulerClient
    let logger: Logger
    let attempts = AttemptTable()
    let outbox = CompletionOutbox()
    let reachability: SchedulerReachability
    let drainRequested = OneShot<Void>()
    /// Fired when a drain's leave call finds the scheduler unreachable.
    let schedulerGoneWhileDraining = OneShot<Void>()
    private let hasRun = Atomic(false)

    /// Dials the scheduler (without waiting for it: a scheduler that is not up yet is polled
    /// until it is). Throws INVALID_ARGUMENT for an address nng cannot dial.
    public init(configuration: WorkerConfiguration, logger: Logger) throws(ServiceError) {
        var configuration = configuration
        configuration.slots = max(1, configuration.slots)
        // A poll that does not wait at all would turn an idle worker into a busy loop.
        configuration.pollWait = max(configuration.pollWait, Self.minimumPollWait)
        self.configuration = configuration
        var logger = logger
        logger[metadataKey: LogKey.executorID] = "\(configuration.executorID)"
        self.logger = logger
        self.client = try SchedulerClient(
            address: configuration.schedulerAddress, token: configuration.token, options: RequestClientOptions(tls: configuration.tls))
        self.reachability = SchedulerReachability(address: configuration.schedulerAddress, logger: logger)
    }

    public var executorID: String { configuration.executorID }

    /// Polls for attempts and runs them until drained: returns once ``drain()`` (or a graceful
    /// shutdown) has been asked for and every running attempt has finished and its result has
    /// reached the scheduler. Cancelling the calling task stops running attempts at once and
    /// gives up results not yet delivered.
    public func run() async throws {
        guard !hasRun.exchange(true, ordering: .relaxed) else {
            throw ServiceError.failedPrecondition("a worker runs once; make a new one")
        }
        let workDirectory: WorkDirectory
        do {
            workDirectory = try await WorkDirectory.prepare(configuration.workDirectory, executorID: executorID, needed: configuration.runsShellTasks)
        } catch {
            await client.close()
            throw error
        }
        let runner = AttemptRunner(
            shell: configuration.runsShellTasks ? ShellTaskRunner(
                workDirectory: workDirectory.url,
                keepAttemptDirectories: configuration.keepAttemptDirectories,
                killGracePeriod: configuration.killGracePeriod,
                environment: configuration.environment.filter { !WorkerConfiguration.credentialVariables.contains($0.key) },
                logger: logger) : nil,
            swift: SwiftTaskRunner(registry: configuration.swiftTasks))
        logger.info("polling the scheduler", metadata: [
            LogKey.schedulerAddress: "\(configuration.schedulerAddress)", LogKey.slots: "\(configuration.slots)",
            LogKey.pool: "\(configuration.pool)", LogKey.swiftTasks: "\(configuration.swiftTasks.names.joined(separator: ","))",
        ])
        await withGracefulShutdownHandler {
            await serve(runner)
        } onGracefulShutdown: {
            self.drain()
        }
        await workDirectory.removeIfTemporary()
        await client.close()
        logger.info("stopped")
    }

    /// Starts a graceful drain: tells the scheduler it is leaving, takes no new attempts, lets
    /// the running ones finish and delivers their results; ``run()`` then returns. Safe to call
    /// more than once and from anywhere.
    public func drain() {
        guard drainRequested.fire(()) else { return }
        logger.info("draining: finishing running attempts", metadata: [LogKey.count: "\(attempts.runningCount)"])
        attempts.changes.notify()
    }

    var isDraining: Bool { drainRequested.value != nil }

    private func serve(_ runner: AttemptRunner) async {
        // Discarding: a plain group keeps every finished child until its result is read, and
        // this one starts a child per attempt for as long as the worker runs (a W2 run of a
        // thousand attempts left about 8 MB behind).
        await withDiscardingTaskGroup { group in
            group.addTask { await self.heartbeatUntilCancelled() }
            group.addTask { await self.sendCompletions() }
            group.addTask { await self.leaveWhenDraining() }
            await pollUntilDraining { assignment, stop in
                group.addTask { await self.execute(assignment, stop: stop, runner: runner) }
            }
            await waitUntilNoAttemptsRemain()
            group.cancelAll()
        }
    }

    private func waitUntilNoAttemptsRemain() async {
        while !Task.isCancelled {
            let seen = attempts.changes.generation
            if attempts.isEmpty { return }
            await attempts.changes.wait(after: seen)
        }
    }

    /// Sleeps, but wakes early when a drain begins (so a drain never waits out a backoff).
    func pause(_ duration: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.sleep(for: duration) }
            group.addTask { _ = await self.drainRequested.wait() }
            await group.next()
            group.cancelAll()
        }
    }
}
