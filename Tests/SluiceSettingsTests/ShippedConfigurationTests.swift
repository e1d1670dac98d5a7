import Foundation
import SluiceAdmin
import SluiceCatalog
import SluiceExecutor
import SluiceScheduler
import SluiceServiceRunner
import SluiceSettings
import Testing

/// `services/<name>/<name>.yaml` is each service's documentation of its settings: it must name
/// every setting the service reads, with the value the service takes when nothing is set.
@Suite struct ShippedConfigurationTests {
    private static let services = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("services")

    private static func shipped(_ service: String) -> String {
        services.appendingPathComponent(service).appendingPathComponent("\(service).yaml").path
    }

    /// Reads `service`'s settings with `read`, from its shipped file and from nothing, and
    /// checks that the two agree and that the file sets every key read.
    private func check<Configuration: Equatable>(
        _ service: String, _ read: (SettingsReader) throws -> Configuration
    ) async throws {
        // With authentication on, the default, a service without a principals file does not
        // start; turned off here, so that the rest of the settings can be read.
        let environment = ["SLUICE_AUTH_OFF": "true"]
        let fromFile = try await SettingsReader(service: service, environment: environment, configFile: Self.shipped(service))
        let fromDefaults = try await SettingsReader(service: service, environment: environment)
        #expect(try read(fromFile) == read(fromDefaults))
        try fromFile.refuseUnknownKeys()
        let notInFile = fromFile.known.map(\.key).filter { $0 != "config" && fromFile.sources[$0] == "default" }
        #expect(notInFile.isEmpty, "\(service).yaml does not document \(notInFile)")
    }

    @Test func adminsFileDocumentsEverySettingWithItsDefault() async throws {
        try await check("admin") { settings in
            let server = try ServerSettings(reading: settings, defaultAddress: AdminService.defaultAddress)
            return [String(describing: try AdminConfiguration(reading: settings)), server.listen.description, "\(server.log)",
                    "\(server.transport.tls as Any)"]
        }
    }

    @Test func theCatalogsFileDocumentsEverySettingWithItsDefault() async throws {
        try await check("catalog") { settings in
            let server = try ServerSettings(reading: settings, defaultAddress: CatalogService.defaultAddress)
            return [String(describing: try CatalogConfiguration(reading: settings)), server.listen.description, "\(server.log)",
                    "\(server.transport.tls as Any)"]
        }
    }

    @Test func theSchedulersFileDocumentsEverySettingWithItsDefault() async throws {
        try await check("scheduler") { settings in
            let server = try ServerSettings(reading: settings, defaultAddress: SchedulerService.defaultAddress)
            return [
                String(describing: try SchedulerConfiguration(reading: settings)), server.listen.description, "\(server.log)",
                try AuthSettings.token(reading: settings), "\(server.transport.tls as Any)",
            ]
        }
    }

    @Test func theExecutorsFileDocumentsEverySettingWithItsDefault() async throws {
        try await check("executor") { settings in
            var configuration = WorkerConfiguration(executorID: "fixed", environment: [:])
            try configuration.read(settings)
            return [
                configuration.schedulerAddress, configuration.pool, "\(configuration.slots)", "\(configuration.workDirectory as Any)",
                "\(configuration.keepAttemptDirectories)", "\(configuration.pollWait)", "\(configuration.killGracePeriod)",
                "\(try LogSettings(reading: settings))", "\(try MetricsSettings(reading: settings).listen as Any)", configuration.token, "\(configuration.tls as Any)",
            ]
        }
    }
}
