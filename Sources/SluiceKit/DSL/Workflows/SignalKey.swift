/// A signal's id with the type of its value: one constant shared by the workflow that waits for
/// it, the tests that give it, and the code that sets it, so that neither the name nor the type
/// is written twice.
///
///     static let copies = SignalKey<Int>("copies")
///     let n = wf.waitForInput(copies)                      // Future<Int>
///     try await client.signal(copies, of: execution, to: 3)
public struct SignalKey<Value: Codable & Sendable>: Sendable, Hashable {
    /// The signal id, as gates declare it and `sluice signal` names it.
    public let name: String

    public init(_ name: String) {
        self.name = name
    }
}

/// An approval's id: its approve gate passes a value on when approved, or fails with the
/// reviewer's reason when rejected.
///
///     static let ship = ApprovalKey("ship")
///     let released = wf.approve(build.artifact, ship)
///     try await client.approve(ship, of: execution, as: "ada")
public struct ApprovalKey: Sendable, Hashable {
    /// The approval's signal id, as `sluice approve` names it.
    public let name: String

    public init(_ name: String) {
        self.name = name
    }
}

extension WorkflowBuilder {
    /// A signal gate waiting for `key`'s value; see ``waitForInput(_:name:id:description:timeout:after:)``.
    public func waitForInput<T: Codable & Sendable>(
        _ key: SignalKey<T>, id: String? = nil, description: String = "", timeout: Duration? = nil, after: [any NodeReference] = []
    ) -> Future<T> {
        waitForInput(T.self, name: key.name, id: id, description: description, timeout: timeout, after: after)
    }

    /// An approve gate decided under `key`; see ``approve(_:name:id:description:timeout:after:)``.
    public func approve<T>(
        _ future: Future<T>, _ key: ApprovalKey, id: String? = nil, description: String = "", timeout: Duration? = nil,
        after: [any NodeReference] = []
    ) -> Future<T> {
        approve(future, name: key.name, id: id, description: description, timeout: timeout, after: after)
    }
}
