import ArgumentParser
import SluiceAdmin
import SluiceServiceRunner

@main
struct SluiceAdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sluice-admin", abstract: "Sluice's admin service: the system of record.")

    @OptionGroup var server: ServerOptions

    func run() async throws {
        try await ServiceRunner.serve(
            AdminService(), options: server, environmentVariable: "SLUICE_ADMIN_LISTEN", defaultAddress: AdminService.defaultAddress)
    }
}
