/// The second pass over a workflow's nodes: full Node specs, with every input bound to a value
/// or to a checked reference, and branch conditions parsed.
struct NodeBuilder {
    let outlines: NodeOutlines
    /// The workflow's declared inputs, for `$inputs.x`.
    let workflowInputs: [Variable]

    func node(_ id: String) throws(WorkflowFileError) -> Node {
        guard let outline = outlines[id] else {
            preconditionFailure("every id comes from the outlines")
        }
        let mapping = outline.mapping
        var node = Node(id: id)
        if case .gate = outline.kind { try Self.refuseTaskSettings(on: mapping) }
        node.metadata = try metadata(mapping)
        if let upstream = mapping["upstream"] { node.upstream = try self.upstream(upstream, of: id) }
        if case .gate(let gate) = outline.kind {
            node.kind = .gate(gate.gate)
            if let input = gate.input { node.inputs[gate.inputName] = try binding(input, type: nil, in: id).0 }
            return node
        }

        let interface: TypedInterface?
        let callee: String
        switch outline.kind {
        case .task(let identifier, let spec):
            interface = spec.map { $0.interface ?? TypedInterface() }
            callee = "task \(identifier.name)"
            node.kind = .task(TaskNode(task: identifier))
        case .dynamic(let identifier, let spec):
            interface = spec.map { $0.interface ?? TypedInterface() }
            callee = "dynamic task \(identifier.name)"
            node.kind = .dynamic(DynamicNode(task: identifier))
        case .workflow(let identifier, let spec):
            interface = spec.map { $0.interface ?? TypedInterface() }
            callee = "workflow \(identifier.name)"
            node.kind = .workflow(SubWorkflowNode(workflow: identifier))
        case .map(let map):
            // The inputs it maps over are lists of what the task takes.
            interface = map.spec.map { spec in
                var interface = spec.interface ?? TypedInterface()
                for index in interface.inputs.indices where map.over.contains(interface.inputs[index].name) {
                    interface.inputs[index].type = interface.inputs[index].type.map { .collection($0) }
                }
                return interface
            }
            callee = "task \(map.task.name)"
            node.kind = .map(MapNode(task: map.task, mappedInputs: map.over, concurrency: map.concurrency, successCriteria: map.successCriteria))
        case .branch, .gate:  // a gate node was returned above
            interface = nil
            callee = "branch"
        }
        var inputTypes: [String: LiteralType] = [:]
        if let inputs = mapping["inputs"] {
            for (name, value) in try inputs.openMapping(what: "inputs").entries {
                try NameRules.checkVariableName(name, value, what: "input")
                var declared: LiteralType?
                if let interface {
                    guard let variable = interface.inputs.first(where: { $0.name == name }) else {
                        let known = interface.inputs.isEmpty ? "it has no inputs" : "its inputs: \(interface.inputs.map(\.name).joined(separator: ", "))"
                        throw value.error("\(callee) has no input '\(name)' (\(known))")
                    }
                    declared = variable.type
                }
                let (binding, inferred) = try self.binding(value, type: declared, in: id)
                node.inputs[name] = binding
                if let type = declared ?? inferred { inputTypes[name] = type }
            }
        }
        if let interface {
            for variable in interface.inputs where node.inputs[variable.name] == nil && variable.defaultValue == nil
                && !(variable.type?.accepts(.none) ?? false) {
                let type = variable.type.map { " (\(TypeText.format($0)))" } ?? ""
                throw outline.entry.error("node '\(id)' does not set input '\(variable.name)'\(type) of \(callee)")
            }
        }
        if case .branch(let cases, let elseNode) = outline.kind {
            node.kind = .branch(try branch(outline, cases: cases, elseNode: elseNode, inputTypes: inputTypes, inputs: Set(node.inputs.keys)))
        }
        return node
    }

    /// A gate runs no task and binds no inputs but its approve input: keys that would be
    /// silently meaningless on it are refused, pointing at what to write instead.
    private static func refuseTaskSettings(on mapping: YAMLMapping) throws(WorkflowFileError) {
        if let inputs = mapping["inputs"] {
            throw inputs.error("a gate takes no inputs:; an approve gate passes on its gate: {approve: ID, input: $node.output}")
        }
        if let timeout = mapping["timeout"] {
            throw timeout.error("a gate's timeout goes inside gate:, e.g. gate: {signal: ID, type: int, timeout: 1h}")
        }
        for key in ["retries", "pool"] {
            if let entry = mapping[key] { throw entry.error("a gate runs no task: '\(key)' does not apply to it") }
        }
    }

    private func metadata(_ mapping: YAMLMapping) throws(WorkflowFileError) -> NodeMetadata? {
        var metadata = NodeMetadata()
        if let name = mapping["name"] { metadata.name = try name.text(what: "name") }
        if let retries = mapping["retries"] { metadata.retries = try RetryReader.policy(retries) }
        if let timeout = mapping["timeout"] { metadata.timeout = try TaskReader.positive(timeout, what: "timeout") }
        if let pool = mapping["pool"] { metadata.pool = try pool.text(what: "pool") }
        return metadata == NodeMetadata() ? nil : metadata
    }

    private func upstream(_ entry: YAMLEntry, of id: String) throws(WorkflowFileError) -> [String] {
        let ids = try entry.textList(what: "upstream")
        for upstream in ids {
            guard let outline = outlines[upstream] else {
                throw entry.error("unknown node '\(upstream)' in upstream (nodes: \(outlines.topLevel.joined(separator: ", ")))")
            }
            if outline.enclosingBranch != nil {
                throw entry.error("'\(upstream)' is a case of branch '\(outlines.root(of: upstream))'; wait for the branch instead")
            }
            if upstream == outlines.root(of: id) {
                throw entry.error("node '\(id)' cannot wait for itself")
            }
        }
        return ids
    }

    private func branch(
        _ outline: NodeOutline, cases: [String], elseNode: String?, inputTypes: [String: LiteralType], inputs: Set<String>
    ) throws(WorkflowFileError) -> BranchNode {
        let mapping = try outline.mapping.required("branch", what: "a node").mapping(allowed: ["cases", "else", "else_error"], what: "a branch")
        let caseEntries = try mapping.required("cases", what: "a branch").sequence(what: "cases")
        var branch = BranchNode()
        for (caseEntry, caseID) in zip(caseEntries, cases) {
            let caseMapping = try caseEntry.mapping(allowed: ["when", "then"], what: "a branch case")
            let when = try caseMapping.required("when", what: "a branch case")
            let text = try when.nonEmptyText(what: "when")
            let condition: BooleanExpression
            do {
                condition = try BranchCondition.parse(text, inputs: inputs, types: inputTypes)
            } catch {
                throw when.error("bad condition '\(text)': \(error)")
            }
            branch.cases.append(BranchCase(condition: condition, thenNode: try node(caseID)))
        }
        if let elseNode { branch.elseNode = try node(elseNode) }
        if let elseError = mapping["else_error"] { branch.elseError = try elseError.nonEmptyText(what: "else_error") }
        return branch
    }

    /// A node input or workflow output: a value, a reference, or a list or mapping holding
    /// references. Returns the type of what a plain reference points at, when that is known, and
    /// of a list or mapping whose elements all have one type that is known.
    func binding(_ entry: YAMLEntry, type: LiteralType?, in nodeID: String?) throws(WorkflowFileError) -> (Binding, LiteralType?) {
        if case .string(let text)? = entry.scalar, let meaning = try reference(text, entry) {
            switch meaning {
            case .escaped(let literal):
                if let type, !type.accepts(.string(literal)) {
                    throw entry.error("expected \(TypeText.format(type)), found the text '\(literal)'")
                }
                return (.literal(.string(literal)), nil)
            case .reference(let reference):
                let inferred = try check(reference, entry, in: nodeID)
                return (.future(SluiceWire.Future(reference: reference)), inferred)
            }
        }
        guard Self.holdsReference(entry) else {
            return (.literal(try LiteralReader.literal(entry, as: type)), nil)
        }
        switch entry.node {
        case .sequence:
            let element: LiteralType? = if case .collection(let element)? = type { element } else { nil }
            if let type, element == nil { throw entry.error("expected \(TypeText.format(type)), found a list") }
            var bindings: [Binding] = []
            var elementTypes: [LiteralType?] = []
            for item in try entry.sequence(what: "a list") {
                let (itemBinding, itemType) = try binding(item, type: element, in: nodeID)
                bindings.append(itemBinding)
                elementTypes.append(itemType ?? Self.naturalType(of: itemBinding))
            }
            return (.collection(bindings), Self.common(elementTypes).map { .collection($0) })
        default:
            var bindings: [String: Binding] = [:]
            var valueTypes: [LiteralType?] = []
            for (key, value) in try entry.openMapping(what: "a value").entries {
                let valueType: LiteralType? = switch type {
                case .map(let valueType)?: valueType
                case .struct(let structType)?: structType.fields.first { $0.name == key }?.type
                default: nil
                }
                let (valueBinding, inferred) = try binding(value, type: valueType, in: nodeID)
                bindings[key] = valueBinding
                valueTypes.append(inferred ?? Self.naturalType(of: valueBinding))
            }
            return (.map(bindings), Self.common(valueTypes).map { .map($0) })
        }
    }

    /// The one type all of `types` are, when each is known and they agree.
    private static func common(_ types: [LiteralType?]) -> LiteralType? {
        guard let first = types.first ?? nil, types.allSatisfy({ $0 == first }) else { return nil }
        return first
    }

    /// The type of a plain scalar written as a value.
    static func naturalType(of binding: Binding) -> LiteralType? {
        guard case .literal(let literal) = binding else { return nil }
        return switch literal {
        case .int: .simple(.int)
        case .float: .simple(.float)
        case .string: .simple(.string)
        case .bool: .simple(.bool)
        default: nil
        }
    }

    private func reference(_ text: String, _ entry: YAMLEntry) throws(WorkflowFileError) -> ReferenceText.Meaning? {
        do {
            return try ReferenceText.parse(text)
        } catch {
            throw entry.error(error.message)
        }
    }

    /// Whether a list or mapping holds a `$` reference anywhere inside.
    static func holdsReference(_ entry: YAMLEntry) -> Bool {
        switch entry.node {
        case .scalar:
            if case .string(let text)? = entry.scalar { return text.hasPrefix("$") && !text.hasPrefix("$$") }
            return false
        case .sequence(let sequence):
            return sequence.contains { holdsReference(entry.child($0, index: 0)) }
        case .mapping(let mapping):
            return mapping.values.contains { holdsReference(entry.child($0, key: "")) }
        case .alias:
            return false
        }
    }

    /// That the reference points at something that exists, and the type it has if known.
    /// `hops` counts approve gates followed to their inputs, so that a cycle of them ends.
    private func check(_ reference: OutputReference, _ entry: YAMLEntry, in nodeID: String?, hops: Int = 0) throws(WorkflowFileError) -> LiteralType? {
        let written = "'\(ReferenceText.format(reference))'"
        if reference.nodeID.isEmpty {
            guard let input = workflowInputs.first(where: { $0.name == reference.output }) else {
                let known = workflowInputs.isEmpty ? "the workflow declares no inputs" : "inputs: \(workflowInputs.map(\.name).joined(separator: ", "))"
                throw entry.error("unknown reference \(written): no workflow input '\(reference.output)' (\(known))")
            }
            return Self.type(input.type, following: reference.path)
        }
        guard let outline = outlines[reference.nodeID] else {
            throw entry.error("unknown reference \(written): no node '\(reference.nodeID)' (nodes: \(outlines.topLevel.joined(separator: ", ")))")
        }
        if outline.enclosingBranch != nil {
            let branch = outlines.root(of: reference.nodeID)
            throw entry.error("\(written) points into branch '\(branch)'; use the branch's outputs: $\(branch).\(reference.output)")
        }
        if let nodeID, reference.nodeID == outlines.root(of: nodeID) {
            throw entry.error("\(written): node '\(nodeID)' cannot use its own outputs")
        }
        guard let outputs = outlines.outputs(of: reference.nodeID) else { return nil }
        guard outputs.names.contains(reference.output) else {
            let what: String = if case .branch = outline.kind { "not every case of branch '\(reference.nodeID)' gives" } else { "node '\(reference.nodeID)' has no" }
            let known = outputs.names.isEmpty ? "none" : outputs.names.joined(separator: ", ")
            throw entry.error("unknown reference \(written): \(what) output '\(reference.output)' (outputs: \(known))")
        }
        var type = outputs.types[reference.output]
        if type == nil, case .gate(let gate) = outline.kind { type = passedType(of: gate, gateID: reference.nodeID, hops: hops) }
        return Self.type(type, following: reference.path)
    }

    /// The type an approve gate passes on: its input's, when that is a reference whose type is
    /// known. Mistakes in the input are left for the gate's own node to report.
    private func passedType(of gate: GateOutline, gateID: String, hops: Int) -> LiteralType? {
        guard hops < outlines.count, let input = gate.input, case .string(let text)? = input.scalar,
              case .reference(let reference)? = try? ReferenceText.parse(text) else { return nil }
        return try? check(reference, input, in: gateID, hops: hops + 1)
    }

    /// The type at `path` inside a value of type `type`, when it can be told.
    static func type(_ type: LiteralType?, following path: [PathElement]) -> LiteralType? {
        var current = type
        for element in path {
            switch (current, element) {
            case (.collection(let element)?, .index):
                current = element
            case (.map(let value)?, .key):
                current = value
            case (.struct(let structType)?, .key(let key)):
                current = structType.fields.first { $0.name == key }?.type
            default:
                return nil
            }
        }
        return current
    }
}
