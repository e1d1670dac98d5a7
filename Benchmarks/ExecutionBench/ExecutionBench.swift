import ArgumentParser
import BenchSupport
import Foundation
import SluiceRPC
import SluiceWire

/// `make bench`'s execution figures: W1 and W2 end to end on real services (release builds,
/// separate processes, durable SQLite), from the client's CreateExecution call to the client's
/// long poll for the end (GetExecution with wait_ms) seeing the execution SUCCEEDED.
@main
struct ExecutionBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sluice-bench",
        abstract: "Sluice's execution benchmarks (W1, W2), or the benchmark's Swift-task executor.",
        subcommands: [Run.self, BenchExecutor.self, CatalogLookupBench.self, EngineBench.self, RecordBench.self, AbuseBench.self, ChaosBench.self],
        defaultSubcommand: Run.self)
}

struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Starts the services and measures W1 and W2.")

    @Option(help: "Directory holding the release builds of the services and of this benchmark.")
    var bin: String

    @Option(help: "Measured runs of each workload (after one warm-up run).")
    var runs = 5

    @Option(help: "Slots of each executor.")
    var slots = 16

    @Option(help: "Workloads to run: w1, w2, map, w3, cached, shell, w5, parked, map100k (all by default).")
    var only: [String] = []

    @Option(help: "Elements of W6's large map.")
    var largeMap = 100_000

    @Option(help: "Signals W5 measures.")
    var signals = 200

    @Option(help: "Executions parked on gates.")
    var parked = 10_000

    @Option(help: "Seconds the parked executions are watched idle.")
    var idleSeconds = 30

    @Option(help: "Admin's --database instead of an SQLite file in the run's directory (a postgres:// URL).")
    var adminDatabase: String?

    @Option(help: "The catalog's --database instead of an SQLite file in the run's directory (a postgres:// URL).")
    var catalogDatabase: String?

    @Option(help: "Inserted into each BENCH label before its unit (\"_pg\": w1_chain100_pg_ms).")
    var labelSuffix = ""

    /// A BENCH line's label: `w1_chain100` and `ms` make `w1_chain100_ms`, or with the suffix
    /// `w1_chain100_pg_ms`.
    func label(_ name: String, _ unit: String) -> String {
        "\(name)\(labelSuffix)_\(unit)"
    }

    func run() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        func log(_ name: String) -> URL { directory.appendingPathComponent("\(name).log") }
        let admin = try await BenchService.start(
            "\(bin)/sluice-admin",
            ["--listen", "tcp://127.0.0.1:0", "--database", adminDatabase ?? directory.appendingPathComponent("admin.sqlite").path,
             "--log-level", "warning"],
            log: log("admin"))
        let catalog = try await BenchService.start(
            "\(bin)/sluice-catalog",
            ["--listen", "tcp://127.0.0.1:0", "--database", catalogDatabase ?? directory.appendingPathComponent("catalog.sqlite").path,
             "--log-level", "warning"],
            log: log("catalog"))
        let scheduler = try await BenchService.start(
            "\(bin)/sluice-scheduler",
            ["--listen", "tcp://127.0.0.1:0", "--admin", admin.address, "--catalog", catalog.address, "--log-level", "warning"],
            log: log("scheduler"))
        let swiftExecutor = try await BenchService.start(
            "\(bin)/sluice-bench", ["executor", "--scheduler", scheduler.address, "--slots", "\(slots)"],
            marker: "polling", log: log("swift-executor"))
        let shellExecutor = try await BenchService.start(
            "\(bin)/sluice-executor", ["--scheduler", scheduler.address, "--slots", "\(slots)",
                                       "--work-dir", directory.appendingPathComponent("work").path, "--log-level", "warning"],
            marker: "polling", log: log("shell-executor"))
        let services = [admin, catalog, scheduler, swiftExecutor, shellExecutor]
        do {
            try await runWorkloads(admin: admin, scheduler: scheduler, services: services, directory: directory)
        } catch {
            for service in services.reversed() { service.stop() }
            print("The services' logs and databases are kept in \(directory.path)")
            throw error
        }
        for service in services.reversed() { service.stop() }
        // Its databases hold ten thousand parked executions and more: a run that succeeded
        // leaves nothing behind (one that failed keeps them, with the services' logs).
        try? FileManager.default.removeItem(at: directory)
    }

    /// Registers the workloads' tasks and workflows and measures the workloads asked for.
    private func runWorkloads(
        admin: BenchService, scheduler: BenchService, services: [BenchService], directory: URL
    ) async throws {
        let client = try AdminClient(address: admin.address, token: BenchCredentials.token)
        for task in try BenchWorkflows.tasks + BodyBench.tasks { _ = try await client.call(.registerTask(RegisterTaskRequest(task: task))) }
        _ = try await client.call(.registerWorkflow(RegisterWorkflowRequest(workflow: BodyBench.workflow.spec)))
        for workflow in [BenchWorkflows.chain100, BenchWorkflows.fanOut1000, BenchWorkflows.shellFanOut, BenchWorkflows.cachedFanOut1000,
                         BenchWorkflows.signalled, BenchWorkflows.parked, BenchWorkflows.mapFanOut, BenchWorkflows.cachedMap,
                         BenchWorkflows.dynamicFan] {
            _ = try await client.call(.registerWorkflow(RegisterWorkflowRequest(workflow: workflow)))
        }
        let stores = adminDatabase == nil && catalogDatabase == nil ? "SQLite in \(directory.path)" : "admin and the catalog on PostgreSQL"
        print("Sluice execution benchmark: \(runs) runs each after a warm-up; services in separate processes, \(stores)")
        func wanted(_ name: String) -> Bool { only.isEmpty || only.contains(name) }
        if wanted("w1") {
            let w1 = try await measure(client, BenchWorkflows.chain100, n: 0, expect: 100, services: services)
            report("W1: chain of 100 Swift tasks", w1, target: "≤ 50 ms")
            print(String(format: "BENCH \(label("w1_chain100", "ms")) %.2f", median(w1)))
        }
        if wanted("w2") {
            let w2 = try await measure(client, BenchWorkflows.fanOut1000, n: 1, expect: 2 * 1000, services: services)
            report("W2: 1,000 Swift tasks + sum", w2, target: "≤ 100 ms")
            print(String(format: "BENCH \(label("w2_fanout1000", "ms")) %.2f", median(w2)))
        }
        if wanted("map") {
            let map = try await measure(client, BenchWorkflows.mapFanOut, n: 1000, expect: 1000 * 1001 / 2, services: services)
            report("W2 as a map: 1,000 Swift elements + sum", map, target: "≤ 90 ms")
            print(String(format: "BENCH w2_map_ms %.2f", median(map)))
        }
        if wanted("w3") {
            let dynamic = try await measure(client, BenchWorkflows.dynamicFan, n: 199, expect: 200 * 201 / 2, services: services)
            report("W3: a dynamic node of 200 x+1 tasks + sum, its size found by a task", dynamic, target: "≤ 50 ms")
            print(String(format: "BENCH w3_dynamic200_ms %.2f", median(dynamic)))
        }
        if wanted("w4") {
            let body = try await measure(client, BodyBench.workflow.spec, n: 0, expect: BodyBench.expected, services: services)
            report("W4: a workflow body of two 50-step chains, reading each step's result", body, target: "≤ 100 ms")
            print(String(format: "BENCH w4_body_ms %.2f", median(body)))
            // How many decisions a run takes: one per step at best, two when a step's two
            // results come back separately.
            var id = ""
            _ = try await runToTheEnd(client, BodyBench.workflow.spec, n: 0, expect: BodyBench.expected, started: { id = $0 })
            if case .listNodeExecutions(let listed) = try await client.call(.listNodeExecutions(ListNodeExecutionsRequest(executionID: id))),
               let progress = listed.nodes.first(where: { $0.nodeID == "body" })?.body {
                print("  one more run: \(progress.decisions) decisions for \(progress.calls) calls in \(BodyBench.steps) steps")
            }
        }
        if wanted("cached") {
            // The warm-up run populates the cache; the measured runs hit it for every task.
            let cached = try await measure(client, BenchWorkflows.cachedFanOut1000, n: 1, expect: 2 * 1000, services: services)
            report("W2 cached: 1,000 cacheable tasks + sum, every task a hit", cached, target: "≤ 50 ms")
            print(String(format: "BENCH w2_cached_ms %.2f", median(cached)))
        }
        if wanted("shell") {
            let shell = try await measure(client, BenchWorkflows.shellFanOut, n: 1, expect: Int64(2 * BenchWorkflows.shellWidth), services: services)
            report("W2 with shell tasks (\(BenchWorkflows.shellWidth) + sum)", shell, target: "reported per task")
            let perTask = median(shell) / Double(BenchWorkflows.shellWidth + 1)
            print(String(format: "  per shell task: %.2f ms (median run / %d tasks, %d slots)", perTask, BenchWorkflows.shellWidth + 1, slots))
            print(String(format: "BENCH w2_shell_per_task_ms %.3f", perTask))
        }
        let gates = GateBench(client: client)
        if wanted("w5") {
            let latencies = try await gates.signalLatencies(count: signals)
            let p99 = Samples(latencies).percentile(0.99)
            print(String(format: "W5: set_signal returned → next task started, %d signals: median %.2f ms, p99 %.2f ms; target median ≤ 2 ms, p99 ≤ 10 ms",
                         latencies.count, median(latencies), p99))
            print(String(format: "BENCH \(label("w5_signal_p50", "ms")) %.3f", median(latencies)))
            print(String(format: "BENCH \(label("w5_signal_p99", "ms")) %.3f", p99))
        }
        if wanted("parked") {
            try await measureParked(gates, admin: admin, scheduler: scheduler)
        }
        // Last: the services keep the memory a map of 100,000 elements took (see the README's
        // note on freed blocks), which would count in the parked executions' figures.
        if wanted("map100k") {
            try await measureLargeMap(client, services: services)
        }
        await client.close()
    }

    /// Milliseconds from create to the client seeing SUCCEEDED, for a warm-up and `runs` runs.
    /// 10,000 executions waiting on gates: memory and CPU while they wait, then the time until
    /// all have finished once every one is signalled.
    private func measureParked(_ gates: GateBench, admin: BenchService, scheduler: BenchService) async throws {
        let clock = ContinuousClock()
        let created = clock.now
        let ids = try await withThrowingTaskGroup(of: [String].self) { group in
            let width = 8
            for lane in 0..<width {
                group.addTask {
                    var ids: [String] = []
                    for _ in stride(from: lane, to: parked, by: width) { ids.append(try await gates.start(BenchWorkflows.parked)) }
                    return ids
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        while try await gates.pendingCount() < parked { try await Task.sleep(for: .milliseconds(500)) }
        print(String(format: "Parked: %d executions created and waiting on their gates in %.1f s", ids.count,
                     Double((clock.now - created).components.seconds)))
        try await Task.sleep(for: .seconds(2))
        let before = (scheduler.cpuMilliseconds, admin.cpuMilliseconds)
        try await Task.sleep(for: .seconds(idleSeconds))
        let schedulerCPU = (scheduler.cpuMilliseconds - before.0) / Double(idleSeconds * 10)
        let adminCPU = (admin.cpuMilliseconds - before.1) / Double(idleSeconds * 10)
        let schedulerRSS = scheduler.residentMegabytes
        let adminRSS = admin.residentMegabytes
        print(String(format: "  idle %d s: scheduler %.1f MB RSS, %.2f%% CPU; admin %.1f MB RSS, %.2f%% CPU (target: scheduler ≤ 200 MB, CPU ≈ 0)",
                     idleSeconds, schedulerRSS, schedulerCPU, adminRSS, adminCPU))
        let resumed = clock.now
        try await GateBench.forEach(ids, width: 16) { id in try await gates.setSignal(id) }
        try await GateBench.forEach(ids, width: 16) { id in
            let ended = try await gates.waitForEnd(id)
            guard ended.phase == .succeeded else { throw BenchFailure("\(id) ended \(ended.phase.name)") }
        }
        let resumeSeconds = Double((clock.now - resumed).components.attoseconds) / 1e18 + Double((clock.now - resumed).components.seconds)
        print(String(format: "  signalled all %d: all finished in %.2f s", ids.count, resumeSeconds))
        print(String(format: "BENCH parked_scheduler_rss_mb %.1f", schedulerRSS))
        print(String(format: "BENCH parked_admin_rss_mb %.1f", adminRSS))
        print(String(format: "BENCH parked_idle_cpu_percent %.2f", schedulerCPU + adminCPU))
        print(String(format: "BENCH parked_resume_all_s %.2f", resumeSeconds))
    }

    /// Also prints each service's CPU time per measured run, which shows where the time goes,
    /// and how much its resident memory grew over the measured runs, which shows a leak: every
    /// run is the same work, so a service that keeps nothing of it stays where the warm-up left it.
    private func measure(_ client: AdminClient, _ workflow: WorkflowSpec, n: Int64, expect: Int64,
                         services: [BenchService]) async throws -> [Double] {
        var samples: [Double] = []
        var cpuBefore: [Double] = []
        var rssBefore: [Double] = []
        var steal = HostSteal()
        for run in 0...runs {
            if run == 1 {
                cpuBefore = services.map(\.cpuMilliseconds)
                rssBefore = services.map(\.residentMegabytes)
                steal = HostSteal()
            }
            let elapsed = try await runToTheEnd(client, workflow, n: n, expect: expect)
            if run > 0 { samples.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000) }
        }
        let cpu = zip(services, cpuBefore).map { service, before in
            "\(service.name) " + String(format: "%.1f", (service.cpuMilliseconds - before) / Double(max(runs, 1)))
        }
        let stolen = steal.text()
        print("  CPU ms per run: " + cpu.joined(separator: ", ") + (stolen.isEmpty ? "" : "; \(stolen)"))
        let growth = zip(services, rssBefore).map { service, before in
            "\(service.name) " + String(format: "%+.1f", service.residentMegabytes - before)
        }
        print("  RSS MB grown over the measured runs: " + growth.joined(separator: ", "))
        return samples
    }

    /// Runs `workflow` on input n to its end and checks that its result is `expect`; the time from
    /// create to the client seeing it succeed. `whilePolling` runs after each poll.
    private func runToTheEnd(
        _ client: AdminClient, _ workflow: WorkflowSpec, n: Int64, expect: Int64, poll: Duration = .seconds(5),
        whilePolling: () -> Void = {}, started: (String) -> Void = { _ in }
    ) async throws -> Duration {
        let clock = ContinuousClock()
        let start = clock.now
        var spec = ExecutionSpec()
        spec.workflow = workflow.id
        spec.inputs = ["n": .int(n)]
        guard case .createExecution(let created) = try await client.call(.createExecution(CreateExecutionRequest(spec: spec))),
              let id = created.execution?.id else { throw BenchFailure("no execution created") }
        started(id)
        var execution: Execution?
        while !(execution?.phase.isTerminal ?? false) {
            guard case .getExecution(let got) = try await client.call(
                .getExecution(GetExecutionRequest(executionID: id, waitMs: UInt32(poll.components.seconds * 1000))), timeout: .seconds(30)) else {
                throw BenchFailure("no execution \(id)")
            }
            execution = got.execution
            whilePolling()
        }
        let elapsed = clock.now - start
        guard execution?.phase == .succeeded, execution?.outputs["result"] == .int(expect) else {
            throw BenchFailure("\(workflow.id?.name ?? "") ended \(execution?.phase.name ?? "?"), not SUCCEEDED with result \(expect)"
                + (execution?.error.map { ": \($0.message)" } ?? ""))
        }
        return elapsed
    }

    /// W6: a map of `largeMap` cacheable Swift elements end to end, the largest resident memory
    /// of any service meanwhile, then the same map again with every element a cache hit.
    private func measureLargeMap(_ client: AdminClient, services: [BenchService]) async throws {
        let n = Int64(largeMap)
        var peak = 0.0
        func once() async throws -> Double {
            let elapsed = try await runToTheEnd(client, BenchWorkflows.cachedMap, n: n, expect: n * (n + 1) / 2, poll: .seconds(1)) {
                peak = max(peak, services.map(\.residentMegabytes).max() ?? 0)
            }
            return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        }
        let cpuBefore = services.map(\.cpuMilliseconds)
        let first = try await once()
        print(String(format: "W6: a map of %d cacheable Swift elements: %.1f s; largest service RSS %.0f MB; targets ≤ 15 s, ≤ 1,024 MB",
                     largeMap, first, peak))
        // Where the time goes: two cores share every service, so their CPU adds up to the run.
        let cpu = zip(services, cpuBefore).map { String(format: "%@ %.1f s", $0.name, ($0.cpuMilliseconds - $1) / 1000) }
        print("  CPU used by each service during it: " + cpu.joined(separator: ", "))
        let cached = try await once()
        print(String(format: "W6 cached: the same map again, every element a hit: %.1f s; target ≤ 5 s", cached))
        print(String(format: "BENCH w6_map100k_s %.2f", first))
        print(String(format: "BENCH w6_map100k_rss_mb %.0f", peak))
        print(String(format: "BENCH w6_map100k_cached_s %.2f", cached))
    }

    private func report(_ title: String, _ samples: [Double], target: String) {
        let sorted = samples.sorted()
        func ms(_ value: Double) -> String { String(format: "%.1f", value) }
        print("\(title): median \(ms(median(samples))) ms (min \(ms(sorted.first ?? 0)), max \(ms(sorted.last ?? 0))); target \(target)")
    }
}
