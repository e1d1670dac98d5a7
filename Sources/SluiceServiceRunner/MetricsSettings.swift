import Logging
import SluiceMetrics
import SluiceSettings

/// `metrics.listen`: where a service serves its metrics for Prometheus, if anywhere.
public struct MetricsSettings: Sendable, Equatable {
    /// nil for no metrics.
    public var listen: MetricsAddress?
    /// The flag, variable or file key that set it, for errors about it.
    public var source: String

    public init(reading settings: SettingsReader) throws {
        listen = try settings.string("metrics.listen", default: "", MetricsAddress.parse)
        source = settings.sources["metrics.listen"] ?? "metrics.listen"
    }

    /// Chooses the Prometheus backend when metrics are served. Before any metric is made: a
    /// metric made earlier would stay with the no-op backend.
    func bootstrapIfServed() {
        if listen != nil { SluiceMetricsSystem.bootstrap() }
    }

    /// The HTTP endpoint serving them, when they are served; `beforeScrape` sets the gauges read
    /// rather than kept.
    func endpoint(beforeScrape: @escaping @Sendable () async -> Void, logger: Logger) -> MetricsEndpoint? {
        listen.map { MetricsEndpoint(host: $0.host, port: $0.port, source: source, beforeScrape: beforeScrape, logger: logger) }
    }
}
