import ArgumentParser
import Foundation
import Logging
import SluiceRPC
import SluiceScheduler
import SluiceServiceRunner

@main
struct SluiceSchedulerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sluice-scheduler", abstract: "Sluice's scheduler: drives executions and dispatches task attempts.")

    @OptionGroup var server: ServerOptions

    @Option(help: "The admin service's address (else $SLUICE_ADMIN, else \(DefaultAddresses.admin)).")
    var admin: String?

    func run() async throws {
        let adminAddress = admin ?? ProcessInfo.processInfo.environment["SLUICE_ADMIN"] ?? DefaultAddresses.admin
        let adminClient: AdminClient
        do {
            adminClient = try AdminClient(address: adminAddress)
        } catch {
            throw ValidationError("cannot use admin address \(adminAddress): \(error.message)")
        }
        let logger = Logger(label: "sluice.scheduler")
        let core = SchedulerCore(admin: adminClient, logger: logger)
        try await ServiceRunner.serve(
            SchedulerService(core: core), options: server, environmentVariable: "SLUICE_SCHEDULER_LISTEN",
            defaultAddress: SchedulerService.defaultAddress,
            companions: [SchedulerLoops(admin: adminClient, core: core, logger: logger)])
    }
}
