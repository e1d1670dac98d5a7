import ArgumentParser
import Foundation
import SluiceKit

/// `sluice compose up`: starts (or updates) the compose deployment and waits until admin, the
/// scheduler and the catalog answer on their published addresses.
struct ComposeUpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Start the services in containers and wait until they answer.")

    @OptionGroup var compose: ComposeOptions

    @Flag(help: "Admin and the catalog on PostgreSQL: adds compose.postgres.yaml, which runs the server too.")
    var postgres = false

    @Option(help: "How many executor containers to run.")
    var executors: Int = 1

    @Flag(help: "Build the images from source first (needs the Swift image); otherwise compose builds only missing ones.")
    var build = false

    @Option(help: "Seconds to wait for the services to answer.")
    var startTimeout: Double = 180

    @OptionGroup var addresses: ListenOptions
    @OptionGroup var format: OutputOptions

    func validate() throws {
        guard executors >= 0 else { throw ValidationError("--executors must not be negative") }
        guard startTimeout > 0 else { throw ValidationError("--start-timeout must be positive") }
    }

    func run() async throws {
        try await reportingFailures {
            let project = try compose.deployment(postgres: postgres)
            let endpoints = addresses.endpoints
            // The compose files publish each port on loopback; the CLI's addresses say which.
            let ports = [
                "SLUICE_ADMIN_PORT": try Self.loopbackPort(endpoints.admin, "admin"),
                "SLUICE_SCHEDULER_PORT": try Self.loopbackPort(endpoints.scheduler, "scheduler"),
                "SLUICE_CATALOG_PORT": try Self.loopbackPort(endpoints.catalog, "catalog"),
            ]
            // Tokens for the containers and for this CLI, made once, in the same place `sluice up`
            // keeps them.
            try LocalCredentials(dataDirectory: URL(fileURLWithPath: SluiceCredentials.localDataDirectory())).ensure()
            try await project.run(
                ["up", "--detach", "--scale", "executor=\(executors)"] + (build ? ["--build"] : []),
                environment: ports)

            let rows = try await waitForHealth(endpoints)
            if format.json {
                printJSON(.array(rows.map { row in
                    .object([("service", .string(row.service)), ("address", .string(row.address)), ("version", .string(row.version))])
                }))
            } else {
                for row in rows { print("\(row.service.padding(toLength: 10, withPad: " ", startingAt: 0))  \(row.address)  (\(row.version))") }
                print("Sluice is up in compose project \(project.name). Stop it with: sluice compose down\(project.name == "sluice" ? "" : " --project \(project.name)")")
            }
        }
    }

    /// Until every service answers, or the timeout, which fails naming those that did not.
    private func waitForHealth(_ endpoints: SluiceEndpoints) async throws -> [(service: String, address: String, version: String)] {
        let connection = try SluiceConnection(endpoints: endpoints)
        defer { Task { await connection.close() } }
        let deadline = ContinuousClock.now + .milliseconds(Int64(startTimeout * 1000))
        while true {
            let answers = await connection.health(timeout: .seconds(2))
            let failing = answers.filter { if case .failure = $0.result { true } else { false } }
            if failing.isEmpty {
                return answers.map { answer in
                    (answer.service, answer.address, (try? answer.result.get().version) ?? "")
                }
            }
            guard ContinuousClock.now < deadline else {
                let names = failing.map { "\($0.service) at \($0.address)" }.joined(separator: ", ")
                throw CLIError("\(names) did not answer within \(Int(startTimeout)) s; see `sluice compose status` and the containers' logs")
            }
            try await Task.sleep(for: .milliseconds(500))
        }
    }

    /// The port of a tcp://127.0.0.1:PORT (or localhost) address; compose publishes nowhere else.
    static func loopbackPort(_ address: String, _ service: String) throws -> String {
        let prefixes = ["tcp://127.0.0.1:", "tcp://localhost:"]
        guard let prefix = prefixes.first(where: address.hasPrefix),
              let port = UInt16(address.dropFirst(prefix.count)), port > 0 else {
            throw CLIError("compose publishes \(service) on loopback, so its address must be tcp://127.0.0.1:PORT, not \(address)")
        }
        return String(port)
    }
}
