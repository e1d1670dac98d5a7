import SluiceEngine
import SluiceExecutor

/// How an attempt ended.
enum LocalAttemptOutcome: Sendable {
    case succeeded([String: Literal])
    case failed(ExecutionError)
}

/// Runs one task attempt of a local run: a Swift body, or the shell handler.
struct LocalAttemptRunner: Sendable {
    let bodies: [String: SwiftTaskRegistry.Body]
    let shell: LocalRunner.ShellHandler?
    /// What a dynamic task's subgraph is compiled against: the tasks and workflows the run's
    /// workflow brings, as registration would have them.
    let registry: DefinitionRegistry
    /// The run's workflow's failure policy, which subgraphs keep.
    let failurePolicy: FailurePolicy

    /// Refuses, before anything runs, a workflow with a task this run cannot execute.
    func checkRunnable(_ workflow: CompiledWorkflow) throws {
        for task in workflow.tasks {
            let name = WorkflowBuilder.display(task.taskID)
            switch task.kind {
            case .swift(let swift):
                if bodies[swift.name] == nil {
                    throw LocalRunError("task \(name) is a Swift task with no body in this run ('\(swift.name)'); call it as a SwiftTask")
                }
            case .shell:
                if shell == nil {
                    throw LocalRunError("task \(name) is a shell task; give LocalRunner a shell handler to run it in-process")
                }
            case .dynamic(let dynamic):
                guard case .swiftName(let function)? = dynamic.body else {
                    throw LocalRunError("task \(name) is a shell dynamic task; the in-process runner runs Swift dynamic tasks only")
                }
                if bodies[function] == nil {
                    throw LocalRunError("task \(name) is a dynamic task with no body in this run ('\(function)'); call it as a DynamicTask")
                }
            case nil:
                throw LocalRunError("task \(name) has no kind")
            }
        }
        for sub in workflow.subWorkflows { try checkRunnable(sub) }
    }

    /// The attempt's outputs, or why it failed. `bodyCalls`: for a workflow body's decision,
    /// the calls recorded so far, as compiled.
    func run(_ assignment: AttemptAssignment, bodyCalls: CompiledWorkflow? = nil) async -> LocalAttemptOutcome {
        guard let task = assignment.task else { return .failed(Self.error(.system, "NoTask", "the attempt names no task")) }
        do {
            switch task.kind {
            case .swift(let swift):
                guard let body = bodies[swift.name] else {
                    return .failed(Self.error(.user, "UnknownTask", "no Swift body named '\(swift.name)' in this run"))
                }
                return .succeeded(try await body(assignment.inputs))
            case .shell:
                guard let shell else {
                    return .failed(Self.error(.user, "Unsupported", "no shell handler given to the in-process runner"))
                }
                return .succeeded(try await shell(task, assignment.inputs))
            case .dynamic(let dynamic) where dynamic.style == .incremental:
                return try await runDecision(task, dynamic, assignment, recorded: bodyCalls ?? CompiledWorkflow())
            case .dynamic(let dynamic):
                return try await runDynamic(task, dynamic, assignment)
            case nil:
                return .failed(Self.error(.user, "Unsupported", "the task has no kind"))
            }
        } catch let failure as TaskFailure {
            var error = Self.error(failure.kind, failure.code, failure.message)
            error.stderrTail = failure.stderrTail
            return .failed(error)
        } catch {
            return .failed(Self.error(.user, "Thrown", String(describing: error)))
        }
    }

    /// Runs a dynamic task's body and compiles the subgraph it returns, as the scheduler has
    /// admin compile it: the attempt's result is the compiled subgraph.
    private func runDynamic(_ task: TaskSpec, _ dynamic: SluiceWire.DynamicTask, _ assignment: AttemptAssignment) async throws -> LocalAttemptOutcome {
        guard case .swiftName(let function)? = dynamic.body, let body = bodies[function] else {
            return .failed(Self.error(.user, "UnknownTask", "no Swift dynamic task body for task \(task.id?.name ?? "?") in this run"))
        }
        // The body's own failure propagates; only outputs that carry no subgraph are refused here.
        let outputs = try await body(assignment.inputs)
        guard let result = try? DynamicSubgraph.result(in: outputs) else {
            return .failed(Self.error(.user, "BadOutputs", "the dynamic task returned no subgraph"))
        }
        do {
            let subgraph = try DynamicSubgraph.compile(
                result, task: task, nodeID: assignment.nodeID, failurePolicy: failurePolicy, registry: registry)
            return .succeeded(try DynamicSubgraph.outputs(carrying: subgraph))
        } catch let error as WorkflowCompilationError {
            return .failed(Self.error(.user, "InvalidSubgraph", DynamicSubgraph.refusal(error)))
        }
    }

    /// Runs one decision of a workflow body, and compiles the calls it made after the recorded
    /// ones, as the scheduler has admin compile them.
    private func runDecision(
        _ task: TaskSpec, _ dynamic: SluiceWire.DynamicTask, _ assignment: AttemptAssignment, recorded: CompiledWorkflow
    ) async throws -> LocalAttemptOutcome {
        guard case .swiftName(let function)? = dynamic.body, let body = bodies[function] else {
            return .failed(Self.error(.user, "UnknownTask", "no Swift body for workflow body \(task.id?.name ?? "?") in this run"))
        }
        let outputs = try await BodyReplay.$current.withValue(BodyReplay(assignment)) { try await body(assignment.inputs) }
        guard let result = try? DynamicSubgraph.result(in: outputs) else {
            return .failed(Self.error(.user, "BadOutputs", "the body returned no decision"))
        }
        if result.diverged { return .succeeded(try BodyDecision.outputs(decision: result, compiled: nil)) }
        let whole = BodyDecision.withRecordedCalls(result, recorded: recorded)
        do {
            let compiled = try DynamicSubgraph.compile(
                whole, task: task, nodeID: assignment.nodeID, failurePolicy: failurePolicy, registry: registry)
            if let refusal = try DynamicSubgraph.sizeRefusal(of: compiled) { return .failed(Self.error(.user, "InvalidSubgraph", refusal)) }
            return .succeeded(try BodyDecision.outputs(decision: result, compiled: compiled))
        } catch let error as WorkflowCompilationError {
            return .failed(Self.error(.user, "InvalidSubgraph", DynamicSubgraph.refusal(error)))
        }
    }

    private static func error(_ kind: ErrorKind, _ code: String, _ message: String) -> ExecutionError {
        ExecutionError(kind: kind, code: code, message: message)
    }
}
