import Configuration
import Foundation
import SystemPackage
import Yams

/// A service's configuration file: YAML (or JSON, which YAML reads) whose keys are the
/// service's settings, nested or dotted (`log: {level: debug}` or `log.level: debug`).
struct SettingsFile {
    let path: String
    /// The values, read by swift-configuration; nil for a file that holds only comments.
    let provider: FileProvider<YAMLSnapshot>?
    /// Every key the file sets, dotted, in the order written: checked against the keys the
    /// service reads, so that a misspelt key is an error rather than silently ignored.
    let keys: [String]

    /// Largest file read: a configuration file is a page of settings, not data.
    static let mostBytes = 1 << 20

    static func open(_ path: String) async throws -> SettingsFile {
        let text: String
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            guard data.count <= mostBytes else {
                throw SettingsError("the configuration file \(path) is larger than \(mostBytes >> 20) MiB")
            }
            guard let decoded = String(data: data, encoding: .utf8) else {
                throw SettingsError("the configuration file \(path) is not UTF-8 text")
            }
            text = decoded
        } catch let error as SettingsError {
            throw error
        } catch {
            throw SettingsError("cannot read the configuration file \(path): \(error.localizedDescription)")
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw SettingsError("the configuration file \(path) is not valid YAML: \(error)")
        }
        guard let root else { return SettingsFile(path: path, provider: nil, keys: []) }
        guard case .mapping(let mapping) = root else {
            throw SettingsError("the configuration file \(path) must be a mapping of settings (key: value)")
        }
        let keys = try Self.keys(of: mapping, under: "", path: path)
        let provider: FileProvider<YAMLSnapshot>
        do {
            provider = try await FileProvider<YAMLSnapshot>(filePath: FilePath(path))
        } catch {
            throw SettingsError("cannot read the configuration file \(path): \(error)")
        }
        return SettingsFile(path: path, provider: provider, keys: keys)
    }

    /// The dotted keys of a mapping's values; a mapping inside it is a level of the key.
    private static func keys(of mapping: Node.Mapping, under prefix: String, path: String) throws -> [String] {
        var keys: [String] = []
        for (keyNode, value) in mapping {
            guard let name = keyNode.string, !name.isEmpty else {
                throw SettingsError("the configuration file \(path) has a key that is not a name under '\(prefix)'")
            }
            let key = prefix.isEmpty ? name : prefix + "." + name
            if case .mapping(let inner) = value {
                keys += try Self.keys(of: inner, under: key, path: path)
            } else {
                keys.append(key)
            }
        }
        return keys
    }
}
