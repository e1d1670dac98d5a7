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

    /// Makes whichever of the three tokens is missing, and lists each in the principals file,
    /// keeping every other principal in it (those added with `sluice token create`).
    func ensure() throws {
        let uses = [("cli", Self.personName(), Role.admin), ("scheduler", "sluice-scheduler", .service),
                    ("executor", "sluice-executor", .service)]
        let manager = FileManager.default
        try manager.createDirectory(at: directory, withIntermediateDirectories: true)
        // Tightened even when it was there: the tokens are the deployment's keys.
        chmod(directory.path, 0o700)
        try manager.createDirectory(at: authDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        let before = manager.fileExists(atPath: principalsFile.path) ? try PrincipalsFile.read(path: principalsFile.path) : PrincipalsFile()
        var file = before
        for (use, name, role) in uses {
            let token = try existingToken(use) ?? newToken(use)
            let hash = Token.hash(token)
            if let index = file.entries.firstIndex(where: { $0.name == name }) {
                if !file.entries[index].tokenHashes.contains(hash) { file.entries[index].tokenHashes = [hash] }
            } else {
                file.entries.append(.init(name: name, roles: [role], tokenHashes: [hash]))
            }
        }
        if file != before { try file.write(to: principalsFile.path, permissions: 0o644) }
    }

    private func existingToken(_ use: String) -> String? {
        try? TokenFile.read(tokenFile(use).path)
    }

    /// A new token in a file created readable by its owner alone from the start.
    private func newToken(_ use: String) throws -> String {
        let token = Token.generate()
        let path = tokenFile(use).path
        unlink(path)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { throw CLIError("cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        let bytes = Array((token + "\n").utf8)
        guard write(descriptor, bytes, bytes.count) == bytes.count else { throw CLIError("cannot write \(path)") }
        return token
    }

    /// What the compose files read: where the principals file's folder is, and the scheduler's
    /// and the executors' tokens. Empty when the tokens have not been made.
    var composeEnvironment: [String: String] {
        var environment = ["SLUICE_AUTH_DIR": authDirectory.standardizedFileURL.path]
        for (variable, use) in [("SLUICE_SCHEDULER_TOKEN", "scheduler"), ("SLUICE_EXECUTOR_TOKEN", "executor")] {
            guard let token = existingToken(use) else { return [:] }
            environment[variable] = token
        }
        return environment
    }
}
