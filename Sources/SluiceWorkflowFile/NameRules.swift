import Foundation

/// What names in a workflow file may look like, so that each can appear where it is used: task
/// and workflow names in `name:version`, input and output names in `{{inputs.x}}` and in
/// branch conditions, node ids in `$node.output`.
enum NameRules {
    /// Task and workflow names: letters, digits, `_`, `.`, `-`; no `:` (it separates the version).
    static func checkRegisteredName(_ name: String, _ entry: YAMLEntry, what: String) throws(WorkflowFileError) {
        guard name.wholeMatch(of: /[A-Za-z0-9][A-Za-z0-9_.\-]*/) != nil else {
            throw entry.error("\(what) '\(name)' may hold only letters, digits, '_', '.' and '-', and must start with a letter or digit")
        }
    }

    static func checkVersion(_ version: String, _ entry: YAMLEntry) throws(WorkflowFileError) {
        guard version.wholeMatch(of: /[A-Za-z0-9][A-Za-z0-9_.+\-]*/) != nil else {
            throw entry.error("version '\(version)' may hold only letters, digits, '_', '.', '+' and '-'")
        }
    }

    /// Inputs and outputs: identifiers.
    static func checkVariableName(_ name: String, _ entry: YAMLEntry, what: String) throws(WorkflowFileError) {
        guard name.wholeMatch(of: /[A-Za-z_][A-Za-z0-9_]*/) != nil else {
            throw entry.error("\(what) name '\(name)' must be an identifier (letters, digits and '_', not starting with a digit)")
        }
    }

    static func checkNodeID(_ id: String, _ entry: YAMLEntry) throws(WorkflowFileError) {
        guard id.wholeMatch(of: /[A-Za-z_][A-Za-z0-9_\-]*/) != nil else {
            throw entry.error("node id '\(id)' may hold only letters, digits, '_' and '-', and must not start with a digit")
        }
        guard id != "inputs" else {
            throw entry.error("'inputs' cannot be a node id: $inputs.NAME means the workflow's own inputs")
        }
    }

    /// "name" or "name:version", as in `task: square:1`.
    static func identifier(_ entry: YAMLEntry, what: String) throws(WorkflowFileError) -> Identifier {
        let text = try entry.nonEmptyText(what: what).trimmingCharacters(in: .whitespaces)
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        try checkRegisteredName(parts[0], entry, what: what)
        if parts.count == 2 {
            guard !parts[1].isEmpty else { throw entry.error("'\(text)' has an empty version; write \(parts[0]) for the latest") }
            try checkVersion(parts[1], entry)
        }
        return Identifier(name: parts[0], version: parts.count == 2 ? parts[1] : "")
    }
}
