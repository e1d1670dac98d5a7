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

    @Test func aSecondServiceOnTheSameAddressFailsClearly() async throws {
        let first = try await ServiceProcess("catalog")
        defer { Task { await first.stop() } }
        let second = try await runProcess(BuiltProducts.executable("sluice-catalog").path, ["--listen", first.address])
        #expect(second.status != 0)
        #expect(second.errorText.contains("cannot listen"))
        #expect(second.errorText.contains(first.address))
        #expect(first.isRunning)
    }
}
