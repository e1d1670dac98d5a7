/// Declared inputs and outputs: `name: type`, or `name: {type, default, description}`, in the
/// order written.
enum InterfaceReader {
    static func inputs(_ entry: YAMLEntry) throws(WorkflowFileError) -> [Variable] {
        try variables(entry, what: "input", allowDefault: true)
    }

    static func outputs(_ entry: YAMLEntry) throws(WorkflowFileError) -> [Variable] {
        try variables(entry, what: "output", allowDefault: false)
    }

    private static func variables(_ entry: YAMLEntry, what: String, allowDefault: Bool) throws(WorkflowFileError) -> [Variable] {
        if entry.isNull { return [] }
        var variables: [Variable] = []
        for (name, value) in try entry.openMapping(what: "\(what)s").entries {
            try NameRules.checkVariableName(name, value, what: what)
            variables.append(try variable(name, value, what: what, allowDefault: allowDefault))
        }
        return variables
    }

    private static func variable(_ name: String, _ entry: YAMLEntry, what: String, allowDefault: Bool) throws(WorkflowFileError) -> Variable {
        guard case .mapping = entry.node else {
            return Variable(name: name, type: try type(entry))
        }
        let keys = allowDefault ? ["type", "default", "description"] : ["type", "description"]
        let mapping = try entry.mapping(allowed: keys, what: "an \(what) declaration")
        let declared = try type(try mapping.required("type", what: "an \(what) declaration"))
        var variable = Variable(name: name, type: declared)
        if let description = mapping["description"] { variable.description = try description.text(what: "description") }
        if let defaultValue = mapping["default"] {
            variable.defaultValue = try LiteralReader.literal(defaultValue, as: declared)
        }
        return variable
    }

    static func type(_ entry: YAMLEntry) throws(WorkflowFileError) -> LiteralType {
        let text = try entry.nonEmptyText(what: "a type")
        do {
            return try TypeText.parse(text)
        } catch {
            throw entry.error("bad type '\(text)': \(error)")
        }
    }
}
