import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import SluiceLogging
import SluiceMetrics
import SluiceRPC

/// Runs one service until SIGTERM or SIGINT, then shuts it down gracefully. What each service
/// executable's main calls.
public enum ServiceRunner {
    /// Runs `service` with `settings`: `makeService` runs once logging is configured and before
    /// anything listens; an error it throws ends the process before it listens. `companions`
    /// are the service's background loops, run beside the server and stopped with it.
    /// With `metrics.listen` set, the service's metrics are served for Prometheus, after
    /// `sampleGauges` sets the gauges read rather than kept.
    public static func serve<S: RPCService>(
        named name: String, settings: ServerSettings,
        makeService: (Logger) async throws -> S,
        companions makeCompanions: (S, Logger) -> [any Service] = { _, _ in [] },
        sampleGauges: @escaping @Sendable (S) async -> Void = { _ in }
    ) async throws {
        AllocatorTuning.apply(environment: ProcessInfo.processInfo.environment)
        ProcessHardening.refuseInspection()
        bootstrapLogging(settings.log)
        // Before the service is made: it makes its own metrics as it starts.
        settings.metrics.bootstrapIfServed()
        let logger = Logger(label: "sluice.\(name)")
        let service = try await makeService(logger)
        var companions = makeCompanions(service, logger)
        switch settings.authenticator.mode {
        case .off:
            logger.warning("authentication is off (auth.off): every caller may make every call, and is recorded as anonymous")
        case .principalsFile(let path):
            logger.info("authentication on", metadata: ["principals": "\(path)", LogKey.count: "\(settings.authenticator.principalCount)"])
            companions.append(PrincipalsFileWatcher(authenticator: settings.authenticator, logger: logger))
        }
        if let endpoint = settings.metrics.endpoint(beforeScrape: { await sampleGauges(service) }, logger: logger) {
            companions.append(endpoint)
        }
        let server: RPCServer<S>
        do {
            server = try RPCServer(
                service: service, listeningOn: settings.listen, authenticator: settings.authenticator, options: settings.transport,
                logger: logger)
        } catch {
            throw ValidationError(
                "the \(service.name) service cannot listen on \(settings.listen.joined(separator: ", ")) (\(settings.listenSource)): \(error.message)")
        }
        // One line on stdout that scripts and tests read to learn the bound addresses.
        let announcement = ReadinessAnnouncement(
            line: "sluice-\(service.name) listening on \(server.addresses.joined(separator: " "))")
        let group = ServiceGroup(configuration: .init(
            services: [
                .init(service: server, successTerminationBehavior: .gracefullyShutdownGroup),
                .init(service: announcement),
            ] + companions.map { .init(service: $0) },
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        try await group.run()
        logger.info("stopped")
    }
}
