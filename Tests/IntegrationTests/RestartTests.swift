import SluiceTestSupport
import Foundation
import SluiceRPC
import SluiceWire
import Synchronization
import Testing

@Suite(.serialized) struct RestartTests {
    /// The instance ids that answered, collected from concurrent callers.
    final class Answers: Sendable {
        private let ids = Mutex<[String]>([])
        func record(_ id: String) { ids.withLock { $0.append(id) } }
        var all: [String] { ids.withLock { $0 } }
    }

    /// Calls keep coming from several tasks while the service is killed (-9) and started again on
    /// the same address; the same client reaches the new process, and no call fails.
    @Test func aServiceKilledMidStreamIsReachedAgainByTheSameClient() async throws {
        let socketPath = FileManager.default.temporaryDirectory.path + "/sluice-restart-\(UUID().uuidString.prefix(8)).ipc"
        // nng leaves the socket file behind when its process is killed.
        defer { try? FileManager.default.removeItem(atPath: socketPath) }
        let address = "ipc://" + socketPath
        var admin = try await ServiceProcess("admin", listen: address)
        let client = try AdminClient(address: address, token: TestPrincipals.adminToken)
        let before = try await client.health(timeout: .seconds(5)).instanceID
        let answers = Answers()

        let callers = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<5 {
                    group.addTask {
                        for _ in 0..<40 {
                            answers.record(try await client.health(timeout: .seconds(20)).instanceID)
                            try await Task.sleep(for: .milliseconds(10))
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        // Kill only once the callers are under way against the first process.
        while answers.all.filter({ $0 == before }).count < 5 {
            try await Task.sleep(for: .milliseconds(5))
        }
        admin.signal(SIGKILL)
        _ = await admin.waitForExit(within: .seconds(5))
        admin = try await ServiceProcess("admin", listen: address)
        try await callers.value  // every one of the 200 calls was answered
        let after = try await client.health(timeout: .seconds(5)).instanceID

        #expect(after != before, "a new process answers")
        #expect(answers.all.count == 200)
        #expect(answers.all.contains(after), "calls made across the restart were answered by the new process")
        await client.close()
        await admin.stop()
    }
}
