import Foundation
import SluiceKit
import Testing

// Tasks and a workflow written with SluiceKit, as a user writes them, run by a SluiceWorker in
// this process against admin, scheduler and catalog as real processes.

enum WorkerFixtures {
    /// The tasks' inputs and outputs; a workflow's input is `Number` too (its field is n).
    struct Number: Codable, Sendable { var n: Int }
    struct Step: Codable, Sendable { var y: Int }
    struct Values: Codable, Sendable { var values: [Int] }
    struct Total: Codable, Sendable { var total: Int }
    struct Label: Codable, Sendable { var label: String }
    struct PipelineOutput: Codable, Sendable, Equatable {
        var total: Int
        var label: String
    }

    static let step = SwiftTask("worker-step", version: "1") { (input: Number) in Step(y: input.n + 1) }
    static let total = SwiftTask("worker-total", version: "1") { (input: Values) in
        Total(total: input.values.reduce(0, +))
    }
    static let big = SwiftTask("worker-big", version: "1") { (input: Number) in Label(label: "big \(input.n)") }
    static let small = SwiftTask("worker-small", version: "1") { (input: Number) in Label(label: "small \(input.n)") }
    static let refuse = SwiftTask("worker-refuse", version: "1") { (_: Number) -> Step in
        throw TaskFailure(code: "Refused", message: "this task always refuses")
    }

    /// n → n+1 → n+2, as a sub-workflow.
    static let twice = Workflow("worker-twice", version: "1", input: Number.self, output: Total.self) { wf in
        let first = wf.call(step, ["n": wf.input("n", as: Int.self)])
        let second = wf.call(step, ["n": first["y", as: Int.self]])
        return ["total": second["y", as: Int.self]]
    }

    /// Three steps of n fanned out and summed with the sub-workflow's n+2 (4n + 5), and a
    /// branch labelling n.
    static let pipeline = Workflow("worker-pipeline", version: "1", input: Number.self, output: PipelineOutput.self) { wf in
        let n = wf.input("n", as: Int.self)
        var parts = (0..<3).map { _ in wf.call(step, ["n": n])["y", as: Int.self] }
        parts.append(wf.call(twice, id: "twice", ["n": n])["total", as: Int.self])
        let sum = wf.call(total, id: "sum", ["values": wf.collect(parts)])
        let size = wf.branch(id: "size") { b in
            b.when(n > 10) { wf.call(big, id: "big", ["n": n]) }
            b.otherwise { wf.call(small, id: "small", ["n": n]) }
        }
        return ["total": sum["total", as: Int.self], "label": size["label", as: String.self]]
    }

    static let refusing = Workflow("worker-refusing", version: "1", input: Number.self, output: Total.self) { wf in
        let call = wf.call(refuse, id: "refuse", ["n": wf.input("n", as: Int.self)])
        return ["total": call["y", as: Int.self]]
    }
}

@Suite("Swift tasks on real services, run by a SluiceWorker", .serialized)
struct SwiftWorkerTests {
    /// A cluster with no stock executor, a SluiceWorker serving the tasks the fixtures'
    /// workflows use (their sub-workflows' included), and a client; everything stops after `body`.
    func withWorker(_ body: (SluiceClient) async throws -> Void) async throws {
        let cluster = try await Cluster.start(executors: 0)
        let worker = try SluiceWorker(
            scheduler: cluster.schedulerAddress, workflows: [WorkerFixtures.pipeline, WorkerFixtures.refusing], slots: 4)
        let running = Task { try await worker.run() }
        let client = try SluiceClient(endpoints: SluiceEndpoints(admin: cluster.adminAddress, environment: [:]), timeout: .seconds(10))
        do {
            try await body(client)
        } catch {
            Issue.record("\(error)\n\(await cluster.logs())")
        }
        await client.close()
        running.cancel()
        _ = await running.result
        await cluster.stop()
    }

    @Test("a Swift workflow registers with its tasks and sub-workflow, runs on the worker, and its outputs come back typed")
    func typedRoundTrip() async throws {
        try await withWorker { client in
            let registration = try await client.register(WorkerFixtures.pipeline)
            #expect(registration.created)
            #expect(registration.id == Identifier(name: "worker-pipeline", version: "1"))
            #expect(try await client.register(WorkerFixtures.pipeline).created == false)

            let expectations = [(12, WorkerFixtures.PipelineOutput(total: 53, label: "big 12")), (3, .init(total: 17, label: "small 3"))]
            for (n, expected) in expectations {
                let started = try await client.start(WorkerFixtures.pipeline, input: .init(n: n))
                // The handle is typed by the workflow's output.
                let output: WorkerFixtures.PipelineOutput = try await started.result(timeout: .seconds(60))
                #expect(output == expected)
                #expect(try await started.execution().phase == .succeeded)
            }
        }
    }

    @Test("a task that throws fails its execution, and reading its outputs says why")
    func failureIsExplained() async throws {
        try await withWorker { client in
            try await client.register(WorkerFixtures.refusing)
            let started = try await client.start(WorkerFixtures.refusing, input: .init(n: 1))
            let ended = try await client.wait(for: started.id, timeout: .seconds(60))
            #expect(ended.phase == .failed)
            #expect(ended.error?.code == "Refused")
            let error = #expect(throws: ServiceError.self) { try ended.outputs(as: WorkerFixtures.Total.self) }
            #expect(error?.code == .failedPrecondition)
            #expect(error?.message.contains("Refused: this task always refuses") == true)
            // The typed handle says how it ended, in words.
            let failure = await #expect(throws: ExecutionFailure.self) { try await started.result(timeout: .seconds(10)) }
            #expect(failure?.kind == .failed)
            #expect(failure?.description.hasPrefix("execution \(started.id) failed: node ") == true, "\(failure?.description ?? "")")
            #expect(failure?.description.contains("Refused: this task always refuses") == true)
        }
    }
}
