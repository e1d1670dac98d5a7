import SluiceRPC

extension Execution {
    /// The output `name` as a Swift value, e.g. `try execution.output("total", as: Int.self)`.
    /// Throws a NOT_FOUND ``ServiceError`` when there is no such output (listing those there are),
    /// and an INVALID_ARGUMENT one when it does not decode as `T` or is an error value.
    public func output<T: Decodable>(_ name: String, as type: T.Type = T.self) throws -> T {
        try OutputReading.decode(outputs, name, as: type, owner: "execution \(id)")
    }
}

extension NodeExecution {
    /// The node's output `name` as a Swift value; see ``Execution/output(_:as:)``.
    public func output<T: Decodable>(_ name: String, as type: T.Type = T.self) throws -> T {
        try OutputReading.decode(outputs, name, as: type, owner: "node \(nodeID)")
    }
}

enum OutputReading {
    static func decode<T: Decodable>(_ outputs: [String: Literal], _ name: String, as type: T.Type, owner: String) throws -> T {
        guard let literal = outputs[name] else {
            let known = outputs.isEmpty ? "it has none" : "it has \(outputs.keys.sorted().joined(separator: ", "))"
            throw ServiceError(.notFound, "\(owner) has no output '\(name)' (\(known))")
        }
        if case .error(let error) = literal, T.self != Literal.self {
            throw ServiceError(.invalidArgument, "output '\(name)' of \(owner) is an error: \(error.message)")
        }
        do {
            return try LiteralDecoder().decode(type, from: literal)
        } catch {
            throw ServiceError(.invalidArgument, "output '\(name)' of \(owner) is not a \(T.self): \(DecodingFailure.describe(error))")
        }
    }
}

/// A DecodingError in one line: where, and what.
enum DecodingFailure {
    static func describe(_ error: any Error) -> String {
        guard let decoding = error as? DecodingError else { return "\(error)" }
        let context: DecodingError.Context
        switch decoding {
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .keyNotFound(_, let c), .dataCorrupted(let c): context = c
        @unknown default: return "\(decoding)"
        }
        let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        return path.isEmpty ? context.debugDescription : "at \(path): \(context.debugDescription)"
    }
}
