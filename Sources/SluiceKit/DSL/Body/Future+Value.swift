import SluiceExecutor

extension WorkflowBuilder {
    /// The value of a future, in a workflow body: there at once when its calls have ended (the
    /// call's error is thrown when it failed: ``CallFailed``, or ``CallTimedOut``); otherwise
    /// the body stops here (``BodySuspension``) and runs again from the top once it is there.
    /// In a workflow's or dynamic task's build closure there are no values to read: it throws.
    public func value<V: Decodable>(of future: Future<V>) async throws -> V {
        guard let reader else {
            throw TaskFailure(code: "NotABody", message: "a future's value can be read only in a workflow body (WorkflowBody)")
        }
        let bound = future.workflowBinding()
        if BodyReader.running != reader.run || bound.owners.contains(where: { $0 !== self }) {
            throw TaskFailure(
                code: "ForeignFuture",
                message: "the body reads a future made elsewhere (by another run of a body, or another workflow); a future lives only in the run that made it")
        }
        if let problem = bound.problems.first { throw TaskFailure(code: "BadRead", message: problem) }
        let literal = try reader.value(of: bound.binding, callsMade: nodes.count)
        do {
            return try LiteralDecoder().decode(V.self, from: literal)
        } catch {
            throw TaskFailure(code: "BadRead", message: "the value read does not decode as \(V.self): \(CodingErrorText.message(of: error))")
        }
    }
}

extension Future where Value: Decodable {
    /// The future's value, in a workflow body: see ``WorkflowBuilder/value(of:)``.
    public var value: Value {
        get async throws {
            guard let builder = bound.owners.first else {
                // A constant: no call to wait for.
                guard case .literal(let literal) = bound.binding else {
                    throw TaskFailure(code: "NotABody", message: "a future's value can be read only in a workflow body (WorkflowBody)")
                }
                return try LiteralDecoder().decode(Value.self, from: literal)
            }
            return try await builder.value(of: self)
        }
    }
}
