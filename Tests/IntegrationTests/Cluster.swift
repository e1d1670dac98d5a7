import Foundation
import SluiceRPC
import SluiceTestSupport
import SluiceWire
import Testing

/// A whole Sluice deployment as real processes on free ports: admin and catalog (with their
/// SQLite databases in a temporary directory, or databases of their own on the tests'
/// PostgreSQL server), scheduler and executors. Services can be killed and restarted on the
/// same addresses.
actor Cluster {
    let directory: URL
    /// Admin's and the catalog's `--database`: SQLite files or postgres:// URLs.
    let adminDatabase: String
    let catalogDatabase: String
    private(set) var admin: ServiceProcess
    private(set) var scheduler: ServiceProcess
    private(set) var catalog: ServiceProcess
    private(set) var executors: [ServiceProcess] = []
    private(set) var extraAdmins: [ServiceProcess] = []
    let adminAddress: String
    let schedulerAddress: String
    let catalogAddress: String
    let slots: Int

    static func start(executors count: Int = 1, slots: Int = 4, store: StoreKind = .sqlite) async throws -> Cluster {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-cluster-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let adminDatabase: String
        let catalogDatabase: String
        switch store {
        case .sqlite:
            adminDatabase = directory.appendingPathComponent("admin.sqlite").path
            catalogDatabase = directory.appendingPathComponent("catalog.sqlite").path
        case .postgres:
            adminDatabase = try await PostgresTestServer.freshDatabase()
            catalogDatabase = try await PostgresTestServer.freshDatabase()
        }
        let admin = try await ServiceProcess("admin", arguments: ["--database", adminDatabase])
        let catalog = try await ServiceProcess("catalog", arguments: ["--database", catalogDatabase])
        let scheduler = try await ServiceProcess("scheduler", arguments: ["--admin", admin.address, "--catalog", catalog.address])
        let cluster = Cluster(
            directory: directory, adminDatabase: adminDatabase, catalogDatabase: catalogDatabase, admin: admin, scheduler: scheduler,
            catalog: catalog, slots: slots)
        for _ in 0..<count { try await cluster.addExecutor() }
        return cluster
    }

    private init(
        directory: URL, adminDatabase: String, catalogDatabase: String, admin: ServiceProcess, scheduler: ServiceProcess,
        catalog: ServiceProcess, slots: Int
    ) {
        self.directory = directory
        self.adminDatabase = adminDatabase
        self.catalogDatabase = catalogDatabase
        self.admin = admin
        self.scheduler = scheduler
        self.catalog = catalog
        self.catalogAddress = catalog.address
        self.adminAddress = admin.address
        self.schedulerAddress = scheduler.address
        self.slots = slots
    }

    @discardableResult
    func addExecutor(slots: Int? = nil) async throws -> ServiceProcess {
        let executor = try await ServiceProcess(
            "executor", listen: nil,
            arguments: ["--scheduler", schedulerAddress, "--slots", "\(slots ?? self.slots)",
                        "--work-dir", directory.appendingPathComponent("work").path],
            readyMarker: " polling ")
        executors.append(executor)
        return executor
    }

    func killScheduler() async { await scheduler.stop() }

    /// Restarts the scheduler on its address: killed (kill -9), or stopped with SIGTERM when
    /// `gracefully`.
    func restartScheduler(gracefully: Bool = false) async throws {
        if gracefully {
            scheduler.signal(SIGTERM)
            _ = await scheduler.waitForExit(within: .seconds(10))
        }
        await scheduler.stop()
        scheduler = try await ServiceProcess("scheduler", listen: schedulerAddress, arguments: ["--admin", adminAddress, "--catalog", catalogAddress])
    }

    func killCatalog() async { await catalog.stop() }

    func restartCatalog() async throws {
        await catalog.stop()
        catalog = try await ServiceProcess(
            "catalog", listen: catalogAddress,
            arguments: ["--database", catalogDatabase])
    }

    func restartAdmin() async throws {
        await admin.stop()
        admin = try await ServiceProcess(
            "admin", listen: adminAddress,
            arguments: ["--database", adminDatabase])
    }

    /// Another admin over the same database, on an address of its own: a deployment of several
    /// admins over one PostgreSQL database.
    func addAdmin() async throws -> ServiceProcess {
        let another = try await ServiceProcess("admin", arguments: ["--database", adminDatabase])
        extraAdmins.append(another)
        return another
    }

    func killExecutor(_ index: Int) async { await executors[index].stop() }

    func logs() -> String {
        ([admin, catalog, scheduler] + extraAdmins + executors).map { "--- \($0.name)\n\($0.log.suffix(3000))" }.joined(separator: "\n")
    }

    func stop() async {
        for executor in executors { await executor.stop() }
        await scheduler.stop()
        await catalog.stop()
        for another in extraAdmins { await another.stop() }
        await admin.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Starts a cluster, registers the specs, runs the body with an admin client, and stops the
    /// cluster; a failure is recorded with the services' logs attached.
    static func with(
        tasks: [TaskSpec], workflows: [WorkflowSpec], executors: Int = 1, slots: Int = 4, store: StoreKind = .sqlite,
        _ body: (Cluster, AdminClient) async throws -> Void
    ) async throws {
        let cluster = try await Cluster.start(executors: executors, slots: slots, store: store)
        let client = try AdminClient(address: cluster.adminAddress, token: TestPrincipals.adminToken)
        do {
            try await client.register(tasks: tasks, workflows: workflows)
            try await body(cluster, client)
        } catch {
            Issue.record("\(error)\n\(await cluster.logs())")
        }
        await client.close()
        await cluster.stop()
    }
}
