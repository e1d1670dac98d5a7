import SluiceRPC

/// Sluice's client: registers tasks and workflows, starts executions, and follows them, through
/// the admin service. Usable from many tasks at once.
///
/// Every call throws ``ServiceError`` when the service refuses it or cannot be reached (its
/// `code` says which), or `CancellationError` when the calling task is cancelled.
public final class SluiceClient: Sendable {
    public let admin: AdminClient
    /// How long a plain call waits for its reply. Long polls wait longer: their own wait plus this.
    public let timeout: Duration
    private let ownsAdmin: Bool

    /// A client over an admin connection the caller keeps (and closes).
    public init(admin: AdminClient, timeout: Duration = .seconds(10)) {
        self.admin = admin
        self.timeout = timeout
        self.ownsAdmin = false
    }

    /// A client over the connection's admin service.
    public convenience init(connection: SluiceConnection, timeout: Duration = .seconds(10)) {
        self.init(admin: connection.admin, timeout: timeout)
    }

    /// Dials the admin service at `endpoints.admin`; nothing waits for it until a call is made.
    public init(endpoints: SluiceEndpoints = SluiceEndpoints(), token: String? = nil, timeout: Duration = .seconds(10)) throws(ServiceError) {
        self.admin = try AdminClient(address: endpoints.admin, token: token ?? SluiceCredentials.token(for: .client, reaching: [endpoints.admin]), options: endpoints.clientOptions)
        self.timeout = timeout
        self.ownsAdmin = true
    }

    /// Closes the admin connection if this client opened it.
    public func close() async {
        if ownsAdmin { await admin.close() }
    }

    // MARK: Registration

    /// Registers a task. Registering the same content again is no change (`created` false);
    /// other content under a registered name and version is a CONFLICT.
    public func register(task: TaskSpec) async throws -> Registration {
        let reply = try await admin.call(.registerTask(RegisterTaskRequest(task: task)), timeout: timeout) {
            if case .registerTask(let reply) = $0 { reply } else { nil }
        }
        return Registration(id: reply.id ?? task.id ?? Identifier(), created: reply.created, digest: reply.digest)
    }

    /// Registers a workflow after admin has validated and compiled it; an INVALID_ARGUMENT lists
    /// every problem, each naming its node and input.
    public func register(workflow: WorkflowSpec) async throws -> Registration {
        let reply = try await admin.call(.registerWorkflow(RegisterWorkflowRequest(workflow: workflow)), timeout: timeout) {
            if case .registerWorkflow(let reply) = $0 { reply } else { nil }
        }
        return Registration(id: reply.id ?? workflow.id ?? Identifier(), created: reply.created, digest: reply.digest)
    }

    /// A registered task; an empty version means the latest.
    public func task(_ id: Identifier) async throws -> TaskSpec {
        let reply = try await admin.call(.getTask(GetTaskRequest(id: id)), timeout: timeout) {
            if case .getTask(let reply) = $0 { reply } else { nil }
        }
        guard let task = reply.task else { throw ServiceError(.malformedMessage, "admin answered without the task \(id.name)") }
        return task
    }

    /// A registered workflow as compiled, with everything it runs pinned; an empty version means
    /// the latest.
    public func workflow(_ id: Identifier) async throws -> CompiledWorkflow {
        let reply = try await admin.call(.getWorkflow(GetWorkflowRequest(id: id)), timeout: timeout) {
            if case .getWorkflow(let reply) = $0 { reply } else { nil }
        }
        guard let workflow = reply.workflow else { throw ServiceError(.malformedMessage, "admin answered without the workflow \(id.name)") }
        return workflow
    }

    /// Registered tasks (every version), or the versions of one task.
    public func tasks(named name: String = "", limit: Int = 100) async throws -> [TaskSpec] {
        try await pages(limit: limit) { token, pageLimit in
            let reply = try await self.admin.call(
                .listTasks(ListTasksRequest(name: name, limit: pageLimit, pageToken: token)), timeout: self.timeout
            ) { if case .listTasks(let reply) = $0 { reply } else { nil } }
            return (reply.tasks, reply.nextPageToken)
        }
    }

    /// Registered workflows (every version), or the versions of one workflow.
    public func workflows(named name: String = "", limit: Int = 100) async throws -> [WorkflowSummary] {
        try await pages(limit: limit) { token, pageLimit in
            let reply = try await self.admin.call(
                .listWorkflows(ListWorkflowsRequest(name: name, limit: pageLimit, pageToken: token)), timeout: self.timeout
            ) { if case .listWorkflows(let reply) = $0 { reply } else { nil } }
            return (reply.workflows, reply.nextPageToken)
        }
    }

    /// Follows page tokens until `limit` items are in or the pages end.
    func pages<Item>(
        limit: Int, _ fetch: (_ token: String, _ limit: UInt32) async throws -> ([Item], String)
    ) async throws -> [Item] {
        var items: [Item] = []
        var token = ""
        repeat {
            let (page, next) = try await fetch(token, UInt32(clamping: limit - items.count))
            items += page
            // A service that returns an empty page with a token would loop forever.
            if page.isEmpty { break }
            token = next
        } while !token.isEmpty && items.count < limit
        return Array(items.prefix(limit))
    }
}

/// What registering a task or workflow did.
public struct Registration: Sendable, Hashable {
    /// The identifier registered, with its version.
    public var id: Identifier
    /// False when identical content was already registered under this version.
    public var created: Bool
    /// The content hash ("sha256:...").
    public var digest: String

    public init(id: Identifier, created: Bool, digest: String) {
        self.id = id
        self.created = created
        self.digest = digest
    }
}
