import BenchSupport
import Foundation

/// The services of a chaos run, each a process of its own on the address it first bound, so
/// that one killed is restarted where the others look for it: admin and the catalog on SQLite files that
/// outlive them, the scheduler, and two Swift executors.
actor ChaosDeployment {
    enum Target: String, CaseIterable, Sendable {
        case admin, scheduler, catalog, executor
    }

    let bin: String
    let directory: URL
    nonisolated let adminAddress: String
    nonisolated let schedulerAddress: String
    nonisolated let catalogAddress: String
    private var admin: BenchService
    private var catalog: BenchService
    private var scheduler: BenchService
    private var executors: [BenchService]

    static func start(bin: String, directory: URL) async throws -> ChaosDeployment {
        let admin = try await launch(bin, directory, "admin", listen: "tcp://127.0.0.1:0")
        let catalog = try await launch(bin, directory, "catalog", listen: "tcp://127.0.0.1:0")
        let scheduler = try await launch(
            bin, directory, "scheduler", listen: "tcp://127.0.0.1:0", ["--admin", admin.address, "--catalog", catalog.address])
        var executors: [BenchService] = []
        for index in 0..<2 { executors.append(try await launchExecutor(bin, directory, index, scheduler: scheduler.address)) }
        return ChaosDeployment(bin: bin, directory: directory, admin: admin, catalog: catalog, scheduler: scheduler, executors: executors)
    }

    private init(bin: String, directory: URL, admin: BenchService, catalog: BenchService, scheduler: BenchService, executors: [BenchService]) {
        self.bin = bin
        self.directory = directory
        self.admin = admin
        self.catalog = catalog
        self.scheduler = scheduler
        self.executors = executors
        self.adminAddress = admin.address
        self.catalogAddress = catalog.address
        self.schedulerAddress = scheduler.address
    }

    /// kill -9 of the target (one of the executors, picked by `choosing`), then, after
    /// `restartAfter`, the same service again on the same address.
    func kill(_ target: Target, choosing: Int, restartAfter pause: Duration) async throws {
        switch target {
        case .admin:
            await admin.stopAndWait()
            try await Task.sleep(for: pause)
            admin = try await Self.launch(bin, directory, "admin", listen: adminAddress)
        case .catalog:
            await catalog.stopAndWait()
            try await Task.sleep(for: pause)
            catalog = try await Self.launch(bin, directory, "catalog", listen: catalogAddress)
        case .scheduler:
            await scheduler.stopAndWait()
            try await Task.sleep(for: pause)
            scheduler = try await Self.launch(
                bin, directory, "scheduler", listen: schedulerAddress, ["--admin", adminAddress, "--catalog", catalogAddress])
        case .executor:
            let index = choosing % executors.count
            await executors[index].stopAndWait()
            try await Task.sleep(for: pause)
            executors[index] = try await Self.launchExecutor(bin, directory, index, scheduler: schedulerAddress)
        }
    }

    func stop() {
        for service in executors + [scheduler, catalog, admin] { service.stop() }
    }

    private static func launch(
        _ bin: String, _ directory: URL, _ name: String, listen: String, _ more: [String] = []
    ) async throws -> BenchService {
        var arguments = ["--listen", listen, "--log-level", "notice"] + more
        if name == "admin" || name == "catalog" { arguments += ["--database", directory.appendingPathComponent("\(name).sqlite").path] }
        return try await BenchService.start("\(bin)/sluice-\(name)", arguments, log: log(directory, name))
    }

    private static func launchExecutor(_ bin: String, _ directory: URL, _ index: Int, scheduler: String) async throws -> BenchService {
        try await BenchService.start(
            "\(bin)/sluice-bench", ["executor", "--scheduler", scheduler, "--slots", "4"], marker: "polling",
            log: log(directory, "executor-\(index)"))
    }

    /// Each start appends to the service's log, so that a failure's log shows every life.
    private static func log(_ directory: URL, _ name: String) -> URL {
        directory.appendingPathComponent("\(name)-\(UUID().uuidString.prefix(8)).log")
    }
}
