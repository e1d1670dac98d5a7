import SluiceCore
import SluiceWire
import Testing

@Suite struct TaskValidatorTests {
    let valid = TaskSpec(
        id: Identifier(name: "greet", version: "1"),
        interface: TypedInterface(
            inputs: [Variable(name: "who", type: .simple(.string)), Variable(name: "times", type: .simple(.int), defaultValue: .int(1))],
            outputs: [Variable(name: "text", type: .simple(.string))]),
        kind: .shell(ShellTask(command: ["echo", "hello {{ inputs.who }}", "{{inputs.times}}"])),
        retries: RetryPolicy(maxRetries: 3, initialBackoff: .seconds(1), backoffMultiplier: 2, maxBackoff: .seconds(30)))

    @Test func aWellFormedTaskHasNoProblems() {
        #expect(TaskValidator.problems(in: valid) == [])
        var swift = valid
        swift.kind = .swift(SwiftTask(name: "greet"))
        #expect(TaskValidator.problems(in: swift) == [])
    }

    @Test func aWorkflowBodyIsSwiftCodeThatIsNotCachedItself() {
        var dynamic = valid
        dynamic.kind = .dynamic(DynamicTask(body: .swiftName("plan"), style: .subgraph))
        #expect(TaskValidator.problems(in: dynamic) == [])
        dynamic.kind = .dynamic(DynamicTask(body: .swiftName("plan"), style: .incremental))
        #expect(TaskValidator.problems(in: dynamic) == [])
        dynamic.kind = .dynamic(DynamicTask(body: .shell(ShellTask(script: "plan")), style: .incremental))
        #expect(TaskValidator.problems(in: dynamic).contains { $0.hasPrefix("dynamic.style:") })
        dynamic.kind = .dynamic(DynamicTask(body: .swiftName("plan"), style: .incremental))
        dynamic.cache = CacheSettings(enabled: true, version: "1")
        #expect(TaskValidator.problems(in: dynamic).contains { $0.hasPrefix("cache:") })
    }

    @Test func eachProblemNamesItsField() {
        var task = valid
        task.id = Identifier(name: "", version: "")
        task.interface = TypedInterface(inputs: [
            Variable(name: "who", type: .simple(.string)),
            Variable(name: "who", type: .simple(.string)),
            Variable(name: "my-input", type: .simple(.int)),
            Variable(name: "", type: .simple(.int)),
            Variable(name: "untyped"),
            Variable(name: "vague", type: .simple(.unspecified)),
            Variable(name: "record", type: .struct(StructType(name: "R", fields: [StructField(name: "", type: .simple(.int))]))),
            Variable(name: "count", type: .simple(.int), defaultValue: .string("ten")),
        ])
        task.kind = .shell(ShellTask(command: ["echo", "{{inputs.nobody}}"], script: "echo hi"))
        task.retries = RetryPolicy(initialBackoff: .zero - .seconds(1), backoffMultiplier: 0.5)

        let problems = TaskValidator.problems(in: task)

        #expect(problems == [
            "id: the task has no name",
            "id: the task has no version",
            "input 'who': declared twice",
            "input 'my-input': not a valid name (letters, digits and _, not starting with a digit)",
            "input '#4': the input has no name",
            "input 'untyped': has no type",
            "input 'vague': type: the type is unspecified",
            "input 'record': type: field 1 of struct R has no name",
            "input 'count': default does not match the type: expected int, found a string \"ten\"",
            "shell: give a command or a script, not both",
            "shell.command[1]: the template {{inputs.nobody}} names no declared input",
            "retries.backoff_multiplier: must be at least 1, is 0.5",
            "retries.initial_backoff: must be zero or more, is -1s",
        ])
    }

    @Test func aTaskNeedsOneRunnableKind() {
        var task = valid
        task.kind = nil
        #expect(TaskValidator.problems(in: task) == ["kind: a task must be a shell, swift or dynamic task"])
        task.kind = .shell(ShellTask())
        #expect(TaskValidator.problems(in: task) == ["shell: needs a command or a script"])
        task.kind = .swift(SwiftTask(name: ""))
        #expect(TaskValidator.problems(in: task) == ["swift: the function name is empty"])
        task.kind = .dynamic(DynamicTask(body: .shell(ShellTask(script: "plan {{inputs.other}}"))))
        #expect(TaskValidator.problems(in: task) == ["dynamic.shell.script: the template {{inputs.other}} names no declared input"])
    }

    @Test("durations a deadline cannot hold (past 100 years, as protobuf's largest Duration) are refused at registration")
    func durationsTooLongForADeadline() {
        var task = valid
        let largest = Duration.seconds(315_576_000_000)
        task.timeout = largest
        task.heartbeatTimeout = .seconds(3_153_600_001)
        task.retries = RetryPolicy(maxBackoff: largest)
        #expect(TaskValidator.problems(in: task) == [
            "retries.max_backoff: must be at most 100 years (3153600000s), is 315576000000s",
            "timeout: must be at most 100 years (3153600000s), is 315576000000s",
            "heartbeat_timeout: must be at most 100 years (3153600000s), is 3153600001s",
        ])
        task.timeout = DurationLimits.longest
        task.heartbeatTimeout = .seconds(1)
        task.retries = nil
        #expect(TaskValidator.problems(in: task).isEmpty)
    }
}
