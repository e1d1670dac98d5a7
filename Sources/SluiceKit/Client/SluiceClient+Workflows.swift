import SluiceRPC

// Workflows written in Swift, registered and run on the services with their own types.
extension SluiceClient {
    /// Registers a workflow written in Swift with everything it uses: its tasks, then its
    /// sub-workflows (callees first), then itself. What is already registered with the same
    /// content stays as it is; other content under a registered version is a CONFLICT.
    /// Returns the workflow's own registration.
    @discardableResult
    public func register(_ workflow: some WorkflowDefinition) async throws -> Registration {
        for task in workflow.allTasks {
            _ = try await register(task: try task.spec)
        }
        for subWorkflow in workflow.allSubWorkflows {
            _ = try await register(workflow: subWorkflow.spec)
        }
        return try await register(workflow: workflow.spec)
    }
}

extension Execution {
    /// Every output as one Swift value, usually the workflow's `Output` type. Throws a
    /// FAILED_PRECONDITION ``ServiceError`` when the execution has not succeeded (saying how it
    /// ended and why), and an INVALID_ARGUMENT one when the outputs do not decode as `T`.
    public func outputs<T: Decodable>(as type: T.Type) throws -> T {
        guard phase == .succeeded else {
            let reason = error.map { ": \($0.code): \($0.message)" + ($0.nodeID.isEmpty ? "" : " (node \($0.nodeID))") } ?? ""
            throw ServiceError.failedPrecondition("execution \(id) is \(phase.name)\(reason), so it has no outputs")
        }
        do {
            return try LiteralDecoder().decode(type, from: .map(outputs))
        } catch {
            throw ServiceError.invalidArgument("the outputs of execution \(id) are not a \(T.self): \(DecodingFailure.describe(error))")
        }
    }
}
