import SluiceWire

// CONTRACT STUB: the signature is fixed; the body is filled in by the compiler work.

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
        fatalError("bindInputs: not yet implemented")
    }

    /// Outputs checked against the declared outputs (all present, none unknown, types right).
    public func checkOutputs(_ outputs: [String: Literal]) throws -> [String: Literal] {
        fatalError("checkOutputs: not yet implemented")
    }
}
