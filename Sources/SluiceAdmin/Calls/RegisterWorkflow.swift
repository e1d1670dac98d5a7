import SluiceCore
import SluiceLogging
import SluiceRPC
import SluiceWire

extension AdminService {
    /// Compiles a workflow against the registered tasks and workflows and registers it. Every
    /// compilation problem is reported at once, in the message and as one detail each. The same
    /// content under the same id and version again is a no-op; different content is a CONFLICT
    /// naming the fields that differ. A workflow without a version gets one from its content
    /// (``ContentVersion``).
    func registerWorkflow(_ request: RegisterWorkflowRequest, context: RPCCallContext) async throws -> RegisterWorkflowResponse {
        guard var spec = request.workflow else {
            throw ServiceError.invalidArgument("register_workflow carries no workflow")
        }
        if let id = spec.id, !id.name.isEmpty, id.version.isEmpty {
            let version = try ContentVersion.of(spec)
            spec.id?.version = version
        }
        let id = spec.id ?? Identifier()
        let problems = identityProblems(spec.id, of: "workflow")
        guard problems.isEmpty else {
            throw ServiceError.invalidArgument(
                "workflow \(identifierText(id)) is not valid: " + problems.joined(separator: "; "),
                details: problems.map { ErrorDetail(message: $0, field: "workflow.id") })
        }
        let digest = rules.digest(try spec.serializedBytes())
        // Settled before compiling: a workflow already registered is not compiled again.
        if let existing = try await store.workflow(id) {
            return try registration(of: id, digest: digest, spec, outcome: existing.digest == digest
                ? .unchanged : .conflict(existing: existing.submitted, digest: existing.digest))
        }
        var compiled = try await compile(spec)
        compiled.digest = digest
        let outcome = try await store.registerWorkflow(compiled, submitted: spec, digest: digest, at: .now())
        if case .created = outcome {
            context.logger.info("workflow registered", metadata: [LogKey.workflow: "\(identifierText(id))"])
        }
        return try registration(of: id, digest: digest, spec, outcome: outcome)
    }

    func getWorkflow(_ request: GetWorkflowRequest) async throws -> GetWorkflowResponse {
        let id = request.id ?? Identifier()
        guard !id.name.isEmpty else { throw ServiceError.invalidArgument("get_workflow names no workflow (id.name)") }
        guard let registered = try await store.workflow(id) else {
            throw ServiceError.notFound("workflow \(identifierText(id)) is not registered")
        }
        return GetWorkflowResponse(workflow: registered.compiled, registeredAt: registered.registeredAt)
    }

    func listWorkflows(_ request: ListWorkflowsRequest) async throws -> ListWorkflowsResponse {
        let page = try await store.workflows(
            named: request.name, pageToken: request.pageToken, limit: limits.listing(request.limit))
        return ListWorkflowsResponse(
            workflows: page.items.map { workflow in
                WorkflowSummary(
                    id: workflow.submitted.id, description: workflow.submitted.description,
                    registeredAt: workflow.registeredAt, digest: workflow.digest)
            },
            nextPageToken: page.nextPageToken)
    }

    private func compile(_ spec: WorkflowSpec) async throws -> CompiledWorkflow {
        let rules = self.rules
        do {
            return try await store.withRegistry { registry in try rules.compileWorkflow(spec, registry) }
        } catch let error as WorkflowCompilationError {
            throw ServiceError.invalidArgument(
                error.description,
                details: error.problems.map { ErrorDetail(message: $0.message, nodeID: $0.nodeID, input: $0.input) })
        }
    }

    private func registration(
        of id: Identifier, digest: String, _ spec: WorkflowSpec, outcome: RegistrationOutcome<WorkflowSpec>
    ) throws -> RegisterWorkflowResponse {
        switch outcome {
        case .created:
            return RegisterWorkflowResponse(id: id, created: true, digest: digest)
        case .unchanged:
            return RegisterWorkflowResponse(id: id, created: false, digest: digest)
        case .conflict(let existing, _):
            throw ServiceError.conflict(
                "workflow \(identifierText(id)) is already registered with different content; it differs in "
                    + SpecDifferences.between(existing, spec).joined(separator: ", ")
                    + ". Registered versions never change: register it under a new version")
        }
    }
}
