#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SluiceEngine
import SluiceExecutor

/// Runs a workflow built in Swift in this process, without any service: for users' unit tests.
/// The workflow is compiled as registration would compile it and driven by the same execution
/// engine as the scheduler, so retries, timeouts, branches and sub-workflows behave as they do
/// in a deployment. Swift tasks run their bodies concurrently; shell tasks run only through
/// the `shell` handler, when one is given.
///
///     let run = try await LocalRunner().run(chain, input: ChainInput(n: 3))
///     #expect(run.phase == .succeeded)
///     let output = try run.output(as: ChainOutput.self)
///
/// A run that fails is not an error: its result says how it ended. `run` throws only when the
/// run cannot start (the workflow does not compile, the input does not match it, a task cannot
/// run in-process).
public struct LocalRunner: Sendable {
    /// Runs one attempt of a shell task: its spec and inputs in, its outputs out. Throw a
    /// `TaskFailure` to fail the attempt with a code of your choice.
    public typealias ShellHandler = @Sendable (_ task: TaskSpec, _ inputs: [String: Literal]) async throws -> [String: Literal]

    public var shell: ShellHandler?
    /// Cached outputs of cacheable tasks, kept in memory for this runner's runs.
    let cache = LocalCache()

    public init(shell: ShellHandler? = nil) {
        self.shell = shell
    }

    /// Runs the workflow on `input` until it ends, or until `timeout` (then TIMED_OUT).
    /// Cancelling the calling task aborts the run and returns it ABORTED. `signals` are set
    /// as the run starts, for its gates to take when they are reached; a signal gate with none
    /// ends the run (nobody can set one in-process), a sleep gate sleeps.
    public func run<Input, Output>(
        _ workflow: Workflow<Input, Output>, input: Input, signals: [String: LocalSignal] = [:], timeout: Duration? = nil
    ) async throws -> LocalRun {
        let inputs: [String: Literal]
        do {
            inputs = try NamedInputs.encode(input)
        } catch {
            throw LocalRunError(error.message)
        }
        return try await run(workflow, inputs: inputs, signals: signals, timeout: timeout)
    }

    /// Runs the workflow on inputs given by name.
    /// With `overwriteCache`, cacheable tasks skip the lookup and replace the entries.
    public func run(
        _ workflow: some WorkflowDefinition, inputs: [String: Literal], signals: [String: LocalSignal] = [:],
        timeout: Duration? = nil, overwriteCache: Bool = false
    ) async throws -> LocalRun {
        let compiled = try workflow.compiled()
        let bound = try (compiled.spec?.interface ?? TypedInterface()).bindInputs(inputs)
        let runner = LocalAttemptRunner(
            bodies: try SwiftTaskRegistry(workflows: [workflow]).bodies, shell: shell,
            registry: try DefinitionRegistry(bringing: workflow), failurePolicy: compiled.spec?.failurePolicy ?? .failImmediately)
        try runner.checkRunnable(compiled)

        var execution = Execution()
        execution.id = "local-" + UUID().uuidString.lowercased()
        execution.spec = ExecutionSpec(workflow: compiled.spec?.id, inputs: bound, overwriteCache: overwriteCache, timeout: timeout)
        execution.phase = .queued
        execution.createdAt = Timestamp.now()
        let presetSignals = try LocalSignal.checked(signals, for: compiled, executionID: execution.id)
        var local = LocalExecution(
            machine: ExecutionMachine(execution: execution, workflow: compiled), execution: execution, runner: runner, cache: cache,
            signals: presetSignals)
        return await local.run()
    }
}

/// Why a local run could not start.
public struct LocalRunError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
