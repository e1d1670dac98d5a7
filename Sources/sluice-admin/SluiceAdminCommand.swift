import ArgumentParser
import Foundation
import SluiceAdmin
import SluiceServiceRunner

@main
struct SluiceAdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sluice-admin", abstract: "Sluice's admin service: the system of record.")

    @OptionGroup var server: ServerOptions

    @Option(
        name: .customLong("database"),
        help: "The SQLite database file, created with its directory when missing (default: $\(AdminDatabaseLocation.environmentVariable), else \(AdminDatabaseLocation.defaultPath)).")
    var database: String?

    func run() async throws {
        let path = AdminDatabaseLocation.path(flag: database, environment: ProcessInfo.processInfo.environment)
        try await ServiceRunner.serve(
            named: "admin", options: server, environmentVariable: "SLUICE_ADMIN_LISTEN",
            defaultAddress: AdminService.defaultAddress
        ) { logger in
            let store = try await SQLiteAdminStore.open(at: path)
            logger.info("admin database open", metadata: ["sluice.store.path": "\(path)"])
            return AdminService(store: store)
        }
    }
}
