import Foundation
import SluiceExecutor
import SluiceWire
import Testing

/// Swift tasks registered in a worker, as a SluiceKit executor binary runs them.
@Suite struct SwiftTaskTests {
    struct Overflow: Error, CustomStringConvertible {
        var description: String { "the number is too large" }
    }

    static let registry: SwiftTaskRegistry = {
        var registry = SwiftTaskRegistry()
        registry.register("double") { inputs in
            guard case .int(let n)? = inputs["n"] else { throw TaskFailure(code: "BadInput", message: "n is not an int") }
            guard n < 1000 else { throw Overflow() }
            return ["doubled": .int(n * 2)]
        }
        registry.register("wrong") { _ in ["doubled": .string("not a number")] }
        return registry
    }()

    @Test func aRegisteredTaskRunsAndItsOutputsAreSent() async throws {
        let (completion, poll) = try await withWorker(configure: { $0.swiftTasks = Self.registry }) { scheduler, _ in
            scheduler.enqueue(swiftAssignment("a1", task: "double", inputs: ["n": .int(21)], outputs: ["doubled": int]))
            return (try await scheduler.completion(of: "a1"), try await scheduler.wait(for: "a poll") { $0.polls.first })
        }
        #expect(completion.outputs == ["doubled": .int(42)], "\(String(describing: completion.error))")
        #expect(poll.executor?.swiftTasks == ["double", "wrong"], "the scheduler learns which Swift tasks it may send")
    }

    @Test func failuresKeepTheirCodeAndOtherErrorsBecomeThrown() async throws {
        let (failed, thrown) = try await withWorker(configure: { $0.swiftTasks = Self.registry }) { scheduler, _ in
            scheduler.enqueue(
                swiftAssignment("failed", task: "double", inputs: ["n": .string("x")], outputs: ["doubled": int]),
                swiftAssignment("thrown", task: "double", inputs: ["n": .int(5000)], outputs: ["doubled": int]))
            return (try await scheduler.completion(of: "failed"), try await scheduler.completion(of: "thrown"))
        }
        let failure = try #require(failed.error)
        #expect(failure.code == "BadInput")
        #expect(failure.message == "n is not an int")
        #expect(failure.kind == .user)
        let error = try #require(thrown.error)
        #expect(error.code == "Thrown")
        #expect(error.kind == .user)
        #expect(error.message.contains("the number is too large"))
    }

    @Test func mistypedOutputsAndUnknownTasksFailClearly() async throws {
        let (mistyped, unknown) = try await withWorker(configure: { $0.swiftTasks = Self.registry }) { scheduler, _ in
            scheduler.enqueue(
                swiftAssignment("mistyped", task: "wrong", outputs: ["doubled": int]),
                swiftAssignment("unknown", task: "triple", outputs: ["tripled": int]))
            return (try await scheduler.completion(of: "mistyped"), try await scheduler.completion(of: "unknown"))
        }
        let badOutputs = try #require(mistyped.error)
        #expect(badOutputs.code == "BadOutputs")
        #expect(badOutputs.kind == .user)
        #expect(badOutputs.message.contains("doubled"))
        let unknownTask = try #require(unknown.error)
        #expect(unknownTask.code == "UnknownTask")
        #expect(unknownTask.kind == .system)
        #expect(unknownTask.message.contains("triple"))
    }
}
