import Foundation
import SluiceTestSupport
import Testing

/// `sluice health --service`: what the images' health checks run.
@Suite(.serialized) struct HealthCommandLineTests {
    /// Addresses where nothing listens: a service asked there would make health fail.
    static let nowhere = ["--scheduler", "tcp://127.0.0.1:1", "--catalog", "tcp://127.0.0.1:1"]

    @Test func aServiceNamedIsTheOnlyOneAsked() async throws {
        let admin = try await ServiceProcess("admin")
        let result = try await sluice(["health", "--service", "admin", "--admin", admin.address, "--timeout", "1", "--output", "json"] + Self.nowhere)
        await admin.stop()
        #expect(result.status == 0, "\(result.output) \(result.errors)")
        let rows = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [[String: Any]]
        #expect(rows?.count == 1)
        #expect(rows?.first?["service"] as? String == "admin")
        #expect(rows?.first?["status"] as? String == "SERVING")

        let everyone = try await sluice(["health", "--admin", "tcp://127.0.0.1:1", "--timeout", "0.5"] + Self.nowhere)
        #expect(everyone.status == 1)
        #expect(everyone.output.components(separatedBy: "UNREACHABLE").count - 1 == 3)
    }

    @Test func anExecutorIsHealthyWhileTheSchedulerListsOneOnThisHost() async throws {
        let scheduler = try await ServiceProcess("scheduler")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-health-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let ask = ["health", "--service", "executor", "--scheduler", scheduler.address, "--timeout", "2"]

        let before = try await sluice(ask)
        #expect(before.status == 1)
        #expect(before.output.contains("NOT_POLLING"))
        #expect(before.output.contains("lists no executor on host"))

        let executor = try await ServiceProcess(
            "executor", listen: nil, arguments: ["--scheduler", scheduler.address, "--slots", "1", "--work-dir", directory.path],
            readyMarker: " polling ")
        let healthy = try await eventually(within: .seconds(10)) {
            let answer = try await sluice(ask)
            return answer.status == 0 ? answer.output : nil
        }
        #expect(healthy?.contains("SERVING") == true)

        // A stopped executor leaves the scheduler, and is no longer healthy.
        await executor.stop()
        let gone = try await eventually(within: .seconds(10)) {
            let answer = try await sluice(ask)
            return answer.status == 1 ? answer.output : nil
        }
        #expect(gone?.contains("NOT_POLLING") == true)
        await scheduler.stop()

        let unreachable = try await sluice(["health", "--service", "executor", "--scheduler", scheduler.address, "--timeout", "0.5"])
        #expect(unreachable.status == 1)
        #expect(unreachable.output.contains("UNREACHABLE"))
    }
}
