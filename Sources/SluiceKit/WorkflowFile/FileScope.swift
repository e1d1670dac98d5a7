/// The tasks and workflows one file defines, so that `task: square` in a node pins the file's
/// own `square` (its version, its interface) instead of whatever is registered latest.
struct FileScope {
    var tasks: [String: TaskSpec] = [:]
    var workflows: [String: WorkflowSpec] = [:]

    /// The identifier to put in the node, and the spec when the file defines it.
    func task(_ id: Identifier) -> (Identifier, TaskSpec?) {
        guard let task = tasks[id.name], let defined = task.id, id.version.isEmpty || id.version == defined.version else {
            return (id, nil)
        }
        return (defined, task)
    }

    func workflow(_ id: Identifier) -> (Identifier, WorkflowSpec?) {
        guard let workflow = workflows[id.name], let defined = workflow.id, id.version.isEmpty || id.version == defined.version else {
            return (id, nil)
        }
        return (defined, workflow)
    }
}

/// Versions for tasks and workflows that do not state one: a short hash of their content, so
/// that registering an unchanged file again changes nothing and an edited one registers as a new
/// version instead of clashing with the old.
enum ContentVersion {
    static func of(_ task: TaskSpec) throws(WireError) -> String {
        var unversioned = task
        unversioned.id?.version = ""
        return short(ContentDigest.sha256(try unversioned.serializedBytes()))
    }

    static func of(_ workflow: WorkflowSpec) throws(WireError) -> String {
        var unversioned = workflow
        unversioned.id?.version = ""
        return short(ContentDigest.sha256(try unversioned.serializedBytes()))
    }

    /// The first 12 hex digits of "sha256:<hex>".
    private static func short(_ digest: String) -> String {
        let hex = digest.hasPrefix("sha256:") ? digest.dropFirst("sha256:".count) : Substring(digest)
        return String(hex.prefix(12))
    }
}
