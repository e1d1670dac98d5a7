import Foundation
import SluiceCore
import Logging
import SluiceWire
import Subprocess
import SluiceLogging

/// Runs one shell task attempt: fills its templates, gives it a directory with inputs.json,
/// runs the command (or `/bin/sh -c` script) in a process group of its own, and reads its outputs.
///
/// Cancelling the calling task stops the process: SIGTERM to its whole group, SIGKILL after
/// the grace period.
struct ShellTaskRunner: Sendable {
    var workDirectory: URL
    var keepAttemptDirectories: Bool
    var killGracePeriod: Duration
    var environment: [String: String]
    var logger: Logger

    /// stdout is kept up to this much (a single output may be printed); stderr only for its tail.
    static let stdoutCapacity = 1 << 20
    static let stderrCapacity = 64 << 10

    /// What an attempt of a shell task makes: the outputs it writes to $SLUICE_OUTPUTS (or
    /// prints), or for a dynamic task the subgraph it writes to $SLUICE_SUBGRAPH.
    enum Product: Sendable {
        case outputs
        case subgraph
    }

    /// Runs the task; `interface` is the task's. For `.subgraph` the one output holds the
    /// subgraph read (``DynamicSubgraph/outputName``), as a Swift dynamic task returns it.
    func run(
        _ task: ShellTask, interface: TypedInterface, assignment: AttemptAssignment, product: Product = .outputs
    ) async throws(TaskFailure) -> [String: Literal] {
        let argv = try Self.commandLine(of: task, inputs: assignment.inputs)
        let directory: AttemptDirectory
        do {
            directory = try await AttemptDirectory.create(in: workDirectory, attemptID: assignment.attemptID, inputs: assignment.inputs)
        } catch {
            throw TaskFailure(kind: .system, code: "WorkDirectory", message: "cannot prepare the attempt's directory under \(workDirectory.path): \(error)")
        }
        let outcome: Result<[String: Literal], TaskFailure>
        do {
            outcome = .success(try await execute(
                argv, task: task, interface: interface, assignment: assignment, directory: directory, product: product))
        } catch {
            outcome = .failure(error)
        }
        if keepAttemptDirectories {
            logger.debug("kept the attempt's directory", metadata: [LogKey.attemptID: "\(assignment.attemptID)", LogKey.path: "\(directory.url.path)"])
        } else {
            await directory.remove()
        }
        return try outcome.get()
    }

    /// The argv to run: the templated command, or the templated script under `/bin/sh -c`.
    static func commandLine(of task: ShellTask, inputs: [String: Literal]) throws(TaskFailure) -> [String] {
        if !task.command.isEmpty {
            var argv: [String] = []
            for argument in task.command {
                argv.append(try fitting(ShellTemplate.render(argument, inputs: inputs, quoting: .plain), from: argument, inputs: inputs))
            }
            return argv
        }
        if !task.script.isEmpty {
            return ["/bin/sh", "-c", try fitting(ShellTemplate.render(task.script, inputs: inputs, quoting: .shell), from: task.script, inputs: inputs)]
        }
        throw TaskFailure(kind: .user, code: "BadTask", message: "the shell task has neither a command nor a script")
    }

    /// Linux takes no single argument longer than this (MAX_ARG_STRLEN, 32 pages); a script is
    /// one argument of `/bin/sh -c`.
    static let longestArgument = 128 << 10

    /// The rendered argument, or a USER error "ArgumentTooLong" naming the largest input in
    /// its template and the file that holds every input whole: the kernel would refuse to
    /// start the process ("Argument list too long") and say no more.
    private static func fitting(_ rendered: String, from template: String, inputs: [String: Literal]) throws(TaskFailure) -> String {
        let length = rendered.utf8.count
        guard length >= longestArgument else { return rendered }
        let largest = ShellTemplates.inputNames(in: template)
            .max { ValueText.plain(inputs[$0] ?? .none).utf8.count < ValueText.plain(inputs[$1] ?? .none).utf8.count }
        let culprit = largest.map { "{{inputs.\($0)}} makes it" } ?? "it is"
        throw TaskFailure(
            kind: .user, code: "ArgumentTooLong",
            message: "the task's \(template == rendered ? "text" : "templated text") is \(length) bytes long, over the "
                + "system's limit of \(longestArgument) for one argument (\(culprit) so); read large inputs from the file "
                + "named by $SLUICE_INPUTS instead, a JSON object of every input by name")
    }

    private func execute(
        _ argv: [String], task: ShellTask, interface: TypedInterface, assignment: AttemptAssignment, directory: AttemptDirectory,
        product: Product
    ) async throws(TaskFailure) -> [String: Literal] {
        let program = argv[0]
        let configuration = Configuration(
            executable: program.contains("/") ? .path(.init(program)) : .name(program),
            arguments: Arguments(Array(argv.dropFirst())),
            environment: .custom(processEnvironment(task: task, assignment: assignment, directory: directory)),
            workingDirectory: .init(task.workingDirectory.isEmpty ? directory.url.path : task.workingDirectory),
            platformOptions: platformOptions())
        let stdout: OutputTail
        let stderr: OutputTail
        let status: TerminationStatus
        do {
            let result = try await Subprocess.run(configuration, input: .none, output: .sequence, error: .sequence) { execution in
                async let out = Self.collect(execution.standardOutput, capacity: Self.stdoutCapacity)
                async let err = Self.collect(execution.standardError, capacity: Self.stderrCapacity)
                return try await (out, err)
            }
            (stdout, stderr) = result.closureResult
            status = result.terminationStatus
        } catch {
            if Task.isCancelled {
                throw TaskFailure(kind: .system, code: "ExecutorStopped", message: "the attempt was stopped")
            }
            throw TaskFailure(kind: .user, code: "LaunchFailed", message: "cannot run \(program): \(error)")
        }
        let stderrTail = stderr.lastLines()
        switch status {
        case .exited(0):
            break
        case .exited(let code):
            throw TaskFailure(kind: .user, code: "NonZeroExit", message: "exit status \(code)", stderrTail: stderrTail)
        case .signaled(let signal):
            throw TaskFailure(kind: .user, code: "Signal", message: "killed by signal \(signal)", stderrTail: stderrTail)
        }
        switch product {
        case .outputs:
            return try await ShellOutputs.read(from: directory.outputsFile, stdout: stdout, interface: interface, stderrTail: stderrTail)
        case .subgraph:
            let result = try await ShellSubgraph.read(from: directory.subgraphFile, interface: interface, stderrTail: stderrTail)
            do {
                return try DynamicSubgraph.outputs(carrying: result)
            } catch {
                throw TaskFailure(code: "InvalidSubgraph", message: "the subgraph cannot be encoded: \(error)", stderrTail: stderrTail)
            }
        }
    }

    /// The executor's environment, then the task's, then Sluice's own variables, which win.
    private func processEnvironment(task: ShellTask, assignment: AttemptAssignment, directory: AttemptDirectory) -> [Environment.Key: String] {
        var variables = environment.merging(task.env) { _, task in task }
        variables["SLUICE_INPUTS"] = directory.inputsFile.path
        variables["SLUICE_OUTPUTS"] = directory.outputsFile.path
        variables["SLUICE_SUBGRAPH"] = directory.subgraphFile.path
        variables["SLUICE_EXECUTION_ID"] = assignment.executionID
        variables["SLUICE_NODE_ID"] = assignment.nodeID
        variables["SLUICE_ATTEMPT"] = String(assignment.attempt)
        var keyed: [Environment.Key: String] = [:]
        for (name, value) in variables {
            if let key = Environment.Key(rawValue: name) { keyed[key] = value }
        }
        return keyed
    }

    private func platformOptions() -> PlatformOptions {
        var options = PlatformOptions()
        // A session of its own makes the task a process group leader: a stop signals everything
        // it started, and nothing of the executor's.
        options.createSession = true
        options.teardownSequence = [.gracefulShutDown(toProcessGroup: true, allowedDurationToNextStep: killGracePeriod)]
        return options
    }

    /// What the pipe carried until it closed. A stopped task ends its reading early; what it
    /// wrote until then is kept (its stderr tail explains a timeout).
    private static func collect(_ output: SubprocessOutputSequence, capacity: Int) async throws -> OutputTail {
        var tail = OutputTail(capacity: capacity)
        do {
            for try await buffer in output {
                buffer.withUnsafeBytes { tail.append($0) }
            }
        } catch where Task.isCancelled {
            return tail
        }
        return tail
    }
}
