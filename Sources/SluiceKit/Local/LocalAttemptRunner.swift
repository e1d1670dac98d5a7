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
            case .dynamic:
                throw LocalRunError("task \(name) is a dynamic task, which the in-process runner does not run")
            case nil:
                throw LocalRunError("task \(name) has no kind")
            }
        }
        for sub in workflow.subWorkflows { try checkRunnable(sub) }
    }

    /// The attempt's outputs, or why it failed.
    func run(_ assignment: AttemptAssignment) async -> LocalAttemptOutcome {
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
            case .dynamic, nil:
                return .failed(Self.error(.user, "Unsupported", "the in-process runner runs Swift and shell tasks only"))
            }
        } catch let failure as TaskFailure {
            var error = Self.error(failure.kind, failure.code, failure.message)
            error.stderrTail = failure.stderrTail
            return .failed(error)
        } catch {
            return .failed(Self.error(.user, "Thrown", String(describing: error)))
        }
    }

    private static func error(_ kind: ErrorKind, _ code: String, _ message: String) -> ExecutionError {
        ExecutionError(kind: kind, code: code, message: message)
    }
}
