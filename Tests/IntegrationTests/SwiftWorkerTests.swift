import SluiceTestSupport
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
    static let gather = SwiftTask("worker-gather", version: "1") { (input: Values) in input }
    static let refuse = SwiftTask("worker-refuse", version: "1") { (_: Number) -> Step in
        throw TaskFailure(code: "Refused", message: "this task always refuses")
    }

    /// n → n+1 → n+2, as a sub-workflow.
    static let twice = Workflow("worker-twice", version: "1", input: Number.self, output: Total.self) { wf in
        let first = wf.call(step) { $0.n = wf.input(\.n) }
        let second = wf.call(step) { $0.n = first.y }
        return wf.outputs { $0.total = second.y }
    }

    /// Three steps of n fanned out and summed with the sub-workflow's n+2 (4n + 5), and a
    /// branch labelling n. The sum is read through a path into a collection of the steps.
    static let pipeline = Workflow("worker-pipeline", version: "1", input: Number.self, output: PipelineOutput.self) { wf in
        let n = wf.input(\.n)
        var parts = (0..<3).map { _ in wf.call(step) { $0.n = n }.y }
        parts.append(wf.call(twice, id: "twice") { $0.n = n }.total)
        let values = wf.call(gather, id: "gather") { $0.values = wf.collect(parts) }
        let sum = wf.call(total, id: "sum") { $0.values = wf.collect([values.values[0], values.values[1], values.values[2], values.values[3]]) }
        let size = wf.branch(id: "size", giving: Label.self) { b in
            b.when(n > 10) { wf.call(big, id: "big") { $0.n = n } }
            b.otherwise { wf.call(small, id: "small") { $0.n = n } }
        }
        return wf.outputs {
            $0.total = sum.total
            $0.label = size.label
        }
    }

    static let refusing = Workflow("worker-refusing", version: "1", input: Number.self, output: Total.self) { wf in
        let call = wf.call(refuse, id: "refuse") { $0.n = wf.input(\.n) }
        return wf.outputs { $0.total = call.y }
    }

    /// A task no worker of these tests serves.
    static let unserved = SwiftTask("worker-unserved", version: "1") { (input: Number) in Step(y: input.n) }
    static let waitsForAWorker = Workflow("worker-waits", version: "1", input: Number.self, output: Total.self) { wf in
        let call = wf.call(unserved, id: "lonely") { $0.n = wf.input(\.n) }
        return wf.outputs { $0.total = call.y }
    }
}

@Suite("Swift tasks on real services, run by a SluiceWorker", .serialized)
struct SwiftWorkerTests {
    /// A cluster with no stock executor, a SluiceWorker serving the tasks the fixtures'
    /// workflows use (their sub-workflows' included), and a client; everything stops after `body`.
    func withWorker(_ body: (SluiceClient) async throws -> Void) async throws {
        try await withWorker(serving: [WorkerFixtures.pipeline, WorkerFixtures.refusing]) { client, _ in try await body(client) }
    }

    /// The same, the worker serving the tasks of `workflows`; `body` gets the scheduler's address too.
    func withWorker(serving workflows: [any WorkflowDefinition], _ body: (SluiceClient, String) async throws -> Void) async throws {
        try await Cluster.withWorker(serving: workflows, slots: 4, timeout: .seconds(10)) { cluster, client in
            try await body(client, cluster.schedulerAddress)
        }
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

    @Test("a node whose task no connected executor serves says so, and runs once a worker that serves it connects")
    func anUnservedTaskSaysSo() async throws {
        try await withWorker(serving: [WorkerFixtures.pipeline]) { client, scheduler in
            try await client.register(WorkerFixtures.waitsForAWorker)
            let started = try await client.start(WorkerFixtures.waitsForAWorker, input: .init(n: 7))
            let waiting = try await eventually(within: .seconds(20)) { () -> String? in
                let node = try await client.nodes(of: started.id).first { $0.nodeID == "lonely" }
                return node?.attempts.last.flatMap { $0.waiting.isEmpty ? nil : $0.waiting }
            }
            #expect(waiting == "no connected executor serves task worker-unserved:1 (a Swift task: start a worker that serves \"worker-unserved\")")
            #expect(try await started.execution().phase == .running)

            // A worker that serves it connects: the node runs, and its attempt no longer waits.
            let late = try SluiceWorker(scheduler: scheduler, tasks: [WorkerFixtures.unserved], slots: 1, token: TestPrincipals.serviceToken)
            let running = Task { try await late.run() }
            #expect(try await started.result(timeout: .seconds(30)).total == 7)
            let node = try await client.nodes(of: started.id).first { $0.nodeID == "lonely" }
            #expect(node?.attempts.last?.phase == .succeeded)
            #expect(node?.attempts.last?.waiting == "")
            running.cancel()
            _ = await running.result
        }
    }
}

extension Cluster {
    /// A cluster with no stock executor, a SluiceWorker in this process serving the tasks of
    /// `workflows`, and a client; everything stops after `body`, whose failure is recorded with
    /// the services' logs.
    static func withWorker(
        serving workflows: [any WorkflowDefinition], slots: Int, timeout: Duration,
        _ body: (Cluster, SluiceClient) async throws -> Void
    ) async throws {
        let cluster = try await Cluster.start(executors: 0)
        let worker = try SluiceWorker(scheduler: cluster.schedulerAddress, workflows: workflows, slots: slots, token: TestPrincipals.serviceToken)
        let running = Task { try await worker.run() }
        let client = try SluiceClient(endpoints: SluiceEndpoints(admin: cluster.adminAddress, environment: [:]), token: TestPrincipals.adminToken, timeout: timeout)
        do {
            try await body(cluster, client)
        } catch {
            Issue.record("\(error)\n\(await cluster.logs())")
        }
        await client.close()
        running.cancel()
        _ = await running.result
        await cluster.stop()
    }
}
