import Metrics
import Synchronization

/// Each call a service answers, for Prometheus: `sluice_requests_total` by service, call and
/// outcome (`OK` or the error code), and `sluice_request_duration_seconds` by service and call.
/// Metrics are made once per call and outcome and kept: making one asks the metrics backend,
/// which is too slow to do per request.
final class CallMetrics: Sendable {
    private let service: String
    private let counters = Mutex<[CounterKey: Counter]>([:])
    private let timers = Mutex<[String: Metrics.Timer]>([:])

    private struct CounterKey: Hashable {
        let call: String
        let outcome: String
    }

    init(service: String) {
        self.service = service
    }

    func record(call: String, outcome: String, since start: ContinuousClock.Instant) {
        counter(call: call, outcome: outcome).increment()
        timer(call: call).record(duration: ContinuousClock.now - start)
    }

    private func counter(call: String, outcome: String) -> Counter {
        let key = CounterKey(call: call, outcome: outcome)
        return counters.withLock { counters in
            if let counter = counters[key] { return counter }
            let counter = Counter(
                label: "sluice_requests_total", dimensions: [("service", service), ("call", call), ("outcome", outcome)])
            counters[key] = counter
            return counter
        }
    }

    private func timer(call: String) -> Metrics.Timer {
        timers.withLock { timers in
            if let timer = timers[call] { return timer }
            let timer = Metrics.Timer(label: "sluice_request_duration_seconds", dimensions: [("service", service), ("call", call)])
            timers[call] = timer
            return timer
        }
    }
}
