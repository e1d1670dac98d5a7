import SluiceWire

/// How the catalog keys a task's outputs: the task's name, its cache version, a hash of its
/// interface and a hash of its inputs. The task's code version is not part of the key: a new
/// build of the same task reuses earlier outputs until the cache version is changed.
public enum CacheKeys {
    /// The key for running `task` on `inputs` (the bound inputs, defaults applied); nil when
    /// the task does not ask for caching.
    /// `interfaceHash`, when given, is the task's ``interfaceHash(_:)`` computed earlier: the
    /// same for every node of the task, so callers keying many nodes compute it once.
    public static func key(
        for task: TaskSpec, inputs: [String: Literal], interfaceHash knownHash: String? = nil
    ) throws(CacheKeyError) -> CacheKey? {
        guard let cache = task.cache, cache.enabled else { return nil }
        return CacheKey(
            taskName: task.id?.name ?? "",
            cacheVersion: cache.version,
            interfaceHash: knownHash ?? interfaceHash(task.interface ?? TypedInterface()),
            inputHash: try inputHash(inputs, ignoring: Set(cache.ignoredInputs)))
    }

    /// "sha256:…" of the interface's input and output names and types, in name order
    /// (descriptions and defaults left out: they do not change what the outputs mean).
    public static func interfaceHash(_ interface: TypedInterface) -> String {
        var encoding = CanonicalEncoding()
        for variables in [interface.inputs, interface.outputs] {
            encoding.text("\(variables.count)")
            for variable in variables.sorted(by: { $0.name.utf8Precedes($1.name) }) {
                encoding.text(variable.name)
                encoding.append(variable.type)
            }
        }
        return ContentDigest.sha256(encoding.bytes)
    }

    /// "sha256:…" of the inputs in canonical form, leaving out the ignored ones.
    public static func inputHash(_ inputs: [String: Literal], ignoring ignored: Set<String> = []) throws(CacheKeyError) -> String {
        var encoding = CanonicalEncoding()
        do {
            try encoding.append(.map(ignored.isEmpty ? inputs : inputs.filter { !ignored.contains($0.key) }))
        } catch {
            throw CacheKeyError(message: "input blob \(error.uri) has no content hash; caching hashes blobs by content, never by URI")
        }
        return ContentDigest.sha256(encoding.bytes)
    }

    /// The key's digest: how entries are named ("sha256:…"); the CLI shows its first hex digits.
    public static func digest(of key: CacheKey) -> String {
        var encoding = CanonicalEncoding()
        for part in [key.taskName, key.cacheVersion, key.interfaceHash, key.inputHash] { encoding.text(part) }
        return ContentDigest.sha256(encoding.bytes)
    }

    /// The digest as people read it: its first 12 hex digits.
    public static func shortDigest(_ digest: String) -> String {
        let hex = digest.hasPrefix("sha256:") ? digest.dropFirst(7) : Substring(digest)
        return String(hex.prefix(12))
    }
}

/// Inputs that cannot be keyed (a blob known only by its URI).
public struct CacheKeyError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
