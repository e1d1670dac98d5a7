import SluiceWire

/// One problem with a declared input or output of a task or workflow.
struct InterfaceProblem: Hashable, Sendable, CustomStringConvertible {
    enum Direction: String, Sendable { case input, output }

    var direction: Direction
    /// The variable's name, or "#N" (its position) when it has none.
    var name: String
    var message: String

    var description: String { "\(direction.rawValue) '\(name)': \(message)" }
}

/// Checks the variables a task or workflow declares: names, types, defaults.
enum InterfaceValidation {
    static func problems(in interface: TypedInterface?) -> [InterfaceProblem] {
        guard let interface else { return [] }
        return problems(in: interface.inputs, as: .input) + problems(in: interface.outputs, as: .output)
    }

    private static func problems(in variables: [Variable], as direction: InterfaceProblem.Direction) -> [InterfaceProblem] {
        var found: [InterfaceProblem] = []
        var seen: Set<String> = []
        for (index, variable) in variables.enumerated() {
            let name = variable.name.isEmpty ? "#\(index + 1)" : variable.name
            func report(_ message: String) {
                found.append(InterfaceProblem(direction: direction, name: name, message: message))
            }
            if variable.name.isEmpty {
                report("the \(direction.rawValue) has no name")
            } else if !VariableName.isValid(variable.name) {
                report("not a valid name (letters, digits and _, not starting with a digit)")
            }
            if !variable.name.isEmpty, !seen.insert(variable.name).inserted {
                report("declared twice")
            }
            guard let type = variable.type else {
                report("has no type")
                continue
            }
            for problem in type.definitionProblems() {
                report("type: \(problem)")
            }
            if let value = variable.defaultValue {
                if direction == .output {
                    report("an output cannot have a default")
                } else {
                    for mismatch in type.mismatches(of: value) {
                        report("default does not match the type: \(mismatch)")
                    }
                }
            }
        }
        return found
    }
}

/// The names inputs and outputs may have: they appear in templates ({{inputs.name}}) and in
/// generated code, so they follow the identifier rules of most languages.
public enum VariableName {
    /// Whether `name` matches `[A-Za-z_][A-Za-z0-9_]*`.
    public static func isValid(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, isLetterOrUnderscore(first) else { return false }
        return name.unicodeScalars.allSatisfy { isLetterOrUnderscore($0) || ("0"..."9").contains($0) }
    }

    private static func isLetterOrUnderscore(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || scalar == "_"
    }
}
