import Foundation
import SluiceAuth
import SluiceCore
import SluiceKit

/// The tokens of a `sluice up` (or `sluice compose up`) deployment, made on its first start and
/// kept in its data directory for the next: one for the person who started it (the admin role,
/// under their user name), one each for the scheduler and the executor (the service role), in
/// DATA/credentials for their owner alone; and the principals file the services check them
/// against, DATA/auth/principals.yaml, which holds only hashes and is readable by the
/// containers' user too. Commands find the person's token themselves (see ``SluiceCredentials``).
struct LocalCredentials {
    let dataDirectory: URL

    var authDirectory: URL { dataDirectory.appendingPathComponent("auth") }
    var principalsFile: URL { authDirectory.appendingPathComponent("principals.yaml") }
    var directory: URL { dataDirectory.appendingPathComponent("credentials") }

    func tokenFile(_ use: String) -> URL { directory.appendingPathComponent("\(use).token") }

    /// The principal the person's token names.
    static func personName(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let user = environment["USER"] ?? environment["LOGNAME"] ?? ""
        return PrincipalNames.problem(user) == nil ? user : "local-admin"
    }

    /// Makes the tokens and the principals file unless both are there.
    func ensure() throws {
        let uses = [("cli", Self.personName(), Role.admin), ("scheduler", "sluice-scheduler", .service),
                    ("executor", "sluice-executor", .service)]
        let manager = FileManager.default
        if manager.fileExists(atPath: principalsFile.path), uses.allSatisfy({ manager.fileExists(atPath: tokenFile($0.0).path) }) {
            return
        }
        try manager.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try manager.createDirectory(at: authDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        var file = PrincipalsFile()
        for (use, name, role) in uses {
            let token = Token.generate()
            guard manager.createFile(
                atPath: tokenFile(use).path, contents: Data((token + "\n").utf8), attributes: [.posixPermissions: 0o600])
            else {
                throw CLIError("cannot write \(tokenFile(use).path)")
            }
            file.entries.append(.init(name: name, roles: [role], tokenHashes: [Token.hash(token)]))
        }
        try file.write(to: principalsFile.path, permissions: 0o644)
    }

    /// What the compose files read: where the principals file's folder is, and the scheduler's
    /// and the executors' tokens. Empty when the tokens have not been made.
    var composeEnvironment: [String: String] {
        var environment = ["SLUICE_AUTH_DIR": authDirectory.standardizedFileURL.path]
        for (variable, use) in [("SLUICE_SCHEDULER_TOKEN", "scheduler"), ("SLUICE_EXECUTOR_TOKEN", "executor")] {
            guard let data = FileManager.default.contents(atPath: tokenFile(use).path) else { return [:] }
            environment[variable] = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return environment
    }
}
