import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import SluiceRPC

/// Runs one service until SIGTERM or SIGINT, then shuts it down gracefully. What each service
/// executable's main calls.
public enum ServiceRunner {
    public static func serve<S: RPCService>(
        _ service: S, options: ServerOptions, environmentVariable: String, defaultAddress: String
    ) async throws {
        try await serve(
            named: service.name, options: options, environmentVariable: environmentVariable,
            defaultAddress: defaultAddress) { _ in service }
    }

    /// Like ``serve(_:options:environmentVariable:defaultAddress:)`` for a service that needs
    /// setup first (opening its database): `makeService` runs once logging is configured and
    /// before anything listens. An error it throws ends the process before it listens.
    public static func serve<S: RPCService>(
        named name: String, options: ServerOptions, environmentVariable: String, defaultAddress: String,
        makeService: (Logger) async throws -> S
    ) async throws {
        let level = try options.level()
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "sluice.\(name)")
        let service = try await makeService(logger)
        let addresses = options.addresses(
            environmentVariable: environmentVariable, default: defaultAddress,
            environment: ProcessInfo.processInfo.environment)
        let server: RPCServer<S>
        do {
            server = try RPCServer(service: service, listeningOn: addresses, logger: logger)
        } catch {
            throw ValidationError("the \(service.name) service cannot listen: \(error.message)")
        }
        // One line on stdout that scripts and tests read to learn the bound addresses.
        let announcement = ReadinessAnnouncement(
            line: "sluice-\(service.name) listening on \(server.addresses.joined(separator: " "))")
        let group = ServiceGroup(configuration: .init(
            services: [
                .init(service: server, successTerminationBehavior: .gracefullyShutdownGroup),
                .init(service: announcement),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        try await group.run()
        logger.info("stopped")
    }
}
