import Foundation
import ShopWorkflows
import SluiceKit
import SluiceWire
import Synchronization
import Testing

/// Workflow bodies written as plain code, on real services: a Swift worker (in this process)
/// runs the body's decisions and its calls; admin compiles each decision's new calls and the
/// scheduler splices them in.
@Suite("Workflow bodies on real services", .serialized)
struct BodyEndToEndTests {
    struct Steps: Codable, Sendable { var steps: Int; var pause: Int }
    struct Count: Codable, Sendable { var x: Int; var pause: Int }
    struct Counted: Codable, Sendable { var y: Int }
    struct Total: Codable, Sendable, Equatable { var total: Int }

    /// How many decisions the body below made in this process.
    static let decisions = Mutex(0)
    /// Calls of the step task that ran in this process, by input.
    static let stepsRun = Mutex([Int]())

    static let step = SwiftTask("e2e-body-step", version: "1") { (input: Count) in
        stepsRun.withLock { $0.append(input.x) }
        try await Task.sleep(for: .milliseconds(input.pause))
        return Counted(y: input.x + 1)
    }

    static let failing = SwiftTask("e2e-body-failing", version: "1") { (input: Count) -> Counted in
        throw TaskFailure(code: "NoLuck", message: "step \(input.x) fails")
    }

    /// A chain of `steps` calls, each reading the value before; a call that fails is caught and
    /// counted as 100.
    static let chain = WorkflowBody("e2e-body-chain", version: "1", calls: [step, failing]) {
        (input: Steps, wf: Workflow<Steps, Total>.Builder) in
        decisions.withLock { $0 += 1 }
        var x = 0
        for _ in 0..<input.steps {
            x = try await wf.call(step) {
                $0.x = .constant(x)
                $0.pause = .constant(input.pause)
            }.y.value
        }
        do {
            x += try await wf.call(failing) {
                $0.x = .constant(x)
                $0.pause = .constant(0)
            }.y.value
        } catch let failure as CallFailed {
            #expect(failure.code == "NoLuck")
            x += 100
        }
        return wf.outputs { $0.total = .constant(x) }
    }

    static let chainWorkflow = Workflow("e2e-body-chain", version: "1", input: Steps.self, output: Total.self) { wf in
        let body = wf.call(chain, id: "body") {
            $0.steps = wf.input(\.steps)
            $0.pause = wf.input(\.pause)
        }
        return wf.outputs { $0.total = body.total }
    }

    /// Two steps, as a workflow a body calls.
    static let twoSteps = Workflow("e2e-body-two-steps", version: "1", input: Count.self, output: Counted.self) { wf in
        let first = wf.call(step, id: "first") {
            $0.x = wf.input(\.x)
            $0.pause = wf.input(\.pause)
        }
        let second = wf.call(step, id: "second") {
            $0.x = first.y
            $0.pause = wf.input(\.pause)
        }
        return wf.outputs { $0.y = second.y }
    }

    /// Calls the workflow above, reads what it gives, and calls it again on that.
    static let callsAWorkflow = WorkflowBody("e2e-body-calls-workflow", version: "1", workflows: [twoSteps]) {
        (input: Steps, wf: Workflow<Steps, Total>.Builder) in
        let once = try await wf.call(twoSteps) {
            $0.x = .constant(input.steps)
            $0.pause = .constant(0)
        }.y.value
        let twice = wf.call(twoSteps) {
            $0.x = .constant(once)
            $0.pause = .constant(0)
        }
        return wf.outputs { $0.total = twice.y }
    }

    static let workflowCaller = Workflow("e2e-body-workflow-caller", version: "1", input: Steps.self, output: Total.self) { wf in
        let body = wf.call(callsAWorkflow, id: "body") {
            $0.steps = wf.input(\.steps)
            $0.pause = wf.input(\.pause)
        }
        return wf.outputs { $0.total = body.total }
    }

    @Test("a body calls a workflow: one call in its history, whose nodes run under the call's id")
    func bodyCallsAWorkflow() async throws {
        try await Cluster.withWorker(serving: [Self.workflowCaller], slots: 4, timeout: .seconds(20)) { _, client in
            try await client.register(Self.workflowCaller)
            let handle = try await client.start(Self.workflowCaller, input: Steps(steps: 10, pause: 0))
            #expect(try await handle.result(timeout: .seconds(60)) == Total(total: 14))
            let nodes = try await client.nodes(of: handle.id)
            #expect(nodes.first { $0.nodeID == "body" }?.body?.calls == 2)
            #expect(nodes.first { $0.nodeID == "body/n0" }?.kind == .workflow)
            #expect(nodes.first { $0.nodeID == "body/n0/second" }?.outputs["y"] == .int(12))
            #expect(nodes.first { $0.nodeID == "body/n1/second" }?.outputs["y"] == .int(14))
        }
    }

    @Test("the video body runs its calls as soon as their inputs exist: encodings and thumbnails at the same time")
    func videoBody() async throws {
        try await Cluster.withWorker(serving: [productVideo], slots: 8, timeout: .seconds(20)) { _, client in
            try await client.register(productVideo)
            let input = ProductVideo(video: "v.mp4", subtitles: "v.srt", formats: ["webm", "mp4"])
            let handle = try await client.start(productVideo, input: input)
            let published = try await handle.result(timeout: .seconds(60))
            #expect(published.encodings == ["v.mp4+subtitles.webm", "v.mp4+subtitles.mp4"])
            #expect(published.thumbnails == [0, 90, 180, 270].map { "v.mp4+subtitles@\($0)s.jpg" })
            #expect(published.ads == ["cooking@90s", "knives@180s", "cooking@270s"])

            let nodes = try await client.nodes(of: handle.id)
            let body = try #require(nodes.first { $0.nodeID == "publish" })
            #expect(body.kind == .dynamic)
            #expect(body.body?.complete == true)
            #expect(body.body?.calls == 10, "embed, 2 encodings, analyse, chapters, ads, 4 thumbnails")
            #expect(body.subgraph?.spec?.nodes.count == 10)
            let calls = nodes.filter { $0.parentNodeID == "publish" }
            #expect(calls.count == 10)
            #expect(calls.allSatisfy { $0.phase == .succeeded })
            // What ran at the same time did: every encoding and thumbnail had started before
            // any of them ended.
            let parallel = calls.filter { $0.task?.name == "encode-video" || $0.task?.name == "extract-thumbnail" }
            #expect(parallel.count == 6)
            let lastStart = try #require(parallel.compactMap(\.startedAt).max())
            let firstEnd = try #require(parallel.compactMap(\.endedAt).min())
            #expect(lastStart < firstEnd, "the encodings and thumbnails overlapped")
        }
    }

    @Test("a chain body reads each value; a failed call's error is caught in the body; each call ran once")
    func chainBody() async throws {
        try await Cluster.withWorker(serving: [Self.chainWorkflow], slots: 4, timeout: .seconds(20)) { _, client in
            try await client.register(Self.chainWorkflow)
            Self.stepsRun.withLock { $0 = [] }
            let handle = try await client.start(Self.chainWorkflow, input: Steps(steps: 5, pause: 0))
            #expect(try await handle.result(timeout: .seconds(60)) == Total(total: 105))
            #expect(Self.stepsRun.withLock { $0 } == [0, 1, 2, 3, 4], "no call ran twice")
            let nodes = try await client.nodes(of: handle.id)
            let body = try #require(nodes.first { $0.nodeID == "body" })
            #expect(body.body?.calls == 6)
            #expect(body.body?.warnings == [], "the failure was read")
            #expect(nodes.first { $0.nodeID == "body/n5" }?.phase == .failed)
        }
    }

    @Test("kill -9 of the scheduler while a body runs: the restarted one rebuilds its calls from the record and the body goes on")
    func schedulerKilledWhileTheBodyRuns() async throws {
        try await Cluster.withWorker(serving: [Self.chainWorkflow], slots: 4, timeout: .seconds(20)) { cluster, client in
            try await client.register(Self.chainWorkflow)
            Self.stepsRun.withLock { $0 = [] }
            let handle = try await client.start(Self.chainWorkflow, input: Steps(steps: 6, pause: 400))
            let underway = try await eventually(within: .seconds(30)) { () -> Bool? in
                let nodes = try await client.nodes(of: handle.id)
                return nodes.contains { $0.nodeID == "body/n2" } ? true : nil
            }
            #expect(underway == true)
            try await cluster.restartScheduler(gracefully: false)

            #expect(try await handle.result(timeout: .seconds(120)) == Total(total: 106))
            let nodes = try await client.nodes(of: handle.id)
            #expect(nodes.filter { $0.parentNodeID == "body" }.map(\.nodeID).sorted() == (0...6).map { "body/n\($0)" }.sorted())
            // A call running when the scheduler died may run again (its executor is asked once
            // more), but none ran twice to success, and every step's record shows one success.
            for index in 0..<6 {
                let call = nodes.first { $0.nodeID == "body/n\(index)" }
                #expect(call?.phase == .succeeded)
                #expect(call?.attempts.filter { $0.phase == .succeeded }.count == 1)
            }
        }
    }
}
