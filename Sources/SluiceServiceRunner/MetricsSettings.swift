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
}
