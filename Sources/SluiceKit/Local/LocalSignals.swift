/// Signals given to a ``LocalRunner`` run up front, set by their typed keys.
///
///     var signals = LocalSignals()
///     try signals.set(copies, to: 2)
///     signals.approve(ship)
///     let run = try await LocalRunner().run(printing, input: order, signals: signals)
public struct LocalSignals: Sendable {
    /// By signal id, as ``LocalRunner`` takes them.
    public private(set) var byName: [String: LocalSignal] = [:]

    public init() {}

    /// Gives `key`'s signal gate its value.
    public mutating func set<T>(_ key: SignalKey<T>, to value: T, by setBy: String = "local") throws {
        byName[key.name] = try .value(value, by: setBy)
    }

    /// Approves `key`'s approve gate.
    public mutating func approve(_ key: ApprovalKey, by setBy: String = "local", comment: String = "") {
        byName[key.name] = .approve(by: setBy, comment: comment)
    }

    /// Rejects `key`'s approve gate with `reason`.
    public mutating func reject(_ key: ApprovalKey, reason: String, by setBy: String = "local") {
        byName[key.name] = .reject(reason: reason, by: setBy)
    }
}

extension LocalRunner {
    /// Runs the workflow with signals set by their typed keys.
    public func run<Input, Output>(
        _ workflow: Workflow<Input, Output>, input: Input, signals: LocalSignals, timeout: Duration? = nil
    ) async throws -> LocalRun {
        try await run(workflow, input: input, signals: signals.byName, timeout: timeout)
    }
}
