import SluiceExecutor

/// A task a workflow can call: a ``SwiftTask``, or any `TaskSpec` (a shell task, or a task
/// registered elsewhere).
public protocol TaskDefinition: Sendable {
    /// The task's name and version.
    var taskID: Identifier { get }
    /// The spec registration stores. Throws when it cannot be made, e.g. when the interface of
    /// a Swift task cannot be derived from its Codable types (a ``SchemaError``).
    var spec: TaskSpec { get throws }
}

/// A task whose body is Swift code, run by an executor binary built on SluiceKit (see
/// ``SluiceWorker``) or in-process by ``LocalRunner``.
public protocol SwiftTaskDefinition: TaskDefinition {
    /// The name the body is registered under in an executor: the spec's `swift.name`.
    var functionName: String { get }
    /// The body over Literals: inputs in, outputs out.
    var body: SwiftTaskRegistry.Body { get }
}

extension TaskSpec: TaskDefinition {
    public var taskID: Identifier { id ?? Identifier() }
    public var spec: TaskSpec { self }
}
