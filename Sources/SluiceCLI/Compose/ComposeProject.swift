import Foundation
import Subprocess
import SluiceKit

/// A compose deployment of Sluice: the compose files of a checkout's compose/ directory, run
/// under one project name by whichever compose the machine has.
struct ComposeProject {
    /// The folder that holds compose.yaml (and compose.postgres.yaml).
    let directory: URL
    let name: String
    /// With compose.postgres.yaml on top: admin and the catalog on PostgreSQL.
    let postgres: Bool

    /// The folder named, else $SLUICE_COMPOSE_DIR, else ./compose; refused unless it holds compose.yaml.
    static func directory(_ given: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> URL {
        let path = given ?? environment["SLUICE_COMPOSE_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "compose"
        let folder = URL(fileURLWithPath: path).standardizedFileURL
        guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("compose.yaml").path) else {
            throw CLIError("no compose.yaml in \(folder.path); run from a Sluice checkout, or name its compose folder with --directory or SLUICE_COMPOSE_DIR")
        }
        return folder
    }

    var files: [String] {
        ["compose.yaml"] + (postgres ? ["compose.postgres.yaml"] : [])
    }

    /// Runs `compose -p NAME -f ... ARGUMENTS` with the terminal as its output, and fails naming
    /// the command when it fails. `environment` adds variables the compose files read.
    func run(_ arguments: [String], environment: [String: String] = [:]) async throws {
        // services/Dockerfile needs BuildKit, which docker-compose v1 and Docker before 23 use
        // only when asked.
        // The deployment's tokens (see LocalCredentials), which `sluice compose up` makes.
        let credentials = LocalCredentials(dataDirectory: URL(fileURLWithPath: SluiceCredentials.localDataDirectory()))
        let environment = ["DOCKER_BUILDKIT": "1", "COMPOSE_DOCKER_CLI_BUILD": "1"]
            .merging(credentials.composeEnvironment) { $1 }.merging(environment) { $1 }
        let program = try await ComposeProgram.find()
        var full = program.leading + ["--project-name", name]
        for file in files {
            let path = directory.appendingPathComponent(file).path
            guard FileManager.default.fileExists(atPath: path) else { throw CLIError("\(path) is missing") }
            full += ["--file", path]
        }
        full += arguments
        var variables: [Environment.Key: String?] = [:]
        for (key, value) in environment { if let key = Environment.Key(rawValue: key) { variables[key] = value } }
        let result = try await Subprocess.run(
            .path(.init(program.executable)), arguments: .init(full),
            environment: .inherit.updating(variables),
            output: .currentStandardOutput, error: .currentStandardError)
        guard result.terminationStatus.isSuccess else {
            throw CLIError("\(([program.executable] + full).joined(separator: " ")) failed (\(result.terminationStatus))")
        }
    }
}

/// The compose program: $SLUICE_COMPOSE (a command line such as "docker compose"), else Docker's
/// compose plugin when the docker CLI has it, else the standalone docker-compose.
struct ComposeProgram {
    let executable: String
    let leading: [String]

    static func find(environment: [String: String] = ProcessInfo.processInfo.environment) async throws -> ComposeProgram {
        let words = (environment["SLUICE_COMPOSE"] ?? "").split(separator: " ").map(String.init)
        if let program = words.first {
            guard let path = onPath(program, environment) else {
                throw CLIError("SLUICE_COMPOSE names \(program), which is not on PATH")
            }
            return ComposeProgram(executable: path, leading: Array(words.dropFirst()))
        }
        if let docker = onPath("docker", environment), await answers(docker, ["compose", "version"]) {
            return ComposeProgram(executable: docker, leading: ["compose"])
        }
        if let standalone = onPath("docker-compose", environment) {
            return ComposeProgram(executable: standalone, leading: [])
        }
        throw CLIError("neither `docker compose` nor docker-compose is installed; install Docker's compose plugin (or Debian's docker-compose), or set SLUICE_COMPOSE")
    }

    private static func onPath(_ name: String, _ environment: [String: String]) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        let folders = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        return folders.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    private static func answers(_ executable: String, _ arguments: [String]) async -> Bool {
        let result = try? await Subprocess.run(
            .path(.init(executable)), arguments: .init(arguments), output: .discarded, error: .discarded)
        return result?.terminationStatus.isSuccess ?? false
    }
}
