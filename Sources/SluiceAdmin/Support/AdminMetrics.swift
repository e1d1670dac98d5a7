import Metrics
import SluiceWire

/// What admin counts for Prometheus (see `services/admin/admin.yaml`'s `metrics.listen`).
enum AdminMetrics {
    static let signalsSet = Counter(label: "sluice_signals_set_total")
    /// Calls that failed in the store itself (its database), not for what the caller asked.
    static let storeErrors = Counter(label: "sluice_store_errors_total", dimensions: [("service", "admin")])
    static let gatesWaiting = Gauge(label: "sluice_gates_waiting")
    /// One gauge per phase, made once.
    static let executions: [ExecutionPhase: Gauge] = Dictionary(uniqueKeysWithValues: ExecutionPhase.allCases
        .filter { $0 != .unspecified }
        .map { ($0, Gauge(label: "sluice_executions", dimensions: [("phase", $0.name)])) })
}

extension AdminService {
    /// Sets the gauges Prometheus reads (executions by phase, gates waiting) from the store:
    /// run before each scrape. A store that cannot answer leaves them as they were.
    public func sampleGauges() async {
        guard let counts = try? await store.counts() else { return }
        for (phase, gauge) in AdminMetrics.executions {
            gauge.record(counts.executions[phase] ?? 0)
        }
        AdminMetrics.gatesWaiting.record(counts.gatesWaiting)
    }
}
