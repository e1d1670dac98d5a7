import ArgumentParser
import Foundation
import SluiceExecutor
import SluiceKit

/// `sluice health`: asks each service for its health and version.
struct HealthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health",
        abstract: "Show whether the admin, scheduler and catalog services answer, and their versions.",
        discussion: """
            Exits 1 when one of them does not answer. --service asks only the services named; \
            `--service executor` asks the scheduler whether an executor on this host polls it, \
            which is how an executor's container checks its health.
            """)

    /// What `--service` can name.
    enum Target: String, ExpressibleByArgument, CaseIterable {
        case admin, scheduler, catalog, executor
    }

    @OptionGroup var connection: ConnectionOptions

    @Option(name: .customLong("service"), help: "Ask only this service (admin, scheduler, catalog or executor); repeat it for several. Default: admin, scheduler and catalog.")
    var services: [Target] = []

    @Option(help: "text or json.")
    var output: OutputFormat = .text

    struct Row: Codable, Sendable {
        var service: String
        var address: String
        var status: String
        var version: String?
        var protocolVersion: UInt32?
        var instanceID: String?
        var startedAt: Date?
        var error: String?
    }

    func run() async throws {
        let deployment: SluiceConnection
        do {
            deployment = try SluiceConnection(endpoints: connection.endpoints, token: connection.token)
        } catch {
            throw ValidationError(error.message)
        }
        let asked = services.isEmpty ? [.admin, .scheduler, .catalog] : Target.allCases.filter(services.contains)
        let servers = asked.compactMap { SluiceConnection.Server(rawValue: $0.rawValue) }
        var rows = await deployment.health(of: servers, timeout: connection.timeoutDuration).map { answer in
            switch answer.result {
            case .success(let health):
                Row(service: answer.service, address: answer.address, status: health.status.name,
                    version: health.version, protocolVersion: health.protocolVersion,
                    instanceID: health.instanceID, startedAt: health.startedAt?.date)
            case .failure(let error):
                Row(service: answer.service, address: answer.address, status: "UNREACHABLE", error: error.message)
            }
        }
        if asked.contains(.executor) { rows.append(await executorRow(deployment)) }
        await deployment.close()
        switch output {
        case .json:
            try printJSON(rows)
        case .text:
            print(TextTable(
                header: ["SERVICE", "ADDRESS", "STATUS", "VERSION", "DETAIL"],
                rows: rows.map { row in
                    [row.service, row.address, row.status, row.version ?? "-",
                     row.error ?? "protocol \(row.protocolVersion ?? 0), instance \(row.instanceID ?? "-")"]
                }
            ).rendered)
        }
        if rows.contains(where: { $0.error != nil }) { throw ExitCode(1) }
    }

    /// An executor has no server of its own: it is healthy while the scheduler it polls lists it.
    /// Executors are matched by host name, which is the container's in a container.
    private func executorRow(_ deployment: SluiceConnection) async -> Row {
        let hostname = ExecutorIdentity.hostname()
        let address = deployment.endpoints.scheduler
        do {
            let polling = try await deployment.executors(timeout: connection.timeoutDuration)
                .filter { $0.info?.hostname == hostname }
            guard let executor = polling.first?.info else {
                return Row(service: "executor", address: address, status: "NOT_POLLING",
                           error: "the scheduler at \(address) lists no executor on host \(hostname)")
            }
            let ids = polling.compactMap { $0.info?.executorID }.joined(separator: ", ")
            return Row(service: "executor", address: address, status: "SERVING", version: executor.version, instanceID: ids)
        } catch {
            return Row(service: "executor", address: address, status: "UNREACHABLE", error: oneLine(error))
        }
    }
}
