import ArgumentParser
import Foundation
import SluiceAuth
import SluiceCore
import SluiceKit

/// `sluice token …`: principals and their tokens, in the principals file the services read.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Make and revoke the tokens the services accept (the principals file).",
        discussion: """
            The principals file lists each principal with its roles (viewer, operator, admin, \
            service), its groups, and the SHA-256 of its tokens, never a token. The services read \
            it again within 2 s of a change, so a token works, or stops working, without a restart. \
            To rotate a token, create another for the same name, hand it out, then revoke the old \
            one by its hash.
            """,
        subcommands: [TokenCreateCommand.self, TokenHashCommand.self, TokenRevokeCommand.self])
}

/// Which principals file: the flag, else $SLUICE_PRINCIPALS, else `sluice up`'s.
struct PrincipalsFileOption: ParsableArguments {
    @Option(help: ArgumentHelp(
        "The principals file (default: $SLUICE_PRINCIPALS, else sluice up's: auth/principals.yaml in $SLUICE_DATA_DIR or .sluice).",
        valueName: "file"))
    var principals: String?

    var path: String {
        if let principals { return principals }
        if let variable = ProcessInfo.processInfo.environment["SLUICE_PRINCIPALS"], !variable.isEmpty { return variable }
        return LocalCredentials(dataDirectory: URL(fileURLWithPath: SluiceCredentials.localDataDirectory())).principalsFile.path
    }

    /// The file, or an empty one when there is none yet.
    func read() throws -> PrincipalsFile {
        guard FileManager.default.fileExists(atPath: path) else { return PrincipalsFile() }
        return try PrincipalsFile.read(path: path)
    }
}

/// `sluice token create --name alice --role operator`: prints a new token, once, and lists its
/// hash in the principals file.
struct TokenCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Make a token for a principal (added when new) and print it; only its hash is kept.")

    @Option(help: "The principal's name: letters, digits, '-', '_', '.', '@'.")
    var name: String

    @Option(help: "A role: viewer, operator, admin or service; repeatable. Required for a new principal.")
    var role: [String] = []

    @Option(help: "A group it belongs to, which approve gates can name as group:NAME; repeatable.")
    var group: [String] = []

    @OptionGroup var file: PrincipalsFileOption

    func validate() throws {
        if let problem = PrincipalNames.problem(name) { throw ValidationError("--name '\(name)' \(problem)") }
        for role in role where Role(rawValue: role) == nil {
            throw ValidationError("--role '\(role)' is not one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        for group in group {
            if let problem = PrincipalNames.problem(group) { throw ValidationError("--group '\(group)' \(problem)") }
        }
    }

    func run() async throws {
        try await reportingFailures {
            var principals = try file.read()
            let token = Token.generate()
            let roles = role.compactMap(Role.init(rawValue:))
            if let index = principals.entries.firstIndex(where: { $0.name == name }) {
                let existing = principals.entries[index]
                if !roles.isEmpty, Set(roles) != Set(existing.roles) {
                    throw CLIError(
                        "\(name) is listed in \(file.path) with the roles \(existing.roles.map(\.rawValue).joined(separator: ", ")); "
                            + "edit the file to change them, or leave --role out to add a token")
                }
                principals.entries[index].tokenHashes.append(Token.hash(token))
                principals.entries[index].groups += group.filter { !existing.groups.contains($0) }
            } else {
                guard !roles.isEmpty else { throw CLIError("\(name) is a new principal: give it a --role") }
                principals.entries.append(.init(name: name, roles: roles, groups: group, tokenHashes: [Token.hash(token)]))
            }
            let directory = URL(fileURLWithPath: file.path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try principals.write(to: file.path)
            // The token alone on stdout, for scripts; what it is, on stderr.
            printToStandardError("a token for \(name) is listed in \(file.path) by its hash \(Token.hash(token)); it is shown only now:")
            print(token)
        }
    }
}

/// `sluice token hash`: the hash a principals file lists for a token read from stdin.
struct TokenHashCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash", abstract: "Print the hash the principals file lists for a token read from stdin.")

    func run() async throws {
        try await reportingFailures {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            let token = String(decoding: data.prefix(4096), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !token.isEmpty else { throw CLIError("no token on stdin") }
            print(Token.hash(token))
        }
    }
}

/// `sluice token revoke`: a principal's tokens, or one token by its hash, out of the file.
struct TokenRevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke", abstract: "Remove a principal (every token of it), or one token by its hash.")

    @Option(help: "The principal to remove.")
    var name: String?

    @Option(name: .customLong("hash"), help: "The hash of the one token to remove (sluice token hash prints it).")
    var tokenHash: String?

    @OptionGroup var file: PrincipalsFileOption

    func validate() throws {
        guard (name == nil) != (tokenHash == nil) else { throw ValidationError("give --name or --hash, not both") }
    }

    func run() async throws {
        try await reportingFailures {
            var principals = try file.read()
            let before = principals
            if let name {
                principals.entries.removeAll { $0.name == name }
                guard principals != before else { throw CLIError("\(file.path) lists no principal \(name)") }
            } else if let tokenHash {
                for index in principals.entries.indices { principals.entries[index].tokenHashes.removeAll { $0 == tokenHash } }
                guard principals != before else { throw CLIError("\(file.path) lists no token with hash \(tokenHash)") }
            }
            try principals.write(to: file.path)
            print("revoked; the services stop accepting it within 2 s")
        }
    }
}
