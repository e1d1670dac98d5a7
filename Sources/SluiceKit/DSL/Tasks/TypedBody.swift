import SluiceExecutor

/// Wraps a typed closure into a body over Literals: inputs decoded into the closure's Input,
/// its Output encoded back into named outputs.
enum TypedBody {
    static func make<Input: Decodable & SendableMetatype, Output: Encodable & SendableMetatype>(
        _ input: Input.Type, _ output: Output.Type, optionalOutputs: [String],
        _ run: @escaping @Sendable (Input) async throws -> Output
    ) -> SwiftTaskRegistry.Body {
        { @Sendable inputs in
            try outputs(of: try await run(try decodedInput(Input.self, from: inputs)), optionalOutputs: optionalOutputs)
        }
    }

    /// The inputs decoded as the body's `Input`; a failure says what did not fit.
    static func decodedInput<Input: Decodable>(_ type: Input.Type, from inputs: [String: Literal]) throws -> Input {
        do {
            return try LiteralDecoder().decode(Input.self, from: .map(inputs))
        } catch {
            throw TaskFailure(code: "BadInputs", message: "the inputs do not decode as \(Input.self): \(CodingErrorText.message(of: error))")
        }
    }

    /// The interface of a task over `Input` and `Output`: their fields.
    static func interface<Input: Decodable, Output: Decodable>(_ input: Input.Type, _ output: Output.Type) -> Result<TypedInterface, SchemaError> {
        Result { () throws(SchemaError) -> TypedInterface in
            TypedInterface(
                inputs: try LiteralSchema.variables(of: Input.self),
                outputs: try LiteralSchema.fields(of: Output.self).map { Variable(name: $0.name, type: $0.type) })
        }
    }

    /// The named outputs of a value. The encoder leaves nil optionals out; they are given as
    /// none, since every declared output must be present.
    static func outputs<Output: Encodable>(of value: Output, optionalOutputs: [String]) throws -> [String: Literal] {
        let literal: Literal
        do {
            literal = try LiteralEncoder().encode(value)
        } catch {
            throw TaskFailure(code: "BadOutputs", message: "the outputs do not encode: \(CodingErrorText.message(of: error))")
        }
        guard case .map(var named) = literal else {
            throw TaskFailure(
                code: "BadOutputs",
                message: "\(Output.self) encodes to \(literal.kindDescription), not to named outputs")
        }
        for name in optionalOutputs where named[name] == nil { named[name] = Literal.none }
        return named
    }
}
