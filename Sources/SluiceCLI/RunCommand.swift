import ArgumentParser
import SluiceKit

/// `sluice run WORKFLOW -i name=value ...`: starts an execution.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Start an execution of a registered workflow.",
        discussion: """
            Each input is read as the type the workflow declares for it: plain text for numbers, \
            text, true/false, datetimes (2026-01-31T09:00:00Z) and durations (90s); JSON for \
            lists, maps and structs. With --wait, progress is shown as it happens and the outputs \
            at the end. \(PhaseExit.help)
            """)

    @Argument(help: "The workflow, as NAME or NAME:VERSION (the latest version when none is given).")
    var workflow: String

    @Option(name: [.customShort("i"), .customLong("input")], help: "An input, as NAME=VALUE; repeatable.")
    var inputs: [String] = []

    @Option(help: "A name for the execution, unique among executions.")
    var name: String = ""

    @Option(name: .customLong("label"), help: "A label, as KEY=VALUE; repeatable.")
    var labels: [String] = []

    @Flag(help: "Run cacheable tasks again instead of reusing cached outputs, and replace their entries.")
    var overwriteCache = false

    @Flag(help: "Wait for the execution to end, showing its progress, then print its outputs.")
    var wait = false

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var format: OutputOptions

    func validate() throws {
        do {
            _ = try InputAssignments.labels(labels)
            for input in inputs { _ = try InputAssignments.split(input) }
        } catch {
            throw ValidationError(error.message)
        }
    }

    func run() async throws {
        try await reportingFailures {
            try await connection.withClient { client in
                let requested = try Identifier(parsing: workflow)
                // The interface comes from the version that will run, so inputs are read as it declares them.
                let compiled = try await client.workflow(requested)
                let spec = compiled.spec ?? WorkflowSpec()
                let literals = try InputAssignments.literals(inputs, for: spec.interface ?? TypedInterface())
                let execution = try await client.startExecution(
                    workflow: spec.id ?? requested, inputs: literals, name: name, labels: try InputAssignments.labels(labels),
                    overwriteCache: overwriteCache)
                if wait {
                    if !format.json { print("execution \(execution.id) of \(execution.spec?.workflow?.versionedName ?? workflow) started") }
                    throw ExitCode(try await ExecutionFollower(client: client, json: format.json).follow(execution.id))
                }
                if format.json {
                    printJSON(ExecutionJSON.execution(execution))
                } else {
                    print("execution \(execution.id) of \(execution.spec?.workflow?.versionedName ?? workflow) started (\(execution.phase.name))")
                    print("follow it with: sluice watch \(execution.id)")
                }
            }
        }
    }
}
