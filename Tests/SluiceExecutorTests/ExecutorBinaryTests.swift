import Foundation
import Subprocess
import Testing

/// The `sluice-executor` executable as scripts and operators use it.
@Suite struct ExecutorBinaryTests {
    @Test func sigtermDrainsFinishingTheRunningAttemptThenExitsCleanly() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let scheduler = FakeScheduler()
        let server = try scheduler.serve()
        scheduler.enqueue(shellAssignment(
            "a1", script: "touch started; while [ ! -f release ]; do sleep 0.05; done; echo drained", outputs: ["word": string],
            workingDirectory: scratch.path))
        let (status, log) = try await withExecutorProcess([
            "--scheduler", server.address, "--slots", "1", "--work-dir", scratch.file("work").path,
        ]) { firstLine, signal in
            #expect(firstLine.hasPrefix("sluice-executor "))
            #expect(firstLine.hasSuffix(" polling \(server.address) with 1 slots"))
            try await scratch.waitFor("started")
            signal(.terminate)
            _ = try await scheduler.wait(for: "a leave") { $0.leaves.first }
            #expect(scheduler.read { $0.completions.isEmpty }, "the attempt is still running")
            scratch.touch("release")
        }
        #expect(status == .exited(0), "\(log)")
        let completion = try #require(scheduler.read { $0.completions.first })
        #expect(completion.outputs == ["word": .string("drained")])
        #expect(scheduler.read { $0.leaves.count } == 1)
        await server.stop()
    }
}
