import SluiceWire

// CONTRACT STUB: the signature is fixed; the body is filled in by the compiler work.

public enum TaskValidator {
    /// Problems with a task spec on its own (id, kind, interface types, settings); empty when valid.
    public static func problems(in task: TaskSpec) -> [String] {
        fatalError("TaskValidator.problems: not yet implemented")
    }
}
