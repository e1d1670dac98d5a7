import Foundation
import SluiceCore
import SluiceRPC
import SluiceWire
import SluiceTestSupport
import Testing

/// Caching on real processes: admin, catalog, scheduler and the shell executor.
@Suite("Caching on real services", .serialized, .loadsTheMachine)
struct CacheEndToEndTests {
    typealias S = ShellSpecs

    /// A cacheable task whose output also counts its runs (in a file of its own), so a test can
    /// tell a cached value from a fresh one: y = x * 100 + runs so far.
    static func countingTask(_ name: String, serialize: Bool = false, sleep: String = "0") -> (TaskSpec, URL) {
        let counter = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-count-\(UUID().uuidString)")
        var task = S.task(name, inputs: ["x": S.int], outputs: ["y": S.int], script: """
            sleep \(sleep)
            c=$(cat '\(counter.path)' 2>/dev/null || echo 0); c=$((c + 1)); echo $c > '\(counter.path)'
            x={{inputs.x}}; echo $(( x * 100 + c ))
            """)
        task.cache = CacheSettings(enabled: true, version: "1", serialize: serialize)
        return (task, counter)
    }

    static func runs(_ counter: URL) -> Int {
        Int((try? String(contentsOf: counter, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "0") ?? 0
    }

    static func oneNode(_ task: TaskSpec, name: String) -> WorkflowSpec {
        S.workflow(name, outputs: ["result": S.int], nodes: [S.node("a", task, ["x": S.future("", "n")])],
                   bindings: ["result": S.future("a", "y")])
    }

    func withCluster(
        tasks: [TaskSpec], workflows: [WorkflowSpec], store: StoreKind = .sqlite,
        _ body: (Cluster, AdminClient, CatalogClient) async throws -> Void
    ) async throws {
        try await Cluster.with(tasks: tasks, workflows: workflows, slots: 8, store: store) { cluster, client in
            let catalog = try CatalogClient(address: cluster.catalogAddress, token: TestPrincipals.serviceToken)
            defer { Task { await catalog.close() } }
            try await body(cluster, client, catalog)
        }
    }

    func run(_ client: AdminClient, _ workflow: String, n: Int64, overwrite: Bool = false) async throws -> (Execution, CacheInfo?) {
        var spec = ExecutionSpec()
        spec.workflow = Identifier(name: workflow, version: "")
        spec.inputs = ["n": .int(n)]
        spec.overwriteCache = overwrite
        guard case .createExecution(let reply) = try await client.call(.createExecution(CreateExecutionRequest(spec: spec))),
              let started = reply.execution else { throw ServiceError.internal("no execution") }
        let ended = try await client.waitForEnd(started.id)
        return (ended, try await client.nodes(started.id)["a"]?.cache)
    }

    @Test("populated, then a hit naming its producer; other inputs miss; overwrite replaces; eviction forgets", arguments: StoreKind.allCases)
    func lifecycle(_ store: StoreKind) async throws {
        let (task, counter) = Self.countingTask("counted")
        defer { try? FileManager.default.removeItem(at: counter) }
        try await withCluster(tasks: [task], workflows: [Self.oneNode(task, name: "cached")], store: store) { cluster, client, catalog in
            let (first, firstCache) = try await run(client, "cached", n: 1)
            #expect(first.outputs == ["result": .int(101)])
            #expect(firstCache?.status == .populated)
            // The scheduler's process computed the key; this process computes the same one.
            let key = try #require(try CacheKeys.key(for: task, inputs: ["x": .int(1)]))
            #expect(firstCache?.key == CacheKeys.digest(of: key))
            // While the task ran, the node said it had missed.
            guard case .getEvents(let events) = try await client.call(.getEvents(GetEventsRequest(executionID: first.id))) else {
                Issue.record("no events"); return
            }
            let statuses = events.events.compactMap { event -> CacheStatus? in
                if case .node(let node) = event.kind, node.nodeID == "a" { return node.cache?.status }
                return nil
            }
            #expect(statuses == [.miss, .populated])

            let (second, secondCache) = try await run(client, "cached", n: 1)
            #expect(second.outputs == ["result": .int(101)], "the cached value, not a new run")
            #expect(secondCache?.status == .hit)
            #expect(secondCache?.source?.executionID == first.id)
            #expect(secondCache?.source?.nodeID == "a")
            #expect(secondCache?.key == firstCache?.key)
            #expect(Self.runs(counter) == 1)

            let (other, otherCache) = try await run(client, "cached", n: 2)
            #expect(other.outputs == ["result": .int(202)])
            #expect(otherCache?.status == .populated)

            let (overwritten, overwrittenCache) = try await run(client, "cached", n: 1, overwrite: true)
            #expect(overwritten.outputs == ["result": .int(103)])
            #expect(overwrittenCache?.status == .skipped)
            let (afterOverwrite, afterOverwriteCache) = try await run(client, "cached", n: 1)
            #expect(afterOverwrite.outputs == ["result": .int(103)], "the overwritten value is served")
            #expect(afterOverwriteCache?.source?.executionID == overwritten.id)

            // Evicting is an operator's; the scheduler's token may not.
            let denied = await #expect(throws: ServiceError.self) { try await catalog.call(.evict(.executionID(overwritten.id))) }
            #expect(denied?.code == .permissionDenied)
            let operatorCatalog = try CatalogClient(address: cluster.catalogAddress, token: TestPrincipals.operatorToken)
            defer { Task { await operatorCatalog.close() } }
            guard case .evict(let evicted) = try await operatorCatalog.call(.evict(.executionID(overwritten.id))) else {
                Issue.record("not an evict reply"); return
            }
            #expect(evicted.evicted == 1)
            let (afterEviction, afterEvictionCache) = try await run(client, "cached", n: 1)
            #expect(afterEvictionCache?.status == .populated)
            #expect(afterEviction.outputs == ["result": .int(104)])
            #expect(Self.runs(counter) == 4)
        }
    }

    @Test("a task with a 1.5 MB input and a 1.5 MB output hits the cache on its second run, on a busy machine too")
    func largeValuesKeepTheirHits() async throws {
        var task = S.task("large", inputs: ["text": .simple(.string)], outputs: ["copy": .simple(.string)],
                          script: #"python3 -c 'import json, os; json.dump({"copy": json.load(open(os.environ["SLUICE_INPUTS"]))["text"]}, open(os.environ["SLUICE_OUTPUTS"], "w"))'"#)
        task.cache = CacheSettings(enabled: true, version: "1")
        let workflow = S.workflow("large-values", inputs: ["text": .simple(.string)], outputs: ["copy": .simple(.string)],
                                  nodes: [S.node("a", task, ["text": S.future("", "text")])], bindings: ["copy": S.future("a", "copy")])
        let text = String(repeating: "0123456789abcdef", count: 1_500_000 / 16)
        try await withCluster(tasks: [task], workflows: [workflow]) { _, client, _ in
            // Compared as Bools: a failure must not print megabytes.
            let first = try await client.waitForEnd(try await client.start("large-values", inputs: ["text": .string(text)]).id)
            let firstRight = first.outputs == ["copy": .string(text)]
            #expect(firstRight, "\(first.phase.name): \(first.error?.message ?? "")")
            let second = try await client.start("large-values", inputs: ["text": .string(text)])
            let ended = try await client.waitForEnd(second.id)
            let secondRight = ended.outputs == ["copy": .string(text)]
            #expect(secondRight, "\(ended.phase.name): \(ended.error?.message ?? "")")
            let cache = try await client.nodes(second.id)["a"]?.cache
            #expect(cache?.status == .hit, "\(cache?.status.name ?? "no cache status")")
        }
    }

    @Test("serialized caching: executions started together run the task once; the others reuse its outputs", arguments: StoreKind.allCases)
    func serializedRunsOnce(_ store: StoreKind) async throws {
        let (task, counter) = Self.countingTask("serialized", serialize: true, sleep: "1")
        defer { try? FileManager.default.removeItem(at: counter) }
        try await withCluster(tasks: [task], workflows: [Self.oneNode(task, name: "together")], store: store) { _, client, _ in
            let results = try await withThrowingTaskGroup(of: (Execution, CacheInfo?).self) { group in
                for _ in 0..<3 { group.addTask { try await run(client, "together", n: 5) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.allSatisfy { $0.0.phase == .succeeded && $0.0.outputs == ["result": .int(501)] })
            #expect(results.map { $0.1?.status }.sorted { $0!.rawValue < $1!.rawValue } == [.hit, .hit, .populated])
            #expect(Self.runs(counter) == 1)
        }
    }

    @Test("a reservation whose holder died lets the next run take over once it expires; meanwhile the node shows the holder")
    func expiredHolderIsTakenOver() async throws {
        let (task, counter) = Self.countingTask("reserved", serialize: true)
        defer { try? FileManager.default.removeItem(at: counter) }
        try await withCluster(tasks: [task], workflows: [Self.oneNode(task, name: "taken-over")]) { _, client, catalog in
            // A holder that reserved the key and then died: nobody extends its reservation.
            let key = try #require(try CacheKeys.key(for: task, inputs: ["x": .int(7)]))
            _ = try await catalog.call(.reserve(ReserveRequest(key: key, holder: "crashed-run/a", ttl: .seconds(2))))
            let started = try await client.start("taken-over", inputs: ["n": .int(7)])
            var waiting: String?
            for _ in 0..<50 where waiting == nil {
                let cache = try await client.nodes(started.id)["a"]?.cache
                if let holder = cache?.waitingOnReservation, !holder.isEmpty { waiting = holder }
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(waiting == "crashed-run/a")
            let ended = try await client.waitForEnd(started.id)
            #expect(ended.phase == .succeeded)
            #expect(ended.outputs == ["result": .int(701)])
            #expect(try await client.nodes(started.id)["a"]?.cache?.status == .populated)
            #expect(Self.runs(counter) == 1)
        }
    }

    @Test("a workflow wider than the scheduler starts in one turn populates every node, then hits on every node")
    func wideWorkflowHitsEverywhere() async throws {
        var task = S.addOne
        task.id = Identifier(name: "add-one-cached", version: "1")
        task.cache = CacheSettings(enabled: true, version: "1")
        let width = 600
        let wide = S.workflow(
            "wide-cached", outputs: ["total": S.int],
            nodes: (0..<width).map { S.node("w\($0)", task, ["x": .literal(.int(Int64($0)))]) }
                + [S.node("total", S.sum, ["values": .collection((0..<width).map { S.future("w\($0)", "y") })])],
            bindings: ["total": S.future("total", "total")])
        let expected = Int64(width * (width + 1) / 2)
        try await withCluster(tasks: [task, S.sum], workflows: [wide]) { _, client, _ in
            let first = try await client.waitForEnd(try await client.start("wide-cached", inputs: ["n": .int(0)]).id)
            #expect(first.phase == .succeeded && first.outputs == ["total": .int(expected)])
            let firstNodes = try await client.nodes(first.id)
            let notPopulated = (0..<width).filter { firstNodes["w\($0)"]?.cache?.status != .populated }
            #expect(notPopulated.isEmpty, "nodes that did not populate the cache: \(notPopulated.prefix(10))")

            let second = try await client.waitForEnd(try await client.start("wide-cached", inputs: ["n": .int(0)]).id)
            #expect(second.phase == .succeeded && second.outputs == ["total": .int(expected)])
            let secondNodes = try await client.nodes(second.id)
            let notHit = (0..<width).filter {
                secondNodes["w\($0)"]?.cache?.status != .hit || secondNodes["w\($0)"]?.cache?.source?.executionID != first.id
            }
            #expect(notHit.isEmpty, "nodes that did not hit the first run's entry: \(notHit.prefix(10))")
            #expect(secondNodes.values.allSatisfy { $0.attempts.isEmpty || $0.nodeID == "total" }, "a hit runs no attempt")
        }
    }

    @Test("kill -9 of the catalog mid-workflow: the workflow succeeds without it, and caching resumes once it is back")
    func catalogKilled() async throws {
        let (task, counter) = Self.countingTask("slow-cached", sleep: "0.5")
        defer { try? FileManager.default.removeItem(at: counter) }
        let chain = S.workflow("cached-chain", outputs: ["result": S.int], nodes: [
            S.node("a", task, ["x": S.future("", "n")]),
            S.node("b", task, ["x": S.future("a", "y")]),
            S.node("c", task, ["x": S.future("b", "y")]),
        ], bindings: ["result": S.future("c", "y")])
        try await withCluster(tasks: [task], workflows: [chain]) { cluster, client, _ in
            let started = try await client.start("cached-chain", inputs: ["n": .int(0)])
            while try await client.nodes(started.id)["a"]?.phase != .succeeded {
                try await Task.sleep(for: .milliseconds(20))
            }
            await cluster.killCatalog()
            let ended = try await client.waitForEnd(started.id)
            #expect(ended.phase == .succeeded)
            let nodes = try await client.nodes(started.id)
            #expect(nodes["a"]?.cache?.status == .populated)
            for id in ["b", "c"] {
                #expect([.lookupFailure, .putFailure].contains(nodes[id]?.cache?.status), "\(id): \(nodes[id]?.cache?.status.name ?? "none")")
            }

            try await cluster.restartCatalog()
            // The scheduler leaves a failed catalog alone for a moment before asking again.
            try await Task.sleep(for: .seconds(2.5))
            let again = try await client.start("cached-chain", inputs: ["n": .int(1)])
            _ = try await client.waitForEnd(again.id)
            let repeated = try await client.start("cached-chain", inputs: ["n": .int(1)])
            let repeatedEnd = try await client.waitForEnd(repeated.id)
            #expect(repeatedEnd.phase == .succeeded)
            let repeatedNodes = try await client.nodes(repeated.id)
            #expect(["a", "b", "c"].map { repeatedNodes[$0]?.cache?.status } == [.hit, .hit, .hit])
        }
    }
}
