import Foundation
import SluiceTestSupport
import Testing

/// Runs the built `sluice` and returns what it printed and its exit status.
/// It calls with the admin token of ``TestPrincipals`` unless `token` names another (nil: none,
/// so that the CLI looks for one itself); `environment` adds to the test's own.
func sluice(
    _ arguments: [String], token: String? = TestPrincipals.adminToken, environment more: [String: String] = [:],
    input: Data? = nil
) async throws -> (output: String, errors: String, status: Int32) {
    var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SLUICE_") }.merging(more) { $1 }
    environment["SLUICE_TOKEN"] = token
    let outcome = try await runProcess(BuiltProducts.executable("sluice").path, arguments, input: input, environment: environment)
    return (outcome.outputText, outcome.errorText, outcome.status)
}

@Suite(.serialized) struct CLITests {
    @Test func healthShowsEveryServiceAndFailsWhenOneIsDown() async throws {
        let admin = try await ServiceProcess("admin")
        let scheduler = try await ServiceProcess("scheduler")
        let catalog = try await ServiceProcess("catalog")
        let addresses = ["--admin", admin.address, "--scheduler", scheduler.address, "--catalog", catalog.address]

        let up = try await sluice(["health"] + addresses)
        #expect(up.status == 0, "\(up.errors)")
        for line in [("admin", admin.address), ("scheduler", scheduler.address), ("catalog", catalog.address)] {
            #expect(up.output.contains(line.0) && up.output.contains(line.1))
        }
        #expect(up.output.components(separatedBy: "SERVING").count - 1 == 3)

        let json = try await sluice(["health", "--output", "json"] + addresses)
        let rows = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [[String: Any]]
        #expect(rows?.count == 3)
        #expect(rows?.allSatisfy { $0["status"] as? String == "SERVING" } == true)

        await catalog.stop()
        let down = try await sluice(["health", "--timeout", "0.5"] + addresses)
        #expect(down.status == 1)
        #expect(down.output.contains("UNREACHABLE"))
        #expect(down.output.contains("could not reach \(catalog.address)"))

        await admin.stop()
        await scheduler.stop()
    }

    @Test func registerListsEveryProblemOfEveryFileBeforeRegisteringAnything() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = directory.appendingPathComponent("first.yaml")
        try """
            tasks:
              - {name: a, script: x, inputs: {n: lst<int>}}
              - {name: b, script: x, caching: true}
            """.write(to: first, atomically: true, encoding: .utf8)
        let second = directory.appendingPathComponent("second.yaml")
        try "taks: []\n".write(to: second, atomically: true, encoding: .utf8)

        // Nothing listens there: the files are refused before any service is called.
        let result = try await sluice(["register", first.path, second.path, "--admin", "tcp://127.0.0.1:1"])
        #expect(result.status == 1)
        let lines = result.errors.split(separator: "\n")
        #expect(lines.count == 3, "\(result.errors)")
        #expect(lines.count == 3 && lines[0].hasPrefix("error: \(first.path):2: tasks[0].inputs.n: bad type 'lst<int>'"))
        #expect(lines.count == 3 && lines[1].hasPrefix("error: \(first.path):3: tasks[1]: unknown key 'caching'"))
        #expect(lines.count == 3 && lines[2].hasPrefix("error: \(second.path):1: unknown key 'taks'"))
    }

    @Test func aBadOptionIsOneClearLineAndAUsageExit() async throws {
        let result = try await sluice(["health", "--timeout", "0"])
        #expect(result.status == 64)
        #expect(result.errors.contains("--timeout must be positive"))
    }

    @Test func upRefusesWhileADetachedDeploymentRunsAndNamesTheServiceThatStopped() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-up-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: data) }
        // A stand-in for a running admin: what `sluice up` checks is a live process by that name.
        let admin = Process()
        admin.executableURL = URL(fileURLWithPath: "/bin/bash")
        admin.arguments = ["-c", "exec -a sluice-admin sleep 60"]
        try admin.run()
        defer { admin.terminate() }
        try await Task.sleep(for: .milliseconds(200))
        let pids = """
            {"services": [
              {"name": "admin", "pid": \(admin.processIdentifier), "address": "tcp://127.0.0.1:1", "log": "admin.log"},
              {"name": "catalog", "pid": \(Int32.max), "address": "tcp://127.0.0.1:2", "log": "catalog.log"}
            ]}
            """
        try pids.write(to: data.appendingPathComponent("pids.json"), atomically: true, encoding: .utf8)

        let result = try await sluice(["up", "--data-dir", data.path])
        #expect(result.status == 1)
        #expect(result.errors.contains("already runs from \(data.path) (admin pid \(admin.processIdentifier); catalog has stopped)"),
                "\(result.errors)")
        #expect(result.errors.contains("sluice down --data-dir \(data.path)"))
    }

    @Test func upWithoutTheExecutorStartsTheOtherThreeAndDownStopsThem() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-up-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        let addresses = ["--admin", "tcp://127.0.0.1:0", "--scheduler", "tcp://127.0.0.1:0", "--catalog", "tcp://127.0.0.1:0"]
        let up = try await sluice(["up", "--no-executor", "--detach", "--output", "json", "--data-dir", data.path] + addresses)
        #expect(up.status == 0, "\(up.errors)")
        let started = (try? JSONSerialization.jsonObject(with: Data(up.output.utf8))) as? [[String: Any]] ?? []
        #expect(started.compactMap { $0["service"] as? String } == ["admin", "catalog", "scheduler"])

        func address(_ name: String) -> String {
            started.first { $0["service"] as? String == name }?["address"] as? String ?? ""
        }
        let health = try await sluice(["health", "--admin", address("admin"), "--scheduler", address("scheduler"), "--catalog", address("catalog")])
        #expect(health.status == 0, "\(health.output)\(health.errors)")
        #expect(health.output.components(separatedBy: "SERVING").count - 1 == 3, "\(health.output)")

        let down = try await sluice(["down", "--data-dir", data.path])
        #expect(down.status == 0, "\(down.errors)")
        for service in started {
            let pid = (service["pid"] as? Int).map { pid_t($0) } ?? 0
            let deadline = ContinuousClock.now + .seconds(10)
            while pid > 0, kill(pid, 0) == 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(100)) }
            #expect(pid > 0 && kill(pid, 0) != 0, "\(service["service"] ?? "?") still runs after sluice down")
        }
    }
}
