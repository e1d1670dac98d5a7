/// One entry of `tasks:`: a shell task, as a TaskSpec.
enum TaskReader {
    static let keys = [
        "name", "version", "description", "labels", "code_version", "inputs", "outputs",
        "command", "script", "env", "working_directory", "image",
        "retries", "timeout", "heartbeat_timeout", "pool", "cache", "dynamic",
    ]

    /// The task as written; an empty version is filled in from its content by the caller.
    static func read(_ entry: YAMLEntry) throws(WorkflowFileError) -> TaskSpec {
        let mapping = try entry.mapping(allowed: keys, what: "a task")
        let nameEntry = try mapping.required("name", what: "a task")
        let name = try nameEntry.nonEmptyText(what: "name")
        try NameRules.checkRegisteredName(name, nameEntry, what: "task name")
        var task = TaskSpec(id: Identifier(name: name, version: try version(mapping)))
        let inputs = try mapping["inputs"].map { entry throws(WorkflowFileError) in try InterfaceReader.inputs(entry) } ?? []
        let outputs = try mapping["outputs"].map { entry throws(WorkflowFileError) in try InterfaceReader.outputs(entry) } ?? []
        task.interface = TypedInterface(inputs: inputs, outputs: outputs)
        let shell = try shell(mapping, inputs: Set(inputs.map(\.name)))
        // A dynamic task writes the subgraph to run to $SLUICE_SUBGRAPH instead of outputs.
        if let dynamic = mapping["dynamic"], try dynamic.boolean(what: "dynamic") {
            task.kind = .dynamic(DynamicTask(body: .shell(shell), style: .subgraph))
        } else {
            task.kind = .shell(shell)
        }
        if let description = mapping["description"] { task.description = try description.text(what: "description") }
        if let labels = mapping["labels"] { task.labels = try textMap(labels, what: "labels") }
        if let codeVersion = mapping["code_version"] { task.codeVersion = try codeVersion.text(what: "code_version") }
        if let retries = mapping["retries"] { task.retries = try RetryReader.policy(retries) }
        if let timeout = mapping["timeout"] { task.timeout = try positive(timeout, what: "timeout") }
        if let heartbeat = mapping["heartbeat_timeout"] { task.heartbeatTimeout = try positive(heartbeat, what: "heartbeat_timeout") }
        if let pool = mapping["pool"] { task.pool = try pool.text(what: "pool") }
        if let cache = mapping["cache"] { task.cache = try CacheReader.settings(cache, inputs: Set(inputs.map(\.name))) }
        return task
    }

    static func version(_ mapping: YAMLMapping) throws(WorkflowFileError) -> String {
        guard let entry = mapping["version"] else { return "" }
        let version = try entry.nonEmptyText(what: "version")
        try NameRules.checkVersion(version, entry)
        return version
    }

    static func positive(_ entry: YAMLEntry, what: String) throws(WorkflowFileError) -> Duration {
        let duration = try entry.duration(what: what)
        guard duration > .zero else { throw entry.error("\(what) must be longer than zero") }
        return duration
    }

    static func textMap(_ entry: YAMLEntry, what: String) throws(WorkflowFileError) -> [String: String] {
        var values: [String: String] = [:]
        for (key, value) in try entry.openMapping(what: what).entries {
            values[key] = try value.text(what: "\(what) value")
        }
        return values
    }

    private static func shell(_ mapping: YAMLMapping, inputs: Set<String>) throws(WorkflowFileError) -> ShellTask {
        var shell = ShellTask()
        switch (mapping["command"], mapping["script"]) {
        case (let command?, nil):
            guard case .sequence = command.node else {
                throw command.error("command is a list of arguments, e.g. [echo, \"{{inputs.name}}\"]; for a shell line use script:")
            }
            shell.command = try command.sequence(what: "command").map { argument throws(WorkflowFileError) in
                let text = try argument.text(what: "each argument")
                try checkTemplates(text, argument, inputs: inputs)
                return text
            }
            guard !shell.command.isEmpty else { throw command.error("command must name a program") }
        case (nil, let script?):
            shell.script = try script.nonEmptyText(what: "script")
            try checkTemplates(shell.script, script, inputs: inputs)
        case (.some, .some):
            throw mapping.owner.error("a task has either command: or script:, not both")
        case (nil, nil):
            throw mapping.owner.error("a task needs command: (a list of arguments) or script: (a shell script)")
        }
        if let env = mapping["env"] { shell.env = try textMap(env, what: "env") }
        if let directory = mapping["working_directory"] { shell.workingDirectory = try directory.text(what: "working_directory") }
        if let image = mapping["image"] { shell.image = try image.text(what: "image") }
        return shell
    }

    /// Every `{{inputs.x}}` must name a declared input: a typo would otherwise reach the shell
    /// as literal braces.
    private static func checkTemplates(_ text: String, _ entry: YAMLEntry, inputs: Set<String>) throws(WorkflowFileError) {
        for match in text.matches(of: /\{\{\s*([^}]*?)\s*\}\}/) {
            let inside = String(match.1)
            guard inside.hasPrefix("inputs.") else { continue }
            let name = String(inside.dropFirst("inputs.".count))
            guard inputs.contains(name) else {
                let known = inputs.isEmpty ? "the task declares no inputs" : "inputs: \(inputs.sorted().joined(separator: ", "))"
                throw entry.error("template '{{\(inside)}}' names no input of this task (\(known))")
            }
        }
    }
}
