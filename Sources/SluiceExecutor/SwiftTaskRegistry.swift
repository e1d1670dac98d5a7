import SluiceWire

// CONTRACT STUB: the signatures are fixed; the executor work may add to them.

/// A task body that failed: a user error (the task's own failure, retried by its retry policy)
/// or a system error (the machinery failed, retried by the system budget).
public struct TaskFailure: Error, Sendable, CustomStringConvertible {
    public var kind: ErrorKind
    /// Machine-readable reason ("NonZeroExit", "Timeout", "BadOutputs", "Thrown").
    public var code: String
    public var message: String
    public var stderrTail: String

    public init(kind: ErrorKind = .user, code: String, message: String, stderrTail: String = "") {
        self.kind = kind
        self.code = code
        self.message = message
        self.stderrTail = stderrTail
    }

    public var description: String { "\(code): \(message)" }
}

/// The Swift task bodies a SluiceKit executor binary runs, by task name (SwiftTask.name).
/// A body gets its inputs as Literals and returns its outputs; SluiceKit wraps typed
/// Codable closures into this form.
public struct SwiftTaskRegistry: Sendable {
    public typealias Body = @Sendable ([String: Literal]) async throws -> [String: Literal]

    public private(set) var bodies: [String: Body] = [:]

    public init() {}

    public mutating func register(_ name: String, body: @escaping Body) {
        bodies[name] = body
    }

    public var names: [String] { bodies.keys.sorted() }
}
