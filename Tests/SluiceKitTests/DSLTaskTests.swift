import Foundation
import SluiceKit
import Testing

@Suite struct DSLTaskTests {
    struct Report: Codable { var title: String; var note: String? }
    struct Weird: Codable { var id: Literal }

    @Test func aSwiftTaskSpecCarriesItsDerivedInterfaceAndOptions() throws {
        let task = SwiftTask(
            "add-one", version: "2", description: "adds one", retries: Retries(3, backoff: .seconds(1), multiplier: 2),
            timeout: .seconds(30), heartbeatTimeout: .seconds(10), pool: "gpu", cache: Caching(version: "v1", ignoring: ["x"])
        ) { (input: AddOneInput) in AddOneOutput(y: input.x + 1) }

        let spec = try task.spec
        #expect(spec.id == Identifier(name: "add-one", version: "2"))
        #expect(spec.kind == .swift(SluiceWire.SwiftTask(name: "add-one")))
        #expect(spec.interface == TypedInterface(
            inputs: [Variable(name: "x", type: .simple(.int))], outputs: [Variable(name: "y", type: .simple(.int))]))
        #expect(spec.retries == RetryPolicy(maxRetries: 3, initialBackoff: .seconds(1), backoffMultiplier: 2))
        #expect(spec.timeout == .seconds(30))
        #expect(spec.heartbeatTimeout == .seconds(10))
        #expect(spec.pool == "gpu")
        #expect(spec.description == "adds one")
        #expect(spec.cache == CacheSettings(enabled: true, version: "v1", ignoredInputs: ["x"]))
        #expect(TaskValidator.problems(in: spec).isEmpty)
    }

    @Test func theBodyDecodesInputsAndEncodesOutputs() async throws {
        let outputs = try await Fixtures.addOne.body(["x": .int(41)])
        #expect(outputs == ["y": .int(42)])
    }

    @Test func aNilOptionalOutputIsGivenAsNoneSoTheOutputsMatchTheInterface() async throws {
        let task = SwiftTask("report", version: "1") { (input: AddOneInput) in Report(title: "#\(input.x)", note: nil) }
        let outputs = try await task.body(["x": .int(1)])
        #expect(outputs == ["title": .string("#1"), "note": Literal.none])
        #expect(try task.typedInterface.checkOutputs(outputs) == outputs)
    }

    @Test func inputsThatDoNotDecodeFailTheAttemptWithBadInputs() async {
        let failure = await #expect(throws: TaskFailure.self) {
            _ = try await Fixtures.addOne.body(["x": .string("three")])
        }
        #expect(failure?.code == "BadInputs")
        #expect(failure?.kind == .user)
        #expect(failure?.message.contains("AddOneInput") == true)
    }

    @Test func aTaskWhoseTypesHaveNoSluiceTypeHasNoSpecAndSaysWhy() {
        let task = SwiftTask("weird", version: "1") { (input: Weird) in AddOneOutput(y: 0) }
        let error = #expect(throws: SchemaError.self) { _ = try task.spec }
        #expect(error?.description.contains("Weird.id") == true)
    }

    @Test func aRegistryTakesTheBodiesOfTasksByFunctionName() throws {
        let registry = try SwiftTaskRegistry {
            Fixtures.addOne
            Fixtures.sum
        }
        #expect(registry.names == ["add-one", "sum"])
    }

    @Test func twoVersionsOfOneTaskCannotShareAnExecutor() {
        let other = SwiftTask("add-one", version: "2") { (input: AddOneInput) in AddOneOutput(y: input.x + 2) }
        let error = #expect(throws: TaskRegistrationError.self) {
            _ = try SwiftTaskRegistry(tasks: [Fixtures.addOne, other])
        }
        #expect(error?.description.contains("add-one:1 and add-one:2") == true)
    }

    @Test func aWorkerServesItsSwiftTasksAndNoShellTasks() throws {
        let worker = try SluiceWorker(scheduler: "tcp://10.0.0.7:7200", tasks: [Fixtures.addOne, Fixtures.sum], pool: "fast", slots: 3)
        #expect(worker.configuration.schedulerAddress == "tcp://10.0.0.7:7200")
        #expect(worker.configuration.swiftTasks.names == ["add-one", "sum"])
        #expect(worker.configuration.runsShellTasks == false)
        #expect(worker.configuration.pool == "fast")
        #expect(worker.configuration.slots == 3)
    }
}
