import Metrics
import SluiceEngine

/// What the scheduler counts for Prometheus (see `services/scheduler/scheduler.yaml`'s
/// `metrics.listen`). Made once, on first use, after the process has chosen its metrics backend.
enum SchedulerMetrics {
    static let attemptsStarted = Counter(label: "sluice_attempts_started_total")
    /// Attempts started after an earlier one of the same node failed.
    static let attemptsRetried = Counter(label: "sluice_attempts_retried_total")
    static let attemptsSucceeded = Counter(label: "sluice_attempts_finished_total", dimensions: [("outcome", "succeeded")])
    static let attemptsFailed = Counter(label: "sluice_attempts_finished_total", dimensions: [("outcome", "failed")])

    static let cacheHits = Counter(label: "sluice_cache_lookups_total", dimensions: [("result", "hit")])
    static let cacheMisses = Counter(label: "sluice_cache_lookups_total", dimensions: [("result", "miss")])
    /// Serialized caching: another run holds the key, and this one waits.
    static let cacheHeld = Counter(label: "sluice_cache_lookups_total", dimensions: [("result", "held")])
    /// The catalog did not answer: the node runs without its cache.
    static let cacheFailed = Counter(label: "sluice_cache_lookups_total", dimensions: [("result", "failed")])

    static let eventBatches = Counter(label: "sluice_event_batches_total")
    static let eventsRecorded = Counter(label: "sluice_events_recorded_total")
    /// How long admin takes to persist a batch of events (the record_events call).
    static let persistLatency = Metrics.Timer(label: "sluice_event_batch_persist_seconds")

    static let executions = Gauge(label: "sluice_scheduler_executions")
    static let queueDepth = Gauge(label: "sluice_queue_depth")
    static let attemptsRunning = Gauge(label: "sluice_attempts_running")
    static let executors = Gauge(label: "sluice_executors")
    static let executorSlots = Gauge(label: "sluice_executor_slots")

    static func lookedUp(_ result: CacheLookupResult) {
        switch result {
        case .hit: cacheHits.increment()
        case .miss, .reserved: cacheMisses.increment()
        case .held: cacheHeld.increment()
        case .failed: cacheFailed.increment()
        }
    }
}

extension SchedulerCore {
    /// Sets the gauges Prometheus reads from what the scheduler holds now: run before each scrape.
    public func sampleGauges() {
        SchedulerMetrics.executions.record(machines.count)
        SchedulerMetrics.queueDepth.record(queue.count)
        SchedulerMetrics.attemptsRunning.record(inFlight.count)
        let connected = executors.values.filter { !$0.draining }
        SchedulerMetrics.executors.record(connected.count)
        SchedulerMetrics.executorSlots.record(connected.reduce(0) { $0 + Int($1.info.slots) })
    }
}
