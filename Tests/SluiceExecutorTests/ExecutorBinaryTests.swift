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

    @Test func theSchedulerAndTheSlotsCanComeFromTheEnvironment() async throws {
        let scheduler = FakeScheduler()
        let server = try scheduler.serve()
        let (status, log) = try await withExecutorProcess(
            ["--pool", "gpu"], environment: ["SLUICE_SCHEDULER": server.address, "SLUICE_EXECUTOR_SLOTS": "3"]
        ) { firstLine, signal in
            #expect(firstLine.hasSuffix(" polling \(server.address) with 3 slots"))
            let poll = try await scheduler.wait(for: "a poll") { $0.polls.first }
            #expect(poll.executor?.pool == "gpu")
            #expect(poll.executor?.runsShell == true)
            #expect(poll.freeSlots == 3)
            // Idle, it is in the middle of a long poll: the drain must not wait for work.
            signal(.terminate)
        }
        #expect(status == .exited(0), "\(log)")
        #expect(scheduler.read { $0.leaves.count } == 1)
        await server.stop()
    }

    @Test func aSlotCountBelowOneIsRefusedClearly() async throws {
        let (status, log) = try await withExecutorProcess(["--scheduler", "tcp://127.0.0.1:1", "--slots", "0"])
        #expect(status != .exited(0))
        #expect(log.contains("--slots must be at least 1"), "\(log)")
    }
}
