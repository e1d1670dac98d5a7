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

    @Test func aBadSlotCountIsRefusedNamingTheFlag() async throws {
        let (status, log) = try await withExecutorProcess(["--scheduler", "tcp://127.0.0.1:1", "--slots=-1"])
        #expect(status != .exited(0))
        #expect(log.contains("--slots: -1 is out of range; use 0 to 10000"), "\(log)")
    }

    @Test func aConfigurationFileSetsWhatNoVariableOrFlagDoes() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let scheduler = FakeScheduler()
        let server = try scheduler.serve()
        let file = scratch.file("executor.yaml")
        try "scheduler: \(server.address)\npool: gpu\nslots: 5\n".write(to: file, atomically: true, encoding: .utf8)
        // The variable wins over the file, the flag over both.
        let (status, log) = try await withExecutorProcess(
            ["--config", file.path, "--pool", "tpu"], environment: ["SLUICE_EXECUTOR_SLOTS": "2", "SLUICE_EXECUTOR_POOL": "cpu"]
        ) { firstLine, signal in
            #expect(firstLine.hasSuffix(" polling \(server.address) with 2 slots"))
            let poll = try await scheduler.wait(for: "a poll") { $0.polls.first }
            #expect(poll.executor?.pool == "tpu")
            signal(.terminate)
        }
        #expect(status == .exited(0), "\(log)")
        await server.stop()
    }

    @Test func aMisspeltKeyInTheFileStopsTheExecutorNamingIt() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let file = scratch.file("executor.yaml")
        try "slot: 5\n".write(to: file, atomically: true, encoding: .utf8)
        let (status, log) = try await withExecutorProcess(["--config", file.path])
        #expect(status != .exited(0))
        #expect(log.contains("unknown key 'slot' in \(file.path)"), "\(log)")
    }
}
