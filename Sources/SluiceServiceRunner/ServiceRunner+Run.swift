import Foundation
import Logging
import ServiceLifecycle

extension ServiceRunner {
    /// Sends every log line to stderr at the settings' level and above, as text or JSON lines.
    public static func bootstrapLogging(_ settings: LogSettings) {
        LoggingSystem.bootstrap { label in
            switch settings.format {
            case .text:
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = settings.level
                return handler
            case .json:
                return JSONLogHandler(label: label, level: settings.level)
            }
        }
    }

    /// Runs a service that is not an RPC server (an executor's worker) until it returns, or until
    /// SIGTERM or SIGINT asks it to shut down gracefully. `announcement` goes to stdout once the
    /// signal handlers are in place, for scripts and tests to read. With `metrics` set, its
    /// metrics are served for Prometheus, after `sampleGauges` sets the gauges read rather than
    /// kept. Metrics the service makes must be made once this has begun.
    public static func run(
        _ service: some Service, announcing announcement: String, logger: Logger,
        metrics: MetricsSettings? = nil, sampleGauges: @escaping @Sendable () async -> Void = {}
    ) async throws {
        AllocatorTuning.apply(environment: ProcessInfo.processInfo.environment)
        ProcessHardening.refuseInspection()
        metrics?.bootstrapIfServed()
        let endpoint = metrics?.endpoint(beforeScrape: sampleGauges, logger: logger)
        let group = ServiceGroup(configuration: .init(
            services: [
                .init(service: service, successTerminationBehavior: .gracefullyShutdownGroup),
                .init(service: ReadinessAnnouncement(line: announcement)),
            ] + (endpoint.map { [.init(service: $0)] } ?? []),
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        try await group.run()
    }
}
