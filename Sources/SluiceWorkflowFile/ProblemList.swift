/// The problems found reading a file. Reading goes on past a problem wherever what follows can
/// still be checked on its own (the next task, workflow, node or output), so that one read
/// reports every such problem instead of the first alone.
struct ProblemList {
    private(set) var problems: [WorkflowFileError] = []

    /// Runs `body`; a problem it throws (with any it carries) is noted, and nil returned.
    mutating func attempt<Value>(_ body: () throws(WorkflowFileError) -> Value) -> Value? {
        do {
            return try body()
        } catch {
            problems += error.all
            return nil
        }
    }

    /// The first problem, carrying the others, unless there are none.
    func throwIfAny() throws(WorkflowFileError) {
        guard var first = problems.first else { return }
        first.others = Array(problems.dropFirst())
        throw first
    }
}
