import Foundation
import SluiceCore
import SluiceExecutor
import SluiceWire
import Testing

/// How a worker shares its slots, answers cancellations, and survives a scheduler restart.
@Suite struct WorkerTests {
    @Test func attemptsRunConcurrentlyUpToTheSlots() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let blocked = "touch started-$SLUICE_NODE_ID; while [ ! -f release ]; do sleep 0.05; done"
        let (polls, completions) = try await withWorker(slots: 2) { scheduler, _ in
            scheduler.enqueue(
                shellAssignment("a1", script: blocked, workingDirectory: scratch.path),
                shellAssignment("a2", script: blocked, workingDirectory: scratch.path),
                shellAssignment("a3", script: blocked, workingDirectory: scratch.path))
            try await scratch.waitFor("started-n-a1")
            try await scratch.waitFor("started-n-a2")
            // Both slots are taken: the worker asks for nothing more, so the third stays queued.
            #expect(scheduler.read { $0.queue.map(\.attemptID) } == ["a3"])
            #expect(!scratch.exists("started-n-a3"))
            scratch.touch("release")
            for id in ["a1", "a2", "a3"] { _ = try await scheduler.completion(of: id) }
            return scheduler.read { ($0.polls, $0.completions) }
        }
        #expect(completions.allSatisfy { $0.error == nil })
        #expect(polls.allSatisfy { $0.freeSlots <= 2 && $0.freeSlots >= 1 })
        #expect(polls.first?.freeSlots == 2)
        #expect(polls.first?.executor?.slots == 2)
    }

    @Test func anAttemptTheSchedulerCancelsIsStopped() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let completion = try await withWorker { scheduler, _ in
            scheduler.state.withLock { $0.cancelOnHeartbeat = ["a1"] }
            scheduler.enqueue(shellAssignment(
                "a1", script: "echo $$ > task.pid; exec sleep 60", workingDirectory: scratch.path,
                heartbeatInterval: .milliseconds(100)))
            return try await scheduler.completion(of: "a1")
        }
        let error = try #require(completion.error)
        #expect(error.code == "Cancelled")
        #expect(error.kind == .system)
        let pid = try #require(scratch.pid(in: "task.pid"))
        #expect(try await waitUntilEnded(pid))
    }

    @Test func heartbeatsNameTheRunningAttempts() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try await withWorker { scheduler, worker in
            scheduler.enqueue(shellAssignment(
                "a1", script: "while [ ! -f release ]; do sleep 0.05; done", workingDirectory: scratch.path,
                heartbeatInterval: .milliseconds(100)))
            let heartbeat = try await scheduler.wait(for: "a heartbeat") { $0.heartbeats.first }
            #expect(heartbeat.attemptIDs == ["a1"])
            #expect(heartbeat.executorID == worker.executorID)
            scratch.touch("release")
            _ = try await scheduler.completion(of: "a1")
        }
    }

    @Test func aResultIsDeliveredOnceARestartedSchedulerAnswers() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let before = FakeScheduler()
        let firstServer = try before.serve()
        let address = firstServer.address
        var configuration = WorkerConfiguration.forTests(scheduler: address, slots: 1)
        configuration.workDirectory = scratch.url.appendingPathComponent("work")
        // Short enough that the first delivery fails while the scheduler is down, and is retried.
        configuration.requestTimeout = .milliseconds(300)
        let worker = try Worker(configuration: configuration, logger: testLogger)
        let running = Task { try await worker.run() }
        defer { running.cancel() }

        before.enqueue(shellAssignment(
            "a1", script: "while [ ! -f go ]; do sleep 0.05; done; echo finished; touch done",
            outputs: ["word": string], workingDirectory: scratch.path, heartbeatInterval: .milliseconds(100)))
        _ = try await before.wait(for: "a heartbeat") { $0.heartbeats.first }
        await firstServer.stop()
        // The scheduler is down when the attempt finishes.
        scratch.touch("go")
        try await scratch.waitFor("done")
        try await Task.sleep(for: .seconds(1))

        let after = FakeScheduler()
        let secondServer = try after.serve(on: address)
        let completion = try await after.completion(of: "a1")
        #expect(completion.outputs == ["word": .string("finished")], "\(String(describing: completion.error))")
        #expect(before.read { $0.completions.isEmpty })

        worker.drain()
        try await running.value
        await secondServer.stop()
    }

    @Test func drainingLeavesFinishesTheRunningAttemptAndReturns() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let scheduler = FakeScheduler()
        let server = try scheduler.serve()
        let worker = try Worker(configuration: .forTests(scheduler: server.address, slots: 2), logger: testLogger)
        let running = Task { try await worker.run() }
        scheduler.enqueue(shellAssignment(
            "a1", script: "touch started; while [ ! -f release ]; do sleep 0.05; done; echo 7", outputs: ["n": int],
            workingDirectory: scratch.path))
        try await scratch.waitFor("started")
        worker.drain()
        _ = try await scheduler.wait(for: "a leave") { $0.leaves.first }
        let pollsAtLeave = scheduler.read { $0.polls.count }
        // Still running, so no result yet: the drain waits for it.
        #expect(scheduler.read { $0.completions.isEmpty })
        scratch.touch("release")
        try await running.value
        let completion = try #require(scheduler.read { $0.completions.first })
        #expect(completion.outputs == ["n": .int(7)])
        #expect(scheduler.read { $0.polls.count } <= pollsAtLeave + 1, "at most the poll in flight when the drain began")
        await server.stop()
    }

    @Test func aDrainDeadlineStopsWhatStillRunsAndReportsItAsASystemError() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let completion = try await withWorker(configure: { $0.drainTimeout = .milliseconds(200) }) { scheduler, worker in
            scheduler.enqueue(shellAssignment("a1", script: "echo $$ > task.pid; touch started; exec sleep 60", workingDirectory: scratch.path))
            try await scratch.waitFor("started")
            worker.drain()
            return try await scheduler.completion(of: "a1")
        }
        let error = try #require(completion.error)
        #expect(error.code == "ExecutorStopped")
        #expect(error.kind == .system, "the scheduler retries it elsewhere without spending the task's retries")
        let pid = try #require(scratch.pid(in: "task.pid"))
        #expect(try await waitUntilEnded(pid))
    }

    @Test func aSwiftDynamicTaskSendsTheSubgraphItBuiltAndOneWithNoBodyFails() async throws {
        var registry = SwiftTaskRegistry()
        let built = DynamicResult(nodes: [Node(id: "n0", kind: .task(TaskNode(task: Identifier(name: "echo"))))], complete: true)
        registry.register("plan") { _ in [DynamicSubgraph.outputName: .bytes(try built.serializedBytes())] }
        let (sent, missing) = try await withWorker(configure: { $0.swiftTasks = registry }) { scheduler, _ in
            for (id, name) in [("a1", "plan"), ("a2", "elsewhere")] {
                var assignment = shellAssignment(id, command: ["true"])
                assignment.task?.kind = .dynamic(DynamicTask(body: .swiftName(name), style: .subgraph))
                scheduler.enqueue(assignment)
            }
            return (try await scheduler.completion(of: "a1"), try await scheduler.completion(of: "a2"))
        }
        guard case .dynamic(let result)? = sent.outcome else {
            Issue.record("no subgraph sent: \(String(describing: sent.outcome))")
            return
        }
        #expect(result == built)
        #expect(missing.error?.code == "UnknownTask")
        #expect(missing.error?.kind == .system)
    }
}
