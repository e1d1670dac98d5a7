import Metrics

/// What a worker (the stock executor, or a user's own on SluiceKit) counts for Prometheus, with
/// `metrics.listen` set. Named sluice_worker_*: the scheduler's sluice_executor_* gauges are its
/// view of every executor, these are one worker's own.
enum WorkerMetrics {
    static let succeeded = Counter(label: "sluice_worker_attempts_finished_total", dimensions: [("outcome", "succeeded")])
    static let failed = Counter(label: "sluice_worker_attempts_finished_total", dimensions: [("outcome", "failed")])
    /// How long attempts ran, from start to result, whatever their outcome.
    static let duration = Metrics.Timer(label: "sluice_worker_attempt_duration_seconds")
    /// Results the scheduler did not take: it dropped them (no longer current) or the worker stopped first.
    static let resultsLost = Counter(label: "sluice_worker_results_lost_total")
    static let slots = Gauge(label: "sluice_worker_slots")
    static let running = Gauge(label: "sluice_worker_attempts_running")
}

extension Worker {
    /// Sets the gauges Prometheus reads: run before each scrape.
    public func sampleGauges() {
        WorkerMetrics.slots.record(configuration.slots)
        WorkerMetrics.running.record(attempts.runningCount)
    }
}
