import ArgumentParser
import Foundation
import Logging
import SluiceExecutor
import SluiceServiceRunner

@main
struct SluiceExecutorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sluice-executor", abstract: "Sluice's stock executor: pulls task attempts from the scheduler and runs shell tasks.")

    @OptionGroup var options: ExecutorOptions

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        ServiceRunner.bootstrapLogging(level: try options.level())
        var configuration = WorkerConfiguration(schedulerAddress: options.schedulerAddress(environment: environment), pool: options.pool)
        if let slots = try options.slotCount(environment: environment) { configuration.slots = slots }
        configuration.workDirectory = options.workDirectoryURL
        configuration.keepAttemptDirectories = options.keepAttemptDirectories
        let worker: Worker
        do {
            worker = try Worker(configuration: configuration, logger: Logger(label: "sluice.executor"))
        } catch {
            throw ValidationError("the executor cannot dial the scheduler: \(error.message)")
        }
        try await ServiceRunner.run(
            worker,
            announcing: "sluice-executor \(worker.executorID) polling \(configuration.schedulerAddress) with \(configuration.slots) slots",
            logger: Logger(label: "sluice.executor"))
    }
}
