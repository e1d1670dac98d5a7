import ArgumentParser
import Foundation
import Logging
import SluiceCore
import SluiceRPC
import SluiceScheduler
import SluiceServiceRunner

@main
struct SluiceSchedulerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sluice-scheduler", abstract: "Sluice's scheduler: drives executions and dispatches task attempts.")

    @OptionGroup var server: ServerOptions

    @Option(help: "The admin service's address (else $SLUICE_ADMIN, else \(DefaultAddresses.admin)).")
    var admin: String?

    @Option(help: "The catalog's address (else $SLUICE_CATALOG, else \(DefaultAddresses.catalog)).")
    var catalog: String?

    @Option(help: ArgumentHelp(
        "How long a call to the catalog may take before the node runs without it, e.g. 1s or 500ms (else $SLUICE_CATALOG_DEADLINE, else 1s).",
        valueName: "duration"))
    var catalogDeadline: String?

    func run() async throws {
        let adminAddress = admin ?? ProcessInfo.processInfo.environment["SLUICE_ADMIN"] ?? DefaultAddresses.admin
        let adminClient: AdminClient
        do {
            adminClient = try AdminClient(address: adminAddress)
        } catch {
            throw ValidationError("cannot use admin address \(adminAddress): \(error.message)")
        }
        let catalogAddress = catalog ?? ProcessInfo.processInfo.environment["SLUICE_CATALOG"] ?? DefaultAddresses.catalog
        let deadlineText = catalogDeadline ?? ProcessInfo.processInfo.environment["SLUICE_CATALOG_DEADLINE"]
        let deadline = try deadlineText.map { text in
            guard let duration = DurationText.parse(text), duration > .zero, duration <= .seconds(600) else {
                throw ValidationError("the catalog deadline '\(text)' is not a duration between 0 and 10 minutes, e.g. 1s or 500ms")
            }
            return duration
        } ?? CatalogLink.defaultDeadline
        let catalogClient: CatalogClient
        do {
            catalogClient = try CatalogClient(address: catalogAddress)
        } catch {
            throw ValidationError("cannot use catalog address \(catalogAddress): \(error.message)")
        }
        try await ServiceRunner.serve(
            named: "scheduler", options: server, environmentVariable: "SLUICE_SCHEDULER_LISTEN",
            defaultAddress: SchedulerService.defaultAddress,
            makeService: { logger in SchedulerService(core: SchedulerCore(
                admin: adminClient, catalog: CatalogLink(client: catalogClient, deadline: deadline, logger: logger), logger: logger)) },
            companions: { service, logger in [SchedulerLoops(admin: adminClient, core: service.core, logger: logger)] })
    }
}
