import SluiceWire

/// Where a binding is being checked, for messages.
struct BindingPlace {
    /// The node whose input this is; "" for a workflow output.
    var nodeID: String
    /// The input (or workflow output) name.
    var input: String
    /// The top-level node that owns the binding, which its futures may not refer to.
    var enclosing: String
    /// Where inside the binding: "" or "[2].name".
    var path: String = ""

    var inputDescription: String {
        (nodeID.isEmpty ? "output '" : "input '") + input + "'" + (path.isEmpty ? "" : " at \(path)")
    }

    func appending(_ step: String) -> BindingPlace {
        var place = self
        place.path += step
        return place
    }
}

/// What a future's reference leads to.
enum ReferenceOutcome {
    /// A valid reference; the type is nil when the producer does not declare it (a generic struct).
    case valid(LiteralType?)
    /// A reference whose producer's outputs cannot be told; already reported elsewhere.
    case unknown
    case invalid(String)
}

extension WorkflowCompilation {
    /// What the reference names, checked against the workflow: its inputs, or the outputs of
    /// one of its top-level nodes other than `enclosing`, the top-level node that `referrer`
    /// (the node holding the reference) is or belongs to.
    func resolve(_ reference: OutputReference, from referrer: String, enclosing: String) -> ReferenceOutcome {
        let producerType: LiteralType?
        if reference.nodeID.isEmpty {
            guard let variable = workflowInputs[reference.output] else {
                return .invalid("the workflow has no input '\(reference.output)'")
            }
            guard let type = variable.type else { return .unknown }
            producerType = type
        } else {
            let producer = reference.nodeID
            if producer == enclosing {
                return .invalid(referrer == enclosing
                    ? "a node cannot refer to its own outputs"
                    : "a case node cannot refer to its own branch node '\(producer)'")
            }
            guard topLevelNodes[producer] != nil else {
                if let owner = enclosingNode[producer] {
                    return .invalid("node '\(producer)' is a case of branch '\(owner)'; refer to the branch node's outputs instead")
                }
                return .invalid("unknown node '\(producer)'")
            }
            guard let outputs = outputTypes(ofNode: producer) else { return .unknown }
            guard let type = outputs[reference.output] else {
                return .invalid(missingOutputMessage(producer: producer, output: reference.output, outputs: outputs))
            }
            producerType = type
        }
        switch producerType?.type(at: reference.path) {
        case .type(let type)?: return .valid(type)
        case .untyped?, nil: return .valid(nil)
        case .invalid(let message)?: return .invalid("bad path: \(message)")
        }
    }

    private func missingOutputMessage(producer: String, output: String, outputs: [String: LiteralType]) -> String {
        if case .branch(let branch)? = topLevelNodes[producer]?.kind {
            let caseNodes = branch.cases.compactMap(\.thenNode) + (branch.elseNode.map { [$0] } ?? [])
            let givers = caseNodes.filter { outputTypes(ofNode: $0.id)?[output] != nil }.map(\.id)
            if !givers.isEmpty {
                return "output '\(output)' of branch '\(producer)' is not given, with one type, by every case (only by \(givers.joined(separator: ", ")))"
            }
        }
        let known = outputs.keys.sorted().joined(separator: ", ")
        return "node '\(producer)' has no output '\(output)' (its outputs: \(known.isEmpty ? "none" : known))"
    }

    /// The binding's type, for places that have no declared type; problems are not reported here.
    func typeOfBinding(_ binding: Binding) -> LiteralType? {
        switch binding {
        case .literal(let literal): return literal.naturalType
        case .future(let future):
            guard let reference = future.reference, case .valid(let type) = resolve(reference, from: "", enclosing: "") else { return nil }
            return type
        case .collection(let bindings):
            let parts = bindings.map { typeOfBinding($0) }
            return parts.contains(nil) ? nil : NaturalType.collection(of: parts.compactMap { $0 })
        case .map(let bindings):
            let parts = bindings.keys.sorted().map { bindings[$0].flatMap { typeOfBinding($0) } }
            return parts.contains(nil) ? nil : NaturalType.map(of: parts.compactMap { $0 })
        }
    }

    /// Checks a binding against the type declared for it (none: references only), reporting
    /// each problem, and returns it with every future's `type` filled in.
    func check(_ binding: Binding, expected: LiteralType?, at place: BindingPlace) -> Binding {
        var found: [WorkflowProblem] = []
        let checked = check(binding, expected: expected, at: place, into: &found)
        for problem in found { report(problem.nodeID, input: problem.input, problem.message) }
        return checked
    }

    private func check(_ binding: Binding, expected: LiteralType?, at place: BindingPlace, into found: inout [WorkflowProblem]) -> Binding {
        func problem(_ message: String) {
            found.append(WorkflowProblem(nodeID: place.nodeID, input: place.input, message: message))
        }
        switch binding {
        case .literal(let literal):
            for mismatch in expected?.mismatches(of: literal, at: place.path) ?? [] {
                var whole = place
                whole.path = ""
                problem("literal does not match \(whole.inputDescription): \(mismatch)")
            }
            return binding

        case .future(var future):
            guard let reference = future.reference else {
                problem("a future with no reference is bound to \(place.inputDescription)")
                return binding
            }
            switch resolve(reference, from: place.nodeID, enclosing: place.enclosing) {
            case .invalid(let message):
                problem("future \(reference.displayName): \(message)")
            case .unknown:
                break
            case .valid(let type):
                future.type = type
                if let type, let expected, !type.canBind(to: expected) {
                    problem("future \(reference.displayName) (\(type.typeDescription)) does not match \(place.inputDescription) (\(expected.typeDescription))")
                }
            }
            return .future(future)

        case .collection(let bindings):
            let elementType: LiteralType?
            switch expected {
            case nil: elementType = nil
            case .collection(let element)?: elementType = element
            case .union(let variants)?:
                return checkAgainstVariants(binding, variants: variants, at: place, into: &found)
            case let other?:
                problem("a collection is bound to \(place.inputDescription) (\(other.typeDescription))")
                elementType = nil
            }
            return .collection(bindings.enumerated().map { index, element in
                check(element, expected: elementType, at: place.appending("[\(index)]"), into: &found)
            })

        case .map(let bindings):
            switch expected {
            case .union(let variants)?:
                return checkAgainstVariants(binding, variants: variants, at: place, into: &found)
            case .struct(let structType)?:
                return checkStruct(bindings, as: structType, at: place, into: &found)
            case nil, .simple(.struct)?, .map?:
                break
            case let other?:
                problem("a map is bound to \(place.inputDescription) (\(other.typeDescription))")
            }
            let valueType: LiteralType? = if case .map(let value)? = expected { value } else { nil }
            var checked: [String: Binding] = [:]
            for key in bindings.keys.sorted() {
                checked[key] = check(bindings[key] ?? .literal(.none), expected: valueType, at: place.appending(".\(key)"), into: &found)
            }
            return .map(checked)
        }
    }

    /// A built collection or map bound to a union: it must fit one of the variants.
    private func checkAgainstVariants(_ binding: Binding, variants: [LiteralType], at place: BindingPlace, into found: inout [WorkflowProblem]) -> Binding {
        var firstAttempt: (Binding, [WorkflowProblem])?
        for variant in variants {
            var attempt: [WorkflowProblem] = []
            let checked = check(binding, expected: variant, at: place, into: &attempt)
            if attempt.isEmpty { return checked }
            if firstAttempt == nil { firstAttempt = (checked, attempt) }
        }
        found.append(WorkflowProblem(nodeID: place.nodeID, input: place.input,
            message: "what is bound to \(place.inputDescription) fits no variant of \(LiteralType.union(variants).typeDescription)"))
        // Checked once more without a type, for the futures' types and reference problems.
        return check(binding, expected: nil, at: place, into: &found)
    }

    private func checkStruct(_ bindings: [String: Binding], as structType: StructType, at place: BindingPlace, into found: inout [WorkflowProblem]) -> Binding {
        var checked: [String: Binding] = [:]
        let fields = Dictionary(structType.fields.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for key in bindings.keys.sorted() {
            let field = fields[key]
            if field == nil {
                found.append(WorkflowProblem(nodeID: place.nodeID, input: place.input,
                    message: "\(structType.displayName) has no field '\(key)' (bound at \(place.inputDescription))"))
            }
            checked[key] = check(bindings[key] ?? .literal(.none), expected: field?.type, at: place.appending(".\(key)"), into: &found)
        }
        for field in structType.fields where bindings[field.name] == nil && !(field.type?.accepts(.none) ?? true) {
            found.append(WorkflowProblem(nodeID: place.nodeID, input: place.input,
                message: "field '\(field.name)' of \(structType.displayName) is not bound at \(place.inputDescription)"))
        }
        return .map(checked)
    }
}
