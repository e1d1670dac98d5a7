import ArgumentParser
import Foundation
import SluiceKit

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
        let deployment: SluiceConnection
        do {
            deployment = try SluiceConnection(endpoints: connection.endpoints)
        } catch {
            throw ValidationError(error.message)
        }
        let rows = await deployment.health(timeout: connection.timeoutDuration).map { answer in
            switch answer.result {
            case .success(let health):
                Row(service: answer.service, address: answer.address, status: health.status.name,
                    version: health.version, protocolVersion: health.protocolVersion,
                    instanceID: health.instanceID, startedAt: health.startedAt?.date)
            case .failure(let error):
                Row(service: answer.service, address: answer.address, status: "UNREACHABLE", error: error.message)
            }
        }
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
}
