/// A map node's `map:` mapping: the task it runs once per element, the inputs it runs over
/// (zipped), how many elements may run at once, and how many must succeed.
///
///     map:
///       task: thumbnail
///       over: [chapter]
///       concurrency: 4
///       min_success_ratio: 0.9
struct MapOutline {
    let task: Identifier
    let spec: TaskSpec?
    let over: [String]
    let concurrency: UInt32
    let successCriteria: MapNode.SuccessCriteria?

    /// What the node gives: each output of the task as a list, one element per element.
    var outputs: [Variable] {
        (spec?.interface?.outputs ?? []).map { Variable(name: $0.name, type: $0.type.map { .collection($0) }) }
    }

    static func read(_ entry: YAMLEntry, scope: FileScope) throws(WorkflowFileError) -> MapOutline {
        let mapping = try entry.mapping(
            allowed: ["task", "over", "concurrency", "min_successes", "min_success_ratio"], what: "a map")
        let (task, spec) = scope.task(try NameRules.identifier(try mapping.required("task", what: "a map"), what: "task"))
        let overEntry = try mapping.required("over", what: "a map")
        let over = try overEntry.sequence(what: "over").map { entry throws(WorkflowFileError) in try entry.nonEmptyText(what: "a mapped input") }
        guard !over.isEmpty else { throw overEntry.error("a map runs over at least one input (over: [name, ...])") }
        if let interface = spec?.interface {
            for name in over where !interface.inputs.contains(where: { $0.name == name }) {
                throw overEntry.error("task \(task.name) has no input '\(name)' to map over (its inputs: \(interface.inputs.map(\.name).joined(separator: ", ")))")
            }
        }
        var concurrency: UInt32 = 0
        if let entry = mapping["concurrency"] {
            let value = try entry.integer(what: "concurrency", range: Int64.min...Int64.max)
            guard value > 0, value <= Int64(UInt32.max) else {
                throw entry.error("concurrency must be a positive number of elements, is \(value) (leave it out for no limit)")
            }
            concurrency = UInt32(value)
        }
        var criteria: MapNode.SuccessCriteria?
        if mapping.contains("min_successes"), let ratio = mapping["min_success_ratio"] {
            throw ratio.error("a map takes min_successes or min_success_ratio, not both")
        }
        if let entry = mapping["min_successes"] {
            let value = try entry.integer(what: "min_successes")
            criteria = .minSuccesses(UInt32(value))
        }
        if let entry = mapping["min_success_ratio"] {
            let value = try entry.number(what: "min_success_ratio")
            guard value > 0, value <= 1 else { throw entry.error("min_success_ratio must be above 0 and at most 1, is \(value)") }
            criteria = .minSuccessRatio(value)
        }
        return MapOutline(task: task, spec: spec, over: over, concurrency: concurrency, successCriteria: criteria)
    }
}
