import Foundation
import SluiceTestSupport
import Testing

@Suite(.serialized) struct ServiceLifecycleTests {
    @Test(arguments: ["admin", "scheduler", "catalog"])
    func sigtermStopsTheServiceCleanly(_ name: String) async throws {
        let service = try await ServiceProcess(name)
        service.signal(SIGTERM)
        let status = await service.waitForExit(within: .seconds(10))
        #expect(status == 0, "sluice-\(name) exited with \(String(describing: status)); log: \(service.log)")
    }

    /// As when a deployment's containers are all stopped at once: the executor finds the
    /// scheduler gone when it says it is leaving, and gives up the poll that was waiting on it
    /// instead of waiting out its timeout (here a minute).
    @Test func anExecutorWhoseSchedulerIsGoneStopsWithoutWaitingOutItsPoll() async throws {
        let scheduler = try await ServiceProcess("scheduler")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-drain-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let executor = try await ServiceProcess(
            "executor", listen: nil,
            arguments: ["--scheduler", scheduler.address, "--slots", "1", "--work-dir", directory.path],
            readyMarker: " polling ", environment: ["SLUICE_EXECUTOR_POLL_WAIT": "60s"])
        try await Task.sleep(for: .milliseconds(500))
        scheduler.signal(SIGKILL)
        _ = await scheduler.waitForExit(within: .seconds(5))

        let stopping = ContinuousClock.now
        executor.signal(SIGTERM)
        let status = await executor.waitForExit(within: .seconds(30))
        let took = ContinuousClock.now - stopping
        #expect(status == 0, "\(executor.log)")
        // The leave call's 5 s timeout, and no more.
        #expect(took < .seconds(15), "the executor took \(took) to stop")
        await executor.stop()
    }

    @Test func aSecondServiceOnTheSameAddressFailsClearly() async throws {
        let first = try await ServiceProcess("catalog")
        defer { Task { await first.stop() } }
        let second = try await runProcess(
            BuiltProducts.executable("sluice-catalog").path, ["--listen", first.address], environment: ServiceProcess.environment)
        #expect(second.status != 0)
        #expect(second.errorText.contains("cannot listen"))
        #expect(second.errorText.contains(first.address))
        #expect(first.isRunning)
    }
}
