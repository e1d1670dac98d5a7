/// A workflow's `Input` value as the named inputs an execution takes: the struct's fields by
/// name. Shared by the in-process runner and the client, so both accept the same values.
enum NamedInputs {
    /// Why a value cannot be a workflow's inputs, in one line.
    struct Failure: Error {
        let message: String
    }

    static func encode<Input: Encodable>(_ input: Input) throws(Failure) -> [String: Literal] {
        let literal: Literal
        do {
            literal = try LiteralEncoder().encode(input)
        } catch {
            throw Failure(message: "the input does not encode: \(CodingErrorText.message(of: error))")
        }
        guard case .map(let inputs) = literal else {
            throw Failure(message: "\(Input.self) encodes to \(literal.kindDescription), not to named inputs")
        }
        return inputs
    }
}
