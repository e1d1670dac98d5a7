import SluiceWire

/// Names the top-level fields in which two specs registered under the same id and version
/// differ, so that a CONFLICT tells the user what they changed without bumping the version.
enum SpecDifferences {
    static func between(_ old: TaskSpec, _ new: TaskSpec) -> [String] {
        var fields: [String] = []
        if old.interface != new.interface { fields.append("interface") }
        fields += kindDifferences(old.kind, new.kind)
        if old.cache != new.cache { fields.append("cache") }
        if old.retries != new.retries { fields.append("retries") }
        if old.timeout != new.timeout { fields.append("timeout") }
        if old.pool != new.pool { fields.append("pool") }
        if old.description != new.description { fields.append("description") }
        if old.labels != new.labels { fields.append("labels") }
        if old.codeVersion != new.codeVersion { fields.append("code_version") }
        if old.heartbeatTimeout != new.heartbeatTimeout { fields.append("heartbeat_timeout") }
        return fields.isEmpty ? [encodingOnly] : fields
    }

    static func between(_ old: WorkflowSpec, _ new: WorkflowSpec) -> [String] {
        var fields: [String] = []
        if old.interface != new.interface { fields.append("interface") }
        if let nodes = nodeDifferences(old.nodes, new.nodes) { fields.append(nodes) }
        if old.outputs != new.outputs { fields.append("outputs") }
        if old.failurePolicy != new.failurePolicy { fields.append("failure_policy") }
        if old.description != new.description { fields.append("description") }
        if old.labels != new.labels { fields.append("labels") }
        return fields.isEmpty ? [encodingOnly] : fields
    }

    /// Values Swift compares as equal can still be written differently (a string in another
    /// Unicode normalisation form), which changes the digest.
    private static let encodingOnly = "the encoding of equal-looking values (such as Unicode normalisation of a string)"

    private static func kindDifferences(_ old: TaskSpec.Kind?, _ new: TaskSpec.Kind?) -> [String] {
        switch (old, new) {
        case (.shell(let a)?, .shell(let b)?):
            var fields: [String] = []
            if a.command != b.command { fields.append("command") }
            if a.script != b.script { fields.append("script") }
            if a.env != b.env { fields.append("env") }
            if a.workingDirectory != b.workingDirectory { fields.append("working_directory") }
            if a.image != b.image { fields.append("image") }
            return fields
        case (.swift(let a)?, .swift(let b)?):
            return a == b ? [] : ["swift"]
        case (.dynamic(let a)?, .dynamic(let b)?):
            return a == b ? [] : ["dynamic"]
        default:
            return old == new ? [] : ["kind (\(old?.fieldName ?? "none") became \(new?.fieldName ?? "none"))"]
        }
    }

    /// "nodes (changed: a; added: b; removed: c)", or nil when the nodes are the same.
    private static func nodeDifferences(_ old: [Node], _ new: [Node]) -> String? {
        guard old != new else { return nil }
        let before = Dictionary(old.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let after = Dictionary(new.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let changed = new.filter { node in before[node.id].map { $0 != node } ?? false }.map(\.id)
        let added = new.filter { before[$0.id] == nil }.map(\.id)
        let removed = old.filter { after[$0.id] == nil }.map(\.id)
        var parts: [String] = []
        if !changed.isEmpty { parts.append("changed: " + changed.joined(separator: ", ")) }
        if !added.isEmpty { parts.append("added: " + added.joined(separator: ", ")) }
        if !removed.isEmpty { parts.append("removed: " + removed.joined(separator: ", ")) }
        if parts.isEmpty { parts.append("order") }
        return "nodes (\(parts.joined(separator: "; ")))"
    }
}
