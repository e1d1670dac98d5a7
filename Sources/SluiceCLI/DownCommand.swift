import ArgumentParser
import Foundation
import SluiceKit

/// `sluice down`: stops what `sluice up --detach` started.
struct DownCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "down",
        abstract: "Stop the services `sluice up --detach` started, last started first.")

    @Option(name: .customLong("data-dir"), help: "The data directory `sluice up` was given (default: $SLUICE_DATA_DIR, else .sluice).")
    var dataDirOption: String?

    var dataDir: String { dataDirOption ?? SluiceCredentials.localDataDirectory() }

    @OptionGroup var format: OutputOptions

    func run() async throws {
        try await reportingFailures {
            let data = URL(fileURLWithPath: dataDir).standardizedFileURL
            guard let recorded = try PidFile.read(dataDirectory: data) else {
                if format.json { printJSON(.array([])) } else { print("nothing to stop: no \(PidFile.url(dataDirectory: data).path)") }
                return
            }
            var outcomes: [JSONValue] = []
            func report(_ name: String, _ pid: Int32, _ outcome: String) {
                if format.json {
                    outcomes.append(.object([("service", .string(name)), ("pid", .integer(Int64(pid))), ("outcome", .string(outcome))]))
                } else {
                    print("\(name) (pid \(pid)) \(outcome)")
                }
            }
            // Only processes that still run the recorded service: a pid may have been reused.
            var running: [LocalDeployment.Running] = []
            for service in recorded.services.reversed() {
                guard ProcessSpawner.runs(service.pid, executableNamed: "sluice-\(service.name)") else {
                    report(service.name, service.pid, "was not running")
                    continue
                }
                running.insert(LocalDeployment.Running(name: service.name, pid: service.pid, address: service.address, log: ServiceLog(path: service.log)), at: 0)
            }
            await LocalDeployment.stop(running) { service, graceful in
                report(service.name, service.pid, graceful ? "stopped" : "killed after 10s")
            }
            PidFile.remove(dataDirectory: data)
            if format.json { printJSON(.array(outcomes)) }
        }
    }
}
