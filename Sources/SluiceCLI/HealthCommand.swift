import ArgumentParser
import Foundation
import SluiceRPC
import SluiceWire

/// `sluice health`: asks each service for its health and version.
struct HealthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health",
        abstract: "Show whether the admin, scheduler and catalog services answer, and their versions.")

    @OptionGroup var connection: ConnectionOptions

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
        let timeout = connection.timeoutDuration
        async let admin = Self.ask(AdminClient.self, "admin", connection.adminAddress, timeout)
        async let scheduler = Self.ask(SchedulerClient.self, "scheduler", connection.schedulerAddress, timeout)
        async let catalog = Self.ask(CatalogClient.self, "catalog", connection.catalogAddress, timeout)
        let rows = await [admin, scheduler, catalog]
        switch output {
        case .json:
            try printJSON(rows)
        case .text:
            print(Table(
                header: ["SERVICE", "ADDRESS", "STATUS", "VERSION", "DETAIL"],
                rows: rows.map { row in
                    [row.service, row.address, row.status, row.version ?? "-",
                     row.error ?? "protocol \(row.protocolVersion ?? 0), instance \(row.instanceID ?? "-")"]
                }
            ).rendered)
        }
        if rows.contains(where: { $0.error != nil }) { throw ExitCode(1) }
    }

    private static func ask<Request, Response>(
        _ client: RPCClient<Request, Response>.Type, _ service: String, _ address: String, _ timeout: Duration
    ) async -> Row {
        let client: RPCClient<Request, Response>
        do {
            client = try RPCClient<Request, Response>(address: address)
        } catch {
            return Row(service: service, address: address, status: "UNREACHABLE", error: "\(error)")
        }
        let row: Row
        do {
            let health = try await client.health(timeout: timeout)
            row = Row(
                service: service, address: address, status: health.status.name, version: health.version,
                protocolVersion: health.protocolVersion, instanceID: health.instanceID, startedAt: health.startedAt?.date)
        } catch {
            row = Row(service: service, address: address, status: "UNREACHABLE", error: "\(error)")
        }
        await client.close()
        return row
    }
}
