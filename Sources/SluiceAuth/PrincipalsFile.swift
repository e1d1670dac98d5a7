import Foundation
import SluiceCore
import Yams

/// The principals file: who may call the services, with the roles and groups of each and the
/// SHA-256 of each of its tokens (several while a token is being rotated), never a token:
///
///     principals:
///       - name: alice
///         roles: [operator]
///         groups: [release]
///         tokens: ["sha256:9f86d0…"]
///
/// `sluice token create` writes entries. Every problem is refused naming the entry and line.
public struct PrincipalsFile: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var roles: [Role]
        public var groups: [String]
        public var tokenHashes: [String]

        public init(name: String, roles: [Role], groups: [String] = [], tokenHashes: [String]) {
            self.name = name
            self.roles = roles
            self.groups = groups
            self.tokenHashes = tokenHashes
        }
    }

    public var entries: [Entry]

    public init(entries: [Entry] = []) {
        self.entries = entries
    }

    /// Bounds on what a file may hold, so that a wrong path (a log, a disk image) is refused
    /// rather than read whole.
    static let maxBytes = 4 << 20
    static let maxEntries = 10_000

    public struct Problem: Error, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    /// The principals by each of their tokens' hashes.
    public var byTokenHash: [String: Principal] {
        var table: [String: Principal] = [:]
        for entry in entries {
            let principal = Principal(name: entry.name, roles: Set(entry.roles), groups: Set(entry.groups))
            for hash in entry.tokenHashes { table[hash] = principal }
        }
        return table
    }

    // MARK: Reading

    public static func read(path: String) throws(Problem) -> PrincipalsFile {
        let data: Data
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            if let size = attributes[.size] as? Int, size > maxBytes {
                throw Problem("principals file \(path) holds \(size) bytes; at most \(maxBytes) are read")
            }
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch let problem as Problem {
            throw problem
        } catch {
            throw Problem("cannot read principals file \(path): \(error.localizedDescription)")
        }
        return try parse(String(decoding: data, as: UTF8.self), source: path)
    }

    public static func parse(_ text: String, source: String) throws(Problem) -> PrincipalsFile {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw Problem("\(source) is not valid YAML: \(error)")
        }
        guard let root else { return PrincipalsFile() }
        guard let mapping = root.mapping else { throw Problem("\(source): expected a mapping with a 'principals' list") }
        for key in mapping.keys where key.string != "principals" {
            throw Problem("\(source)\(at(key)): unknown key '\(key.string ?? "?")'; the file has one key, 'principals'")
        }
        guard let list = mapping["principals"] else { return PrincipalsFile() }
        guard let items = list.sequence else { throw Problem("\(source)\(at(list)): 'principals' must be a list") }
        guard items.count <= maxEntries else {
            throw Problem("\(source): \(items.count) principals; at most \(maxEntries) are allowed")
        }
        var file = PrincipalsFile()
        var owners: [String: String] = [:]
        for (index, item) in items.enumerated() {
            let entry = try Self.entry(item, index: index, source: source)
            if file.entries.contains(where: { $0.name == entry.name }) {
                throw Problem("\(source)\(at(item)): principal '\(entry.name)' is listed twice; list each once, with all its tokens")
            }
            for hash in entry.tokenHashes {
                if let owner = owners[hash] {
                    throw Problem("\(source)\(at(item)): principal '\(entry.name)' lists a token hash that '\(owner)' also lists")
                }
                owners[hash] = entry.name
            }
            file.entries.append(entry)
        }
        return file
    }

    private static func entry(_ node: Node, index: Int, source: String) throws(Problem) -> Entry {
        let place = "\(source)\(at(node)), principals[\(index)]"
        guard let mapping = node.mapping else { throw Problem("\(place): expected a mapping with name, roles and tokens") }
        let known = ["name", "roles", "groups", "tokens"]
        for key in mapping.keys where !known.contains(key.string ?? "") {
            throw Problem("\(place): unknown key '\(key.string ?? "?")'; an entry has \(known.joined(separator: ", "))")
        }
        guard let name = mapping["name"]?.string, !name.isEmpty else { throw Problem("\(place): 'name' is required") }
        if let problem = PrincipalNames.problem(name) { throw Problem("\(place): name '\(name)' \(problem)") }
        let roleNames = try strings(mapping["roles"], "roles", place)
        guard !roleNames.isEmpty else {
            throw Problem("\(place): principal '\(name)' has no roles; give it one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var roles: [Role] = []
        for roleName in roleNames {
            guard let role = Role(rawValue: roleName) else {
                throw Problem("\(place): unknown role '\(roleName)'; the roles are \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            roles.append(role)
        }
        let groups = try strings(mapping["groups"], "groups", place)
        for group in groups {
            if let problem = PrincipalNames.problem(group) { throw Problem("\(place): group '\(group)' \(problem)") }
        }
        let hashes = try strings(mapping["tokens"], "tokens", place)
        for hash in hashes where !Token.isHash(hash) {
            throw Problem(
                "\(place): '\(hash.prefix(12))…' is not a token hash; list each token as \(Token.hashPrefix) and its SHA-256 in "
                    + "64 lowercase hex digits (sluice token hash prints it), never the token itself")
        }
        return Entry(name: name, roles: roles, groups: groups, tokenHashes: hashes)
    }

    private static func strings(_ node: Node?, _ key: String, _ place: String) throws(Problem) -> [String] {
        guard let node, node.null == nil else { return [] }
        if let scalar = node.string, node.scalar != nil { return [scalar] }
        guard let items = node.sequence else { throw Problem("\(place): '\(key)' must be a list") }
        var values: [String] = []
        for item in items {
            guard let value = item.string, item.scalar != nil else { throw Problem("\(place): each of '\(key)' must be a text") }
            values.append(value)
        }
        return values
    }

    private static func at(_ node: Node) -> String {
        node.mark.map { ":\($0.line)" } ?? ""
    }

    // MARK: Writing

    /// The file as YAML, with a comment saying what it is.
    public var yaml: String {
        var text = """
            # Sluice principals: who may call the services, with their roles and the SHA-256 of
            # their tokens (never the tokens). Add one with: sluice token create --name NAME --role ROLE
            principals:

            """
        // Every text quoted: names may start with characters YAML reads otherwise ('@').
        func quoted(_ values: [String]) -> String { "[" + values.map { "\"\($0)\"" }.joined(separator: ", ") + "]" }
        for entry in entries {
            text += "  - name: \"\(entry.name)\"\n"
            text += "    roles: \(quoted(entry.roles.map(\.rawValue)))\n"
            if !entry.groups.isEmpty { text += "    groups: \(quoted(entry.groups))\n" }
            // A principal whose last token was revoked keeps its entry, with none.
            text += "    tokens: \(entry.tokenHashes.isEmpty ? "[]" : "")\n"
            for hash in entry.tokenHashes { text += "      - \"\(hash)\"\n" }
        }
        if entries.isEmpty { text = text.replacingOccurrences(of: "principals:\n", with: "principals: []\n") }
        return text
    }

    /// Writes the file, replacing any file there at once (readers never see half of it), with
    /// the permissions of the file it replaces, else `permissions` (readable by its owner only
    /// unless said otherwise: hashes are no secret, but who holds which role is no one else's).
    public func write(to path: String, permissions: Int = 0o600) throws {
        // What is written must read back as this, or the services would keep the file before.
        guard (try? Self.parse(yaml, source: path)) == self else {
            throw Problem("the principals to write to \(path) would not read back as written")
        }
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString)")
        let existing = (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int
        guard FileManager.default.createFile(
            atPath: temporary.path, contents: Data(yaml.utf8), attributes: [.posixPermissions: existing ?? permissions])
        else {
            throw Problem("cannot write \(temporary.path)")
        }
        if rename(temporary.path, path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw Problem("cannot replace \(path): \(reason)")
        }
    }
}
