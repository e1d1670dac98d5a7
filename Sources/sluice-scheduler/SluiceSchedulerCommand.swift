import ArgumentParser
import SluiceScheduler
import SluiceServiceRunner

@main
struct SluiceSchedulerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sluice-scheduler", abstract: "Sluice's scheduler: drives executions and dispatches task attempts.")

    @OptionGroup var server: ServerOptions

    func run() async throws {
        try await ServiceRunner.serve(
            SchedulerService(), options: server, environmentVariable: "SLUICE_SCHEDULER_LISTEN", defaultAddress: SchedulerService.defaultAddress)
    }
}
