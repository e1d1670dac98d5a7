import SluiceCore
import SluiceLogging
import SluiceRPC
import SluiceWire

extension AdminService {
    /// Validates and registers a task. The same content under the same id and version again is
    /// a no-op; different content is a CONFLICT naming the fields that differ. A task without a
    /// version gets one from its content (``ContentVersion``).
    func registerTask(_ request: RegisterTaskRequest, context: RPCCallContext) async throws -> RegisterTaskResponse {
        guard var task = request.task else {
            throw ServiceError.invalidArgument("register_task carries no task")
        }
        if let id = task.id, !id.name.isEmpty, id.version.isEmpty {
            let version = try ContentVersion.of(task)
            task.id?.version = version
        }
        let id = task.id ?? Identifier()
        var problems = identityProblems(task.id, of: "task")
        for problem in rules.taskProblems(task) where !problems.contains(problem) {
            problems.append(problem)
        }
        guard problems.isEmpty else {
            throw ServiceError.invalidArgument(
                "task \(identifierText(id)) is not valid: " + problems.joined(separator: "; "),
                details: problems.map { ErrorDetail(message: $0) })
        }
        let digest = rules.digest(try task.serializedBytes())
        switch try await store.registerTask(task, digest: digest, at: .now()) {
        case .created:
            context.logger.info("task registered", metadata: [LogKey.task: "\(identifierText(id))"])
            return RegisterTaskResponse(id: id, created: true, digest: digest)
        case .unchanged:
            return RegisterTaskResponse(id: id, created: false, digest: digest)
        case .conflict(let existing, _):
            throw ServiceError.conflict(
                "task \(identifierText(id)) is already registered with different content; it differs in "
                    + SpecDifferences.between(existing, task).joined(separator: ", ")
                    + ". Registered versions never change: register it under a new version")
        }
    }

    func getTask(_ request: GetTaskRequest) async throws -> GetTaskResponse {
        let id = request.id ?? Identifier()
        guard !id.name.isEmpty else { throw ServiceError.invalidArgument("get_task names no task (id.name)") }
        guard let registered = try await store.task(id) else {
            throw ServiceError.notFound("task \(identifierText(id)) is not registered")
        }
        return GetTaskResponse(task: registered.spec, registeredAt: registered.registeredAt)
    }

    func listTasks(_ request: ListTasksRequest) async throws -> ListTasksResponse {
        let page = try await store.tasks(
            named: request.name, pageToken: request.pageToken, limit: limits.listing(request.limit))
        return ListTasksResponse(tasks: page.items.map(\.spec), nextPageToken: page.nextPageToken)
    }
}
