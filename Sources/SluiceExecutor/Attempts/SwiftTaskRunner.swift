import SluiceCore
import SluiceWire

/// Runs one Swift task attempt: the body registered under the task's name, its outputs checked
/// against the task's interface.
struct SwiftTaskRunner: Sendable {
    var registry: SwiftTaskRegistry

    func run(_ task: SwiftTask, interface: TypedInterface, inputs: [String: Literal]) async throws(TaskFailure) -> [String: Literal] {
        guard let body = registry.bodies[task.name] else {
            let known = registry.names.joined(separator: ", ")
            throw TaskFailure(
                kind: .system, code: "UnknownTask",
                message: "no Swift task named '\(task.name)' is registered in this executor (it has: \(known.isEmpty ? "none" : known))")
        }
        let outputs: [String: Literal]
        do {
            outputs = try await body(inputs)
        } catch let failure as TaskFailure {
            throw failure
        } catch {
            if Task.isCancelled, error is CancellationError {
                throw TaskFailure(kind: .system, code: "ExecutorStopped", message: "the attempt was stopped")
            }
            throw TaskFailure(kind: .user, code: "Thrown", message: String(describing: error))
        }
        do {
            return try interface.checkOutputs(outputs)
        } catch let error as InputBindingError {
            throw TaskFailure(
                kind: .user, code: "BadOutputs",
                message: error.problems.map { "output \($0.input): \($0.message)" }.joined(separator: "; "))
        } catch {
            throw TaskFailure(kind: .user, code: "BadOutputs", message: String(describing: error))
        }
    }
}
