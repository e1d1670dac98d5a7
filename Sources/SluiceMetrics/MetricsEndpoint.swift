import Hummingbird
import Logging
import Metrics
import NIOCore
import Prometheus
import ServiceLifecycle
import SluiceLogging

/// A service's metrics for Prometheus to scrape: `GET /metrics` over HTTP (Hummingbird), on the
/// address `metrics.listen` names. Every metric a service records through swift-metrics goes to
/// one registry; gauges that are read rather than kept (executions by phase, the queue's depth)
/// are sampled by `beforeScrape` each time Prometheus asks.
public struct MetricsEndpoint: Service {
    let host: String
    let port: Int
    /// Where the address came from (a flag, a variable, a file's key), for the error when it
    /// cannot be bound.
    let source: String
    let beforeScrape: @Sendable () async -> Void
    let logger: Logger

    public init(
        host: String, port: Int, source: String = "metrics.listen", beforeScrape: @escaping @Sendable () async -> Void = {},
        logger: Logger
    ) {
        self.host = host
        self.port = port
        self.source = source
        self.beforeScrape = beforeScrape
        self.logger = logger
    }

    public func run() async throws {
        let router = Router()
        let beforeScrape = self.beforeScrape
        router.get("metrics") { _, _ -> Response in
            await beforeScrape()
            let text = SluiceMetricsSystem.registry.emitToBuffer()
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: text)))
        }
        let logger = self.logger
        let app = Application(
            router: router, configuration: .init(address: .hostname(host, port: port), serverName: "sluice-metrics"),
            onServerRunning: { channel in
                let bound = channel.localAddress.map { "\($0.ipAddress ?? "?"):\($0.port ?? 0)" } ?? "?"
                logger.info("metrics served for Prometheus", metadata: [LogKey.metrics: "http://\(bound)/metrics"])
            },
            logger: logger)
        do {
            try await app.run()
        } catch {
            throw MetricsAddressError("cannot serve metrics on \(host):\(port) (\(source)): \(error)")
        }
    }
}

/// The registry every metric goes to, bootstrapped once per process.
public enum SluiceMetricsSystem {
    public static let registry = PrometheusCollectorRegistry()

    /// Sends swift-metrics' metrics to ``registry``: called once, at start-up, before any
    /// metric is made. A process that never calls it (a test, a user's program) records none.
    public static func bootstrap() {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = durationBuckets
        MetricsSystem.bootstrap(factory)
    }

    /// Most calls take well under a millisecond, some (a long poll, a batch of a thousand
    /// events) seconds: buckets from 100 µs to 30 s.
    static let durationBuckets: [Duration] = [
        .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5),
        .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
        .seconds(1), .seconds(2.5), .seconds(5), .seconds(10), .seconds(30),
    ]
}
