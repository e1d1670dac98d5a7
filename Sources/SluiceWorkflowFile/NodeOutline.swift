/// A first pass over a workflow's nodes: every id, what each node runs and where it sits, so that
/// the second pass can check each `$node.output` against nodes written after it too.
struct NodeOutline {
    enum Kind {
        case task(Identifier, TaskSpec?)
        /// A dynamic node: its dynamic task.
        case dynamic(Identifier, TaskSpec?)
        case workflow(Identifier, WorkflowSpec?)
        /// The ids of the case nodes, then the else node's if there is one.
        case branch(cases: [String], elseNode: String?)
        case gate(GateOutline)
        case map(MapOutline)
    }

    let id: String
    let entry: YAMLEntry
    let mapping: YAMLMapping
    let kind: Kind
    /// The branch this node is a case (or the else) of.
    let enclosingBranch: String?

    static let nodeKeys = [
        "id", "name", "task", "workflow", "branch", "gate", "map", "dynamic",
        "inputs", "upstream", "retries", "timeout", "pool",
    ]
    static let kindKeys = ["task", "workflow", "branch", "gate", "map", "dynamic"]
}

/// All the outlines of one workflow, top-level nodes in the order written.
struct NodeOutlines {
    private(set) var byID: [String: NodeOutline] = [:]
    private(set) var topLevel: [String] = []
    let scope: FileScope

    init(nodes entries: [YAMLEntry], scope: FileScope) throws(WorkflowFileError) {
        self.scope = scope
        for entry in entries {
            topLevel.append(try add(entry, enclosingBranch: nil))
        }
    }

    subscript(id: String) -> NodeOutline? { byID[id] }

    /// How many nodes the workflow has, branch cases included.
    var count: Int { byID.count }

    /// The top-level node that holds `id` (itself, unless it is a case of a branch).
    func root(of id: String) -> String {
        var current = id
        while let parent = byID[current]?.enclosingBranch { current = parent }
        return current
    }

    private mutating func add(_ entry: YAMLEntry, enclosingBranch: String?) throws(WorkflowFileError) -> String {
        let mapping = try entry.mapping(allowed: NodeOutline.nodeKeys, what: "a node")
        let idEntry = try mapping.required("id", what: "a node")
        let id = try idEntry.nonEmptyText(what: "id")
        try NameRules.checkNodeID(id, idEntry)
        if let earlier = byID[id] {
            throw idEntry.error("node id '\(id)' is used twice (first at \(earlier.entry.path))")
        }
        let kinds = NodeOutline.kindKeys.filter(mapping.contains)
        guard kinds.count == 1 else {
            let found = kinds.isEmpty ? "none" : kinds.joined(separator: " and ")
            throw entry.error("node '\(id)' needs exactly one of task:, workflow:, branch:, gate:, map: or dynamic: (found \(found))")
        }
        let kindEntry = try mapping.required(kinds[0], what: "a node")
        let kind: NodeOutline.Kind
        switch kinds[0] {
        case "task":
            let (identifier, spec) = scope.task(try NameRules.identifier(kindEntry, what: "task"))
            kind = .task(identifier, spec)
        case "dynamic":
            let (identifier, spec) = scope.task(try NameRules.identifier(kindEntry, what: "dynamic"))
            kind = .dynamic(identifier, spec)
        case "workflow":
            let (identifier, spec) = scope.workflow(try NameRules.identifier(kindEntry, what: "workflow"))
            kind = .workflow(identifier, spec)
        case "gate":
            kind = .gate(try GateReader.read(kindEntry))
        case "map":
            kind = .map(try MapOutline.read(kindEntry, scope: scope))
        default:
            // Registered before its cases, so that a case reusing the branch's id is caught.
            byID[id] = NodeOutline(id: id, entry: entry, mapping: mapping, kind: .branch(cases: [], elseNode: nil), enclosingBranch: enclosingBranch)
            kind = try branch(kindEntry, id: id)
        }
        byID[id] = NodeOutline(id: id, entry: entry, mapping: mapping, kind: kind, enclosingBranch: enclosingBranch)
        return id
    }

    private mutating func branch(_ entry: YAMLEntry, id: String) throws(WorkflowFileError) -> NodeOutline.Kind {
        let mapping = try entry.mapping(allowed: ["cases", "else", "else_error"], what: "a branch")
        let cases = try mapping.required("cases", what: "a branch").sequence(what: "cases")
        guard !cases.isEmpty else { throw entry.error("a branch needs at least one case") }
        var caseIDs: [String] = []
        for caseEntry in cases {
            let caseMapping = try caseEntry.mapping(allowed: ["when", "then"], what: "a branch case")
            _ = try caseMapping.required("when", what: "a branch case")
            caseIDs.append(try add(try caseMapping.required("then", what: "a branch case"), enclosingBranch: id))
        }
        if mapping.contains("else"), mapping.contains("else_error") {
            throw entry.error("a branch has else: (a node) or else_error: (a message), not both")
        }
        let elseNode = try mapping["else"].map { entry throws(WorkflowFileError) in try add(entry, enclosingBranch: id) }
        return .branch(cases: caseIDs, elseNode: elseNode)
    }

    /// The outputs a node gives, when they are known (its task or sub-workflow is in the file).
    /// A branch gives the outputs every one of its nodes gives; a type where they all agree. A
    /// signal or approve gate gives "value" (of the signal's type; an approve gate's type is
    /// its input's, which only the second pass can tell), a sleep gate nothing.
    func outputs(of id: String) -> KnownOutputs? {
        guard let outline = byID[id] else { return nil }
        switch outline.kind {
        case .task(_, let spec?), .dynamic(_, let spec?):
            return KnownOutputs(spec.interface?.outputs ?? [])
        case .workflow(_, let spec?):
            return KnownOutputs(spec.interface?.outputs ?? [])
        case .task, .dynamic, .workflow:
            return nil
        case .map(let outline):
            return outline.spec == nil ? nil : KnownOutputs(outline.outputs)
        case .gate(let outline):
            switch outline.gate.condition {
            case .signal(let signal)?: return KnownOutputs([Variable(name: "value", type: signal.type)])
            case .approve?: return KnownOutputs([Variable(name: "value")])
            case .sleep?, nil: return KnownOutputs([])
            }
        case .branch(let cases, let elseNode):
            var merged: KnownOutputs?
            for child in cases + (elseNode.map { [$0] } ?? []) {
                guard let outputs = outputs(of: child) else { return nil }
                merged = merged.map { $0.intersection(outputs) } ?? outputs
            }
            return merged
        }
    }
}

/// Output names and, where known, their types.
struct KnownOutputs {
    var names: [String]
    var types: [String: LiteralType]

    init(_ variables: [Variable]) {
        names = variables.map(\.name)
        types = [:]
        for variable in variables { if let type = variable.type { types[variable.name] = type } }
    }

    func intersection(_ other: KnownOutputs) -> KnownOutputs {
        var result = self
        result.names = names.filter(other.names.contains)
        result.types = types.filter { other.types[$0.key] == $0.value && result.names.contains($0.key) }
        return result
    }
}
