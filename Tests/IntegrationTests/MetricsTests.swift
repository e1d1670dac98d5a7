import SluiceTestSupport
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SluiceRPC
import SluiceWire
import Testing

/// Each service's metrics, scraped as Prometheus does: over HTTP, in Prometheus' text format.
@Suite("Metrics for Prometheus", .serialized)
struct MetricsTests {
    typealias S = ShellSpecs

    @Test("admin, the scheduler, the catalog and the executor report calls, executions, attempts, cache lookups, signals and event batches")
    func servicesReportTheirWork() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-metrics-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let metrics = ["--metrics", "127.0.0.1:0"]
        let admin = try await ServiceProcess("admin", arguments: ["--database", directory.appendingPathComponent("a.sqlite").path] + metrics)
        let catalog = try await ServiceProcess("catalog", arguments: ["--database", directory.appendingPathComponent("c.sqlite").path] + metrics)
        let scheduler = try await ServiceProcess("scheduler", arguments: ["--admin", admin.address, "--catalog", catalog.address] + metrics)
        let executor = try await ServiceProcess(
            "executor", listen: nil, arguments: ["--scheduler", scheduler.address, "--slots", "3", "--work-dir", directory.path] + metrics,
            readyMarker: " polling ")
        let client = try AdminClient(address: admin.address, token: TestPrincipals.adminToken)
        do {
            var cached = S.addOne
            cached.id = Identifier(name: "add-one-cached", version: "1")
            cached.cache = CacheSettings(enabled: true, version: "1")
            let workflow = S.workflow("measured", outputs: ["result": S.int], nodes: [
                S.node("a", cached, ["x": S.future("", "n")]),
                GateEndToEndTests.signalGate(upstream: ["a"]),
                S.node("after", S.addOne, ["x": S.future("wait", "value")]),
            ], bindings: ["result": S.future("after", "y")])
            try await client.register(tasks: [cached, S.addOne], workflows: [workflow])
            let started = try await client.start("measured", inputs: ["n": .int(1)])
            _ = try await client.call(.setSignal(SetSignalRequest(executionID: started.id, signalID: "size", value: .int(5))))
            #expect(try await client.waitForEnd(started.id).phase == .succeeded)

            let fromAdmin = try await scrape(admin)
            #expect(value(in: fromAdmin, "sluice_requests_total", ["service": "admin", "call": "create_execution", "outcome": "OK"]) == 1)
            #expect(value(in: fromAdmin, "sluice_signals_set_total") == 1)
            #expect(value(in: fromAdmin, "sluice_executions", ["phase": "SUCCEEDED"]) == 1)
            #expect(value(in: fromAdmin, "sluice_gates_waiting") == 0)
            #expect((value(in: fromAdmin, "sluice_request_duration_seconds_count", ["service": "admin", "call": "record_events"]) ?? 0) >= 1)

            let fromScheduler = try await scrape(scheduler)
            #expect(value(in: fromScheduler, "sluice_attempts_started_total") == 2)
            #expect(value(in: fromScheduler, "sluice_attempts_finished_total", ["outcome": "succeeded"]) == 2)
            #expect(value(in: fromScheduler, "sluice_cache_lookups_total", ["result": "miss"]) == 1)
            #expect((value(in: fromScheduler, "sluice_event_batches_total") ?? 0) >= 1)
            #expect(value(in: fromScheduler, "sluice_executor_slots") == 3)
            #expect(value(in: fromScheduler, "sluice_queue_depth") == 0)

            // The executor's own view: the two attempts it ran, its slots, none running now.
            let fromExecutor = try await scrape(executor)
            #expect(value(in: fromExecutor, "sluice_worker_attempts_finished_total", ["outcome": "succeeded"]) == 2)
            #expect(value(in: fromExecutor, "sluice_worker_attempt_duration_seconds_count") == 2)
            #expect(value(in: fromExecutor, "sluice_worker_slots") == 3)
            #expect(value(in: fromExecutor, "sluice_worker_attempts_running") == 0)

            let fromCatalog = try await scrape(catalog)
            #expect(value(in: fromCatalog, "sluice_requests_total", ["service": "catalog", "call": "put", "outcome": "OK"]) == 1)
        } catch {
            Issue.record("\(error)\n\(admin.log.suffix(2000))\n\(scheduler.log.suffix(2000))")
        }
        await client.close()
        for service in [executor, scheduler, catalog, admin] { await service.stop() }
    }

    /// The service's /metrics, at the address its log says it serves them on.
    private func scrape(_ service: ServiceProcess) async throws -> String {
        guard let match = service.log.firstMatch(of: /sluice\.metrics=(http:\/\/[0-9.]+:[0-9]+\/metrics)/),
              let url = URL(string: String(match.1)) else {
            throw ServiceError.internal("\(service.name) did not say where it serves metrics:\n\(service.log)")
        }
        let (data, response) = try await URLSession.shared.data(from: url)
        #expect((response as? HTTPURLResponse)?.value(forHTTPHeaderField: "Content-Type")?.hasPrefix("text/plain") == true)
        return String(decoding: data, as: UTF8.self)
    }

    /// The value of the sample named `name` whose labels include `labels`, summed over the rest.
    private func value(in text: String, _ name: String, _ labels: [String: String] = [:]) -> Double? {
        var total: Double?
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let number = Double(line[line.index(after: space)...]) else { continue }
            let series = line[..<space]
            let metric = series.prefix { $0 != "{" }
            guard metric == name else { continue }
            let wanted = labels.allSatisfy { series.contains("\($0.key)=\"\($0.value)\"") }
            if wanted { total = (total ?? 0) + number }
        }
        return total
    }
}
