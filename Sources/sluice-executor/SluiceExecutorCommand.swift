import ArgumentParser
import Logging
import SluiceExecutor
import SluiceServiceRunner

@main
struct SluiceExecutorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sluice-executor", abstract: "Sluice's stock executor: pulls task attempts from the scheduler and runs shell tasks.")

    @OptionGroup var options: ExecutorOptions

    func run() async throws {
        let settings = try await options.settings()
        var configuration = WorkerConfiguration()
        try configuration.read(settings)
        let log = try LogSettings(reading: settings)
        let metrics = try MetricsSettings(reading: settings)
        try settings.refuseUnknownKeys()
        ServiceRunner.bootstrapLogging(log)
        let worker: Worker
        do {
            worker = try Worker(configuration: configuration, logger: Logger(label: "sluice.executor"))
        } catch {
            throw ValidationError("the executor cannot dial the scheduler: \(error.message)")
        }
        try await ServiceRunner.run(
            worker,
            announcing: "sluice-executor \(worker.executorID) polling \(configuration.schedulerAddress) with \(configuration.slots) slots",
            logger: Logger(label: "sluice.executor"),
            metrics: metrics, sampleGauges: { worker.sampleGauges() })
    }
}
