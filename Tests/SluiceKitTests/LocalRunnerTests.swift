import Foundation
import SluiceKit
import Testing

@Suite struct LocalRunnerTests {
    private let runner = LocalRunner()

    @Test func aChainRunsToItsOutputs() async throws {
        let run = try await runner.run(Fixtures.chain, input: ChainInput(n: 3))
        #expect(run.phase == .succeeded)
        #expect(try run.output(as: ChainOutput.self).result == 5)
        #expect(run.phase(of: "a") == .succeeded)
        #expect(run.node("a")?.inputs == ["x": .int(3)])
        #expect(run.node("n1")?.outputs == ["y": .int(5)])
        #expect(run.node("n1")?.attempts.map(\.phase) == [.succeeded])
    }

    @Test func fannedOutCallsAreGatheredInOrder() async throws {
        let run = try await runner.run(Fixtures.fanOut, input: ChainInput(n: 2))
        #expect(try run.output(as: ChainOutput.self).result == 3 * 2 + 31)
        #expect(run.node("total")?.inputs == ["values": .collection([.int(3), .int(12), .int(22)])])
    }

    @Test func aBranchRunsTheCaseThatHoldsAndSkipsTheOther() async throws {
        let large = try await runner.run(Fixtures.sized, input: ChainInput(n: 42))
        #expect(try large.output(as: LabelOutput.self).label == "big 42")
        #expect(large.phase(of: "size/big") == .succeeded)
        #expect(large.phase(of: "size/small") == .skipped)

        let little = try await runner.run(Fixtures.sized, input: ChainInput(n: 4))
        #expect(try little.output(as: LabelOutput.self).label == "small 4")
        #expect(little.phase(of: "size/big") == .skipped)
        #expect(little.phase(of: "size/small") == .succeeded)
    }

    @Test func aSubWorkflowRunsInlineUnderItsNode() async throws {
        let run = try await runner.run(Fixtures.outer, input: ChainInput(n: 1))
        #expect(try run.output(as: ChainOutput.self).result == 4)
        #expect(run.phase(of: "inner") == .succeeded)
        #expect(run.phase(of: "inner/a") == .succeeded)
        #expect(run.node("inner/n1")?.parentNodeID == "inner")
    }

    @Test func aTaskThatFailsOnceIsRetriedAndSucceeds() async throws {
        let calls = Counter()
        let flaky = SwiftTask("flaky", version: "1", retries: Retries(2, backoff: .milliseconds(10))) { (input: AddOneInput) in
            if await calls.next() == 1 { throw Boom() }
            return AddOneOutput(y: input.x + 1)
        }
        let run = try await runner.run(Fixtures.around(flaky, name: "retried"), input: ChainInput(n: 9))
        #expect(try run.output(as: ChainOutput.self).result == 10)
        let attempts = run.node("only")?.attempts ?? []
        #expect(attempts.map(\.phase) == [.failed, .succeeded])
        #expect(attempts.first?.error?.message == "boom")
    }

    @Test func aCacheableTaskRunsOnceAndLaterRunsHitTheCacheUnlessTheyOverwrite() async throws {
        let calls = Counter()
        let cached = SwiftTask("cached-add-one", version: "1", cache: Caching(version: "1")) { (input: AddOneInput) in
            _ = await calls.next()
            return AddOneOutput(y: input.x + 1)
        }
        let workflow = Fixtures.around(cached, name: "cached")
        let first = try await runner.run(workflow, input: ChainInput(n: 9))
        #expect(first.node("only")?.cache?.status == .populated)
        let second = try await runner.run(workflow, input: ChainInput(n: 9))
        #expect(try second.output(as: ChainOutput.self).result == 10)
        #expect(second.node("only")?.cache?.status == .hit)
        #expect(second.node("only")?.cache?.source?.executionID == first.execution.id)
        #expect(second.node("only")?.attempts.isEmpty == true)
        let other = try await runner.run(workflow, input: ChainInput(n: 1))
        #expect(other.node("only")?.cache?.status == .populated)
        let overwritten = try await runner.run(workflow, inputs: ["n": .int(9)], overwriteCache: true)
        #expect(overwritten.node("only")?.cache?.status == .skipped)
        #expect(await calls.next() == 4, "ran for the first run, the other input and the overwrite only")
    }

    @Test func aFailingTaskFailsTheRunWithItsError() async throws {
        let failing = SwiftTask("failing", version: "1") { (input: AddOneInput) -> AddOneOutput in
            throw TaskFailure(code: "TooBig", message: "\(input.x) is too big")
        }
        let run = try await runner.run(Fixtures.around(failing, name: "fails"), input: ChainInput(n: 99))
        #expect(run.phase == .failed)
        #expect(run.error?.code == "TooBig")
        #expect(run.error?.message == "99 is too big")
        #expect(run.error?.nodeID == "only")
        #expect(run.phase(of: "only") == .failed)
        #expect(throws: LocalRunError.self) { try run.output(as: ChainOutput.self) }
    }

    @Test func anErrorThrownByTheBodyIsAUserError() async throws {
        let throwing = SwiftTask("throwing", version: "1") { (input: AddOneInput) -> AddOneOutput in throw Boom() }
        let run = try await runner.run(Fixtures.around(throwing, name: "throws"), input: ChainInput(n: 1))
        #expect(run.phase == .failed)
        #expect(run.error?.kind == .user)
        #expect(run.error?.code == "Thrown")
        #expect(run.error?.message == "boom")
    }

    @Test func anAttemptThatOutlivesItsTimeoutTimesOut() async throws {
        let slow = SwiftTask("slow", version: "1", timeout: .milliseconds(50)) { (input: AddOneInput) in
            try await Task.sleep(for: .seconds(60))
            return AddOneOutput(y: input.x)
        }
        let run = try await runner.run(Fixtures.around(slow, name: "slow"), input: ChainInput(n: 1))
        #expect(run.phase == .failed)
        #expect(run.error?.code == "Timeout")
        #expect(run.phase(of: "only") == .timedOut)
    }

    @Test func aNodeTimeoutOverridesForTheWholeNode() async throws {
        let slow = SwiftTask("slow-node", version: "1") { (input: AddOneInput) in
            try await Task.sleep(for: .seconds(60))
            return AddOneOutput(y: input.x)
        }
        let run = try await runner.run(Fixtures.around(slow, name: "slow-node", timeout: .milliseconds(50)), input: ChainInput(n: 1))
        #expect(run.phase(of: "only") == .timedOut)
        #expect(run.node("only")?.attempts.map(\.phase) == [.aborted])
    }

    @Test func aRunTimeoutEndsTheRunTimedOut() async throws {
        let slow = SwiftTask("slow-run", version: "1") { (input: AddOneInput) in
            try await Task.sleep(for: .seconds(60))
            return AddOneOutput(y: input.x)
        }
        let run = try await runner.run(Fixtures.around(slow, name: "slow-run"), input: ChainInput(n: 1), timeout: .milliseconds(50))
        #expect(run.phase == .timedOut)
    }

    @Test func aWorkflowThatDoesNotCompileDoesNotRun() async {
        let broken = Workflow("broken", version: "1", input: ChainInput.self, output: ChainOutput.self) { wf in
            let a = wf.call(Fixtures.addOne, id: "a", ["x": "three"])
            return ["result": a["y", as: Int.self]]
        }
        let error = await #expect(throws: WorkflowCompilationError.self) {
            _ = try await runner.run(broken, input: ChainInput(n: 1))
        }
        #expect(error?.problems.contains { $0.nodeID == "a" && $0.input == "x" } == true)
    }

    @Test func inputsThatDoNotMatchTheWorkflowAreRefused() async {
        let error = await #expect(throws: InputBindingError.self) {
            _ = try await runner.run(Fixtures.chain, inputs: ["n": .string("three")])
        }
        #expect(error?.problems.first?.input == "n")
    }

    @Test func shellTasksNeedAHandler() async throws {
        var echo = TaskSpec()
        echo.id = Identifier(name: "echo", version: "1")
        echo.interface = TypedInterface(inputs: [Variable(name: "x", type: .simple(.int))], outputs: [Variable(name: "y", type: .simple(.int))])
        echo.kind = .shell(ShellTask(script: "echo {{inputs.x}}"))
        let workflow = Workflow("shell", version: "1", input: ChainInput.self, output: ChainOutput.self) { wf in
            let a = wf.call(echo, id: "a", ["x": wf.input("n", as: Int.self)])
            return ["result": a["y", as: Int.self]]
        }

        let refused = await #expect(throws: LocalRunError.self) {
            _ = try await runner.run(workflow, input: ChainInput(n: 1))
        }
        #expect(refused?.message.contains("shell handler") == true)

        let handled = LocalRunner { task, inputs in
            #expect(task.id?.name == "echo")
            return ["y": inputs["x"] ?? .none]
        }
        let run = try await handled.run(workflow, input: ChainInput(n: 7))
        #expect(try run.output(as: ChainOutput.self).result == 7)
    }

    @Test func cancellingTheCallerAbortsTheRun() async throws {
        let started = AsyncStream.makeStream(of: Void.self)
        let stuck = SwiftTask("stuck", version: "1") { (input: AddOneInput) in
            started.continuation.yield()
            try await Task.sleep(for: .seconds(60))
            return AddOneOutput(y: input.x)
        }
        let workflow = Fixtures.around(stuck, name: "stuck")
        let run = Task { try await LocalRunner().run(workflow, input: ChainInput(n: 1)) }
        for await _ in started.stream { break }
        run.cancel()
        let result = try await run.value
        #expect(result.phase == .aborted)
        #expect(result.phase(of: "only") == .aborted)
    }

    @Test func underFailAfterRunningNodesAFailureLetsTheRunningNodesFinish() async throws {
        let started = AsyncStream.makeStream(of: Void.self)
        let release = AsyncStream.makeStream(of: Void.self)
        let patient = SwiftTask("patient", version: "1") { (input: AddOneInput) in
            started.continuation.yield()
            for await _ in release.stream { break }
            return AddOneOutput(y: input.x)
        }
        let impatient = SwiftTask("impatient", version: "1") { (input: AddOneInput) -> AddOneOutput in
            for await _ in started.stream { break }
            release.continuation.yield()
            throw Boom()
        }
        let workflow = Workflow(
            "patience", version: "1", input: ChainInput.self, output: ChainOutput.self, failurePolicy: .failAfterRunningNodes
        ) { wf in
            let n = wf.input("n", as: Int.self)
            let a = wf.call(patient, id: "patient", ["x": n])
            _ = wf.call(impatient, id: "impatient", ["x": n])
            return ["result": a["y", as: Int.self]]
        }
        let run = try await runner.run(workflow, input: ChainInput(n: 1))
        #expect(run.phase == .failed)
        #expect(run.error?.nodeID == "impatient")
        #expect(run.phase(of: "patient") == .succeeded)
    }

    @Test func anOptionalInputMayBeLeftOut() async throws {
        struct Greeting: Codable { var name: String? }
        struct Text: Codable { var text: String }
        let greet = SwiftTask("greet", version: "1") { (input: Greeting) in Text(text: "hello \(input.name ?? "you")") }
        let workflow = Workflow("greeting", version: "1", input: Greeting.self, output: Text.self) { wf in
            let call = wf.call(greet, ["name": wf.input("name", as: String?.self)])
            return ["text": call["text", as: String.self]]
        }
        let anonymous = try await runner.run(workflow, input: Greeting(name: nil))
        #expect(try anonymous.output(as: Text.self).text == "hello you")
        let named = try await runner.run(workflow, inputs: ["name": .string("Ada")])
        #expect(try named.output(as: Text.self).text == "hello Ada")
    }
}
