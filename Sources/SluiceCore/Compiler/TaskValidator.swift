import SluiceWire

public enum TaskValidator {
    /// Problems with a task spec on its own (id, kind, interface types, settings); empty when valid.
    /// Each message names the field it is about ("input 'x': has no type", "retries: ...").
    public static func problems(in task: TaskSpec) -> [String] {
        var found: [String] = []
        if (task.id?.name ?? "").isEmpty { found.append("id: the task has no name") }
        if (task.id?.version ?? "").isEmpty { found.append("id: the task has no version") }
        found += InterfaceValidation.problems(in: task.interface).map(\.description)

        let inputs = Set((task.interface?.inputs ?? []).map(\.name))
        switch task.kind {
        case nil:
            found.append("kind: a task must be a shell, swift or dynamic task")
        case .shell(let shell):
            found += shellProblems(shell, inputs: inputs, field: "shell")
        case .swift(let swift):
            if swift.name.isEmpty { found.append("swift: the function name is empty") }
        case .dynamic(let dynamic):
            if dynamic.style == .incremental {
                if task.cache?.enabled == true {
                    found.append("cache: a workflow body (INCREMENTAL) is not cached itself; cache the tasks it calls")
                }
                if case .shell? = dynamic.body {
                    found.append("dynamic.style: a workflow body (INCREMENTAL) is Swift code in a worker; a shell task returns a whole subgraph (SUBGRAPH)")
                }
            }
            switch dynamic.body {
            case nil: found.append("dynamic: the body is neither a Swift function nor a shell command")
            case .swiftName(let name): if name.isEmpty { found.append("dynamic.swift_name: the function name is empty") }
            case .shell(let shell): found += shellProblems(shell, inputs: inputs, field: "dynamic.shell")
            }
        }

        if let retries = task.retries { found += retryProblems(retries) }
        for ignored in task.cache?.ignoredInputs ?? [] where !inputs.contains(ignored) {
            found.append("cache.ignored_inputs: '\(ignored)' is not an input of the task")
        }
        if let timeout = task.timeout, let problem = DurationLimits.problem(timeout) { found.append("timeout: \(problem)") }
        if let heartbeat = task.heartbeatTimeout, let problem = DurationLimits.problem(heartbeat) {
            found.append("heartbeat_timeout: \(problem)")
        }
        return found
    }

    private static func shellProblems(_ shell: ShellTask, inputs: Set<String>, field: String) -> [String] {
        var found: [String] = []
        let hasCommand = !shell.command.isEmpty
        let hasScript = !shell.script.isEmpty
        if hasCommand && hasScript {
            found.append("\(field): give a command or a script, not both")
        } else if !hasCommand && !hasScript {
            found.append("\(field): needs a command or a script")
        }
        if let program = shell.command.first, program.isEmpty {
            found.append("\(field).command[0]: the program is empty")
        }
        var templated: [(field: String, text: String)] = shell.command.enumerated().map { ("\(field).command[\($0.offset)]", $0.element) }
        templated.append(("\(field).script", shell.script))
        templated.append(("\(field).working_directory", shell.workingDirectory))
        templated += shell.env.keys.sorted().map { ("\(field).env.\($0)", shell.env[$0] ?? "") }
        for (place, text) in templated {
            for name in ShellTemplates.inputNames(in: text) where !inputs.contains(name) {
                found.append("\(place): the template {{inputs.\(name)}} names no declared input")
            }
        }
        return found
    }

    static func retryProblems(_ retries: RetryPolicy) -> [String] {
        var found: [String] = []
        let multiplier = retries.backoffMultiplier
        // 0 is the unset value, taken as 1.
        if multiplier != 0, !(multiplier >= 1 && multiplier.isFinite) {
            found.append("retries.backoff_multiplier: must be at least 1, is \(multiplier)")
        }
        if let initial = retries.initialBackoff, let problem = DurationLimits.problem(initial, zeroAllowed: true) {
            found.append("retries.initial_backoff: \(problem)")
        }
        if let maximum = retries.maxBackoff, let problem = DurationLimits.problem(maximum, zeroAllowed: true) {
            found.append("retries.max_backoff: \(problem)")
        }
        if let initial = retries.initialBackoff, let maximum = retries.maxBackoff, maximum > .zero, maximum < initial {
            found.append("retries.max_backoff: \(DurationText.format(maximum)) is shorter than initial_backoff \(DurationText.format(initial))")
        }
        return found
    }
}
