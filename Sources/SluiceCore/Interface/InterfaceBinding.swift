import SluiceWire

/// A wrong, missing or unknown input, naming it.
public struct InputProblem: Sendable, Hashable, CustomStringConvertible {
    public var input: String
    public var message: String
    public init(input: String, message: String) {
        self.input = input
        self.message = message
    }
    public var description: String { "input \(input): \(message)" }
}

public struct InputBindingError: Error, Sendable, CustomStringConvertible {
    public var problems: [InputProblem]
    public init(problems: [InputProblem]) { self.problems = problems }
    public var description: String { problems.map(\.description).joined(separator: "; ") }
}

extension TypedInterface {
    /// The given inputs checked against the declared inputs, with defaults filled in. Throws
    /// ``InputBindingError`` listing every unknown, missing or mistyped input.
    public func bindInputs(_ given: [String: Literal]) throws -> [String: Literal] {
        try Self.bind(given, to: inputs, useDefaults: true, noun: "input")
    }

    /// Outputs checked against the declared outputs (all present, none unknown, types right).
    public func checkOutputs(_ outputs: [String: Literal]) throws -> [String: Literal] {
        try Self.bind(outputs, to: self.outputs, useDefaults: false, noun: "output")
    }

    private static func bind(_ given: [String: Literal], to declared: [Variable], useDefaults: Bool, noun: String) throws -> [String: Literal] {
        var problems: [InputProblem] = []
        if !allDeclared(given.keys, in: declared) {
            let declaredNames = Set(declared.map(\.name))
            for name in given.keys.sorted() where !declaredNames.contains(name) {
                let known = declared.map(\.name).joined(separator: ", ")
                problems.append(InputProblem(input: name, message: "unknown \(noun) (declared: \(known.isEmpty ? "none" : known))"))
            }
        }
        // Once every name given is known to be declared, the values bound are the values given
        // plus any defaults: the given storage is kept (copied only when a default is added)
        // instead of building a dictionary anew, which a thousand cache hits checking their
        // outputs here would each pay for.
        var bound = given
        for variable in declared {
            let value: Literal
            if let givenValue = given[variable.name] {
                value = givenValue
            } else if useDefaults, let defaultValue = variable.defaultValue {
                value = defaultValue
                bound[variable.name] = defaultValue
            } else {
                problems.append(InputProblem(input: variable.name, message: "missing required \(noun)"))
                continue
            }
            guard let type = variable.type else {
                problems.append(InputProblem(input: variable.name, message: "the \(noun) has no declared type"))
                continue
            }
            problems += type.mismatches(of: value).map { InputProblem(input: variable.name, message: $0.description) }
        }
        guard problems.isEmpty else { throw InputBindingError(problems: problems) }
        return bound
    }

    /// Whether every name is declared. Interfaces are short, so a scan beats building a set,
    /// except for long ones.
    private static func allDeclared(_ names: Dictionary<String, Literal>.Keys, in declared: [Variable]) -> Bool {
        if declared.count > 16 {
            let declaredNames = Set(declared.map(\.name))
            return names.allSatisfy(declaredNames.contains)
        }
        return names.allSatisfy { name in declared.contains { $0.name == name } }
    }
}
