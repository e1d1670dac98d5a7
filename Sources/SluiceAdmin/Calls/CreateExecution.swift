import SluiceCore
import SluiceRPC
import SluiceLogging
import SluiceWire

extension AdminService {
    /// Creates a QUEUED execution of a registered workflow (the latest version when none is
    /// named) with its inputs checked and defaults filled in, and hands it to the scheduler
    /// through the work feed.
    func createExecution(_ request: CreateExecutionRequest, context: RPCCallContext) async throws -> CreateExecutionResponse {
        guard var spec = request.spec else {
            throw ServiceError.invalidArgument("create_execution carries no spec")
        }
        let asked = spec.workflow ?? Identifier()
        guard !asked.name.isEmpty else {
            throw ServiceError.invalidArgument(
                "create_execution names no workflow (spec.workflow.name)",
                details: [ErrorDetail(message: "a workflow name is required", field: "spec.workflow.name")])
        }
        guard let workflow = try await store.workflow(asked) else {
            throw ServiceError.notFound("workflow \(identifierText(asked)) is not registered")
        }
        // Zero is no timeout, as when it is absent.
        if let timeout = spec.timeout, timeout != .zero, let problem = DurationLimits.problem(timeout) {
            throw ServiceError.invalidArgument(
                "create_execution: spec.timeout \(problem)",
                details: [ErrorDetail(message: problem, field: "spec.timeout")])
        }
        let pinned = Identifier(name: asked.name, version: workflow.submitted.id?.version ?? asked.version)
        do {
            spec.inputs = try rules.bindInputs(workflow.compiled.spec?.interface ?? TypedInterface(), spec.inputs)
        } catch let error as InputBindingError {
            throw ServiceError.invalidArgument(
                "the inputs do not fit workflow \(identifierText(pinned)): \(error)",
                details: error.problems.map {
                    ErrorDetail(message: $0.message, input: $0.input, field: "spec.inputs.\($0.input)")
                })
        }
        spec.workflow = pinned
        let execution = Execution(
            id: newExecutionID(), spec: spec, phase: .queued, createdAt: .now(), createdBy: context.principal.name)
        try await store.createExecution(execution, workflowDigest: workflow.compiled.digest)
        feedWakeUps.changed(.feed)
        context.logger.info("execution created", metadata: [
            LogKey.executionID: "\(execution.id)", LogKey.workflow: "\(identifierText(pinned))",
        ])
        return CreateExecutionResponse(execution: execution)
    }
}
