import ArgumentParser
import SluiceCatalog
import SluiceServiceRunner

@main
struct SluiceCatalogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sluice-catalog", abstract: "Sluice's catalog: cached task outputs.")

    @OptionGroup var server: ServerOptions

    func run() async throws {
        try await ServiceRunner.serve(
            CatalogService(), options: server, environmentVariable: "SLUICE_CATALOG_LISTEN", defaultAddress: CatalogService.defaultAddress)
    }
}
