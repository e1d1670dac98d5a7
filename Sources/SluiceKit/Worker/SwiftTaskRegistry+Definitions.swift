@_exported import struct SluiceExecutor.SwiftTaskRegistry
@_exported import struct SluiceExecutor.TaskFailure

extension SwiftTaskRegistry {
    /// A registry of the bodies of these tasks, by function name. Throws
    /// ``TaskRegistrationError`` when two different tasks share a function name (two versions
    /// of one task, say), since an executor could not tell which body to run.
    public init(tasks: [any SwiftTaskDefinition]) throws(TaskRegistrationError) {
        self.init()
        var owners: [String: Identifier] = [:]
        for task in tasks {
            if let owner = owners[task.functionName] {
                if owner == task.taskID { continue }
                throw TaskRegistrationError(functionName: task.functionName, tasks: [owner, task.taskID])
            }
            owners[task.functionName] = task.taskID
            register(task.functionName, body: task.body)
        }
    }

    /// A registry of the tasks the closure lists:
    ///
    ///     let registry = try SwiftTaskRegistry {
    ///         addOne
    ///         sum
    ///     }
    public init(@SwiftTaskList _ tasks: () -> [any SwiftTaskDefinition]) throws(TaskRegistrationError) {
        try self.init(tasks: tasks())
    }

    /// The Swift tasks of these workflows, their sub-workflows' included.
    public init(workflows: [any WorkflowDefinition]) throws(TaskRegistrationError) {
        try self.init(tasks: workflows.flatMap(\.allTasks).compactMap { $0 as? any SwiftTaskDefinition })
    }
}

/// Two different tasks registered under one Swift function name.
public struct TaskRegistrationError: Error, Sendable, CustomStringConvertible {
    public var functionName: String
    public var tasks: [Identifier]

    public var description: String {
        let names = tasks.map { "\($0.name):\($0.version)" }.joined(separator: " and ")
        return "\(names) share the Swift function name '\(functionName)'; an executor can run only one of them"
    }
}

/// Lists Swift tasks, one per line.
@resultBuilder
public enum SwiftTaskList {
    public static func buildExpression(_ task: any SwiftTaskDefinition) -> [any SwiftTaskDefinition] { [task] }
    public static func buildExpression(_ tasks: [any SwiftTaskDefinition]) -> [any SwiftTaskDefinition] { tasks }
    public static func buildBlock(_ parts: [any SwiftTaskDefinition]...) -> [any SwiftTaskDefinition] { parts.flatMap { $0 } }
    public static func buildOptional(_ part: [any SwiftTaskDefinition]?) -> [any SwiftTaskDefinition] { part ?? [] }
    public static func buildEither(first part: [any SwiftTaskDefinition]) -> [any SwiftTaskDefinition] { part }
    public static func buildEither(second part: [any SwiftTaskDefinition]) -> [any SwiftTaskDefinition] { part }
    public static func buildArray(_ parts: [[any SwiftTaskDefinition]]) -> [any SwiftTaskDefinition] { parts.flatMap { $0 } }
}
