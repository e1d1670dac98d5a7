import Foundation
import SluiceCore
import SluiceWire
import Testing

/// `sluice cache …` and the cache column of `sluice status`, run as a user runs them: the built
/// `sluice` against real services, after real executions populated and hit the cache.
@Suite("The sluice cache commands on real services", .serialized)
struct CacheCommandLineTests {
    typealias E2E = CacheEndToEndTests
    /// The end-to-end suite's cluster and run helpers.
    let e2e = CacheEndToEndTests()

    /// Runs `sluice` with the cluster's addresses; JSON output parsed when asked for.
    struct CLI {
        let cluster: Cluster

        func callAsFunction(_ arguments: [String]) async throws -> (output: String, errors: String, status: Int32) {
            try await sluice(arguments + ["--admin", cluster.adminAddress, "--scheduler", cluster.schedulerAddress,
                                          "--catalog", cluster.catalogAddress])
        }

        func json(_ arguments: [String]) async throws -> Any {
            let result = try await self(arguments + ["--output", "json"])
            #expect(result.status == 0, "\(arguments): \(result.errors)")
            return try JSONSerialization.jsonObject(with: Data(result.output.utf8))
        }
    }

    @Test("inspect names each hit's producer; ls filters; show finds a prefix; evict and stats count; as text and JSON")
    func commands() async throws {
        let (task, counter) = E2E.countingTask("counted")
        defer { try? FileManager.default.removeItem(at: counter) }
        try await e2e.withCluster(tasks: [task], workflows: [E2E.oneNode(task, name: "cached")]) { cluster, client, _ in
            let cli = CLI(cluster: cluster)
            let (first, firstCache) = try await e2e.run(client, "cached", n: 1)
            let (second, _) = try await e2e.run(client, "cached", n: 1)
            _ = try await e2e.run(client, "cached", n: 2)
            #expect(E2E.runs(counter) == 2)
            let digest = try #require(firstCache?.key)
            let short = CacheKeys.shortDigest(digest)

            // inspect: the hit's row names the first execution and its node; the summary counts.
            let inspect = try await cli(["cache", "inspect", second.id])
            #expect(inspect.status == 0, "\(inspect.errors)")
            let row = try #require(inspect.output.split(separator: "\n").first { $0.hasPrefix("a ") })
            #expect(row.contains("HIT") && row.contains(short) && row.contains(first.id) && row.contains("a (attempt 1)"))
            #expect(inspect.output.contains("1 node: 1 hit"))
            let inspected = try #require(try await cli.json(["cache", "inspect", second.id]) as? [[String: Any]])
            let cache = try #require(inspected.first?["cache"] as? [String: Any])
            #expect(inspected.first?["node"] as? String == "a")
            #expect(cache["status"] as? String == "HIT")
            #expect(cache["key"] as? String == digest)
            #expect(cache["source_execution"] as? String == first.id)
            let firstInspected = try await cli(["cache", "inspect", first.id])
            #expect(firstInspected.output.contains("1 node: 1 populated"))

            // status shows the same status in its cache column.
            let status = try await cli(["status", second.id])
            #expect(status.output.split(separator: "\n").contains { $0.hasPrefix("a ") && $0.contains("HIT") }, "\(status.output)")

            // ls: both entries, newest first; filters that match nothing list nothing.
            let listed = try #require(try await cli.json(["cache", "ls"]) as? [[String: Any]])
            #expect(listed.count == 2)
            #expect(listed.allSatisfy { $0["task"] as? String == "counted" && $0["cache_version"] as? String == "1" })
            #expect(listed.last?["key"] as? String == digest)
            #expect(listed.last?["execution"] as? String == first.id)
            #expect((try await cli.json(["cache", "ls", "--task", "other"]) as? [Any])?.isEmpty == true)
            #expect((try await cli.json(["cache", "ls", "--task", "counted", "--version", "2"]) as? [Any])?.isEmpty == true)
            let table = try await cli(["cache", "ls", "--task", "counted"])
            #expect(table.output.contains(short) && table.output.contains(first.id))

            // show: the short key `ls` prints finds the entry, with its outputs and producer.
            let shown = try await cli(["cache", "show", short])
            #expect(shown.status == 0, "\(shown.errors)")
            #expect(shown.output.contains("key        \(digest)"))
            #expect(shown.output.contains("from       execution \(first.id), node a, attempt 1"))
            #expect(shown.output.contains("y = 101"))
            let entry = try #require(try await cli.json(["cache", "show", digest]) as? [String: Any])
            #expect((entry["outputs"] as? [String: Any])?["y"] as? Int == 101)
            #expect(entry["hits"] as? Int == 1)
            #expect((entry["last_hit_at"] as? String).flatMap(ISO8601DateFormatter().date(from:)) != nil, "\(entry)")
            #expect(listed.first?["last_hit_at"] is NSNull, "the entry never hit has no last hit")

            // stats: two puts, one hit, two misses (the first run of each input).
            let stats = try #require(try await cli.json(["cache", "stats"]) as? [String: Any])
            #expect(stats["entries"] as? Int == 2)
            #expect(stats["hits"] as? Int == 1)
            #expect(stats["misses"] as? Int == 2)
            #expect(stats["puts"] as? Int == 2)

            // evict one key by its prefix; then the rest by task; the next run misses and runs.
            #expect((try await cli.json(["cache", "evict", short]) as? [String: Any])?["evicted"] as? Int == 1)
            #expect((try await cli.json(["cache", "ls"]) as? [Any])?.count == 1)
            let byTask = try await cli(["cache", "evict", "--task", "counted"])
            #expect(byTask.output.contains("evicted 1 entry"), "\(byTask.output)\(byTask.errors)")
            #expect(try await cli(["cache", "ls"]).output.contains("no cached entries"))
            let (afterEviction, afterCache) = try await e2e.run(client, "cached", n: 1)
            #expect(afterCache?.status == .populated)
            #expect(afterEviction.outputs == ["result": .int(103)])
            let byExecution = try #require(try await cli.json(["cache", "evict", "--execution", afterEviction.id]) as? [String: Any])
            #expect(byExecution["evicted"] as? Int == 1)
        }
    }

    @Test("bad keys and missing targets are refused with what was wrong, and nothing is evicted")
    func refusals() async throws {
        let (task, counter) = E2E.countingTask("refused")
        defer { try? FileManager.default.removeItem(at: counter) }
        try await e2e.withCluster(tasks: [task], workflows: [E2E.oneNode(task, name: "refusing")]) { cluster, client, _ in
            let cli = CLI(cluster: cluster)
            _ = try await e2e.run(client, "refusing", n: 1)

            let unknown = try await cli(["cache", "show", "ffffffffffff"])
            #expect(unknown.status == 1)
            #expect(unknown.errors.contains("no cache entry has a digest starting with sha256:ffffffffffff"), "\(unknown.errors)")

            let notHex = try await cli(["cache", "evict", "not-a-digest"])
            #expect(notHex.status == 1)
            #expect(notHex.errors.contains("'not-a-digest' is not a digest"), "\(notHex.errors)")
            // The service's refusal is said once, not again as its detail.
            #expect(notHex.errors.components(separatedBy: "is not a digest").count == 2, "\(notHex.errors)")

            let empty = try await cli(["cache", "show", ""])
            #expect(empty.status == 64)
            #expect(empty.errors.contains("KEY is empty"), "\(empty.errors)")

            let nothing = try await cli(["cache", "evict"])
            #expect(nothing.status == 64)
            #expect(nothing.errors.contains("give exactly one of KEY, --task NAME or --execution ID"))
            let versionAlone = try await cli(["cache", "evict", "--version", "1"])
            #expect(versionAlone.status == 64)

            // Empty text (an unset shell variable) is never read as "any": evicting a task with
            // an empty --version would otherwise take every version of it. Nor is a limit the
            // catalog would not keep to.
            for (arguments, named) in [
                (["cache", "evict", "--task", task.id?.name ?? "", "--version", ""], "--version is empty"),
                (["cache", "evict", "--task", ""], "--task is empty"),
                (["cache", "evict", "--execution", " "], "--execution is empty"),
                (["cache", "ls", "--version", ""], "--version is empty"),
                (["cache", "inspect", ""], "EXECUTION is empty"),
                (["cache", "ls", "--limit", "0"], "--limit must be from 1 to 1,000, not 0"),
            ] {
                let refused = try await cli(arguments)
                #expect(refused.status == 64, "\(arguments)")
                #expect(refused.errors.contains(named), "\(arguments): \(refused.errors)")
            }

            let noExecution = try await cli(["cache", "inspect", "ex-missing"])
            #expect(noExecution.status == 1)
            #expect(noExecution.errors.contains("execution ex-missing does not exist"), "\(noExecution.errors)")

            #expect((try await cli.json(["cache", "stats"]) as? [String: Any])?["entries"] as? Int == 1)
        }
    }
}
