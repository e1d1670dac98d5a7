import ArgumentParser
import Foundation
import SluiceKit

/// `sluice down`: stops what `sluice up --detach` started.
struct DownCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "down",
        abstract: "Stop the services `sluice up --detach` started, last started first.")

    @Option(help: "The data directory `sluice up` was given.")
    var dataDir: String = ".sluice"

    func run() async throws {
        try await reportingFailures {
            let data = URL(fileURLWithPath: dataDir).standardizedFileURL
            guard let recorded = try PidFile.read(dataDirectory: data) else {
                print("nothing to stop: no \(PidFile.url(dataDirectory: data).path)")
                return
            }
            // Only processes that still run the recorded service: a pid may have been reused.
            let running = recorded.services.compactMap { service -> LocalDeployment.Running? in
                guard ProcessSpawner.runs(service.pid, executableNamed: "sluice-\(service.name)") else {
                    print("\(service.name) (pid \(service.pid)) is not running")
                    return nil
                }
                return LocalDeployment.Running(name: service.name, pid: service.pid, address: service.address, log: ServiceLog(path: service.log))
            }
            await LocalDeployment.stop(running) { service, graceful in
                print("\(service.name) (pid \(service.pid)) \(graceful ? "stopped" : "killed after 10s")")
            }
            PidFile.remove(dataDirectory: data)
        }
    }
}
