/// What a workflow's build closure gets: it makes the workflow's nodes, in call order, and the
/// futures that wire them. Node ids default to "n0", "n1"... by position in call order (branches
/// and their cases included), so the same code builds the same spec every time.
///
/// Problems found while building (a type that has no Sluice type, a future read as the wrong
/// type, a future from another workflow) are collected, not thrown: `compiled()` reports them
/// together with the compiler's.
public class WorkflowBuilder {
    /// The workflow's declared inputs by name; nil when `Input` has no Sluice type.
    let inputTypes: [String: LiteralType]?
    private(set) var problems: [WorkflowProblem] = []
    private(set) var tasks: [any TaskDefinition] = []
    private(set) var subWorkflows: [any WorkflowDefinition] = []
    private var nextNumber = 0
    /// Where new nodes go: the workflow's own list, or on top, a branch case being built.
    private var sinks: [[Node]] = [[]]
    /// In a workflow body's decision: the values it may read (see ``value(of:)``).
    var reader: BodyReader?

    init(inputTypes: [String: LiteralType]?) {
        self.inputTypes = inputTypes
    }

    /// The workflow's nodes, once the build closure has returned.
    var nodes: [Node] { sinks.first ?? [] }

    // MARK: Values

    /// The workflow input `name`, typed as `type`.
    public func input<V: Decodable>(_ name: String, as type: V.Type) -> Future<V> {
        let swiftType = derive(V.self, nodeID: "", place: "input \(name)")
        if let swiftType, let declared = inputTypes?[name], !declared.canBind(to: swiftType) {
            report("", input: name, "the input is \(declared.typeDescription) but is read as \(V.self) (\(swiftType.typeDescription))")
        }
        return Future(node: "", output: name, type: swiftType, builder: self)
    }

    /// A constant of any Codable type, as a future (plain scalars can be passed as they are).
    public func literal<V: Codable>(_ value: V) -> Future<V> {
        Future(.constant(value))
    }

    /// The futures gathered into one collection: a fan-in.
    public func collect<V>(_ futures: [Future<V>]) -> Future<[V]> {
        Future(.collection(futures.map(\.bound)))
    }

    /// The futures gathered into one map.
    public func collect<V>(_ futures: [String: Future<V>]) -> Future<[String: V]> {
        Future(.map(futures.mapValues(\.bound)))
    }

    // MARK: Calls

    /// Calls a task, binding its inputs by name: the string form, for tasks with no Swift types
    /// (a `TaskSpec`) and names known only at run time. Options given here override the
    /// task's own for this node (`timeout` is for the whole node, all attempts together), and
    /// `after` adds nodes to wait for although no data flows from them.
    ///
    /// Disfavored so that `wf.call(task)` of a typed task, with no inputs, is the typed call.
    @_disfavoredOverload
    @discardableResult
    public func call(
        _ task: some TaskDefinition, id: String? = nil, _ inputs: KeyValuePairs<String, any WorkflowValue> = [:],
        retries: Retries? = nil, timeout: Duration? = nil, pool: String? = nil, cache: Caching? = nil,
        name: String? = nil, after: [any NodeReference] = []
    ) -> NodeCall {
        let overrides = NodeMetadata.overrides(name: name, timeout: timeout, retries: retries, cache: cache, pool: pool)
        return addCall(task, id: id, NamedValues(inputs), overrides: overrides, after: after)
    }

    /// Calls a workflow as a sub-workflow, binding its inputs by name: its nodes run inline
    /// under this node's id.
    @_disfavoredOverload
    @discardableResult
    public func call(
        _ workflow: some WorkflowDefinition, id: String? = nil, _ inputs: KeyValuePairs<String, any WorkflowValue> = [:],
        timeout: Duration? = nil, name: String? = nil, after: [any NodeReference] = []
    ) -> NodeCall {
        let overrides = NodeMetadata.overrides(name: name, timeout: timeout, retries: nil, cache: nil, pool: nil)
        return addCall(workflow, id: id, NamedValues(inputs), overrides: overrides, after: after)
    }

    /// Adds a task node; the typed and the string forms of a call both end here.
    func addCall(
        _ task: some TaskDefinition, id: String?, _ inputs: NamedValues, overrides: NodeMetadata?, after: [any NodeReference]
    ) -> NodeCall {
        let nodeID = self.nodeID(id)
        let spec = use(task, nodeID: nodeID)
        // A dynamic task runs as a dynamic node: its task, then the subgraph it returns.
        let kind: Node.Kind = if case .dynamic? = spec?.kind {
            .dynamic(DynamicNode(task: task.taskID))
        } else {
            .task(TaskNode(task: task.taskID))
        }
        var node = Node(id: nodeID, upstream: after.map(\.nodeID), kind: kind)
        node.inputs = bind(inputs, nodeID: nodeID)
        node.metadata = overrides
        add(node)
        return NodeCall(id: nodeID, builder: self, outputTypes: spec.map { Self.types(of: $0.interface?.outputs) })
    }

    /// Adds a sub-workflow node.
    func addCall(
        _ workflow: some WorkflowDefinition, id: String?, _ inputs: NamedValues, overrides: NodeMetadata?, after: [any NodeReference]
    ) -> NodeCall {
        let nodeID = self.nodeID(id)
        use(workflow, nodeID: nodeID)
        var node = Node(id: nodeID, upstream: after.map(\.nodeID), kind: .workflow(SubWorkflowNode(workflow: workflow.workflowID)))
        node.inputs = bind(inputs, nodeID: nodeID)
        node.metadata = overrides
        add(node)
        return NodeCall(id: nodeID, builder: self, outputTypes: Self.types(of: workflow.spec.interface?.outputs))
    }

    // MARK: Internals shared with branches and workflows

    func report(_ nodeID: String, input: String = "", _ message: String) {
        let problem = WorkflowProblem(nodeID: nodeID, input: input, message: message)
        if !problems.contains(problem) { problems.append(problem) }
    }

    /// The id of the next node: the one given, else "n" and the node's position in call
    /// order, so that giving one node an id does not change the others'.
    func nodeID(_ given: String?) -> String {
        defer { nextNumber += 1 }
        return given ?? "n\(nextNumber)"
    }

    func add(_ node: Node) {
        sinks[sinks.count - 1].append(node)
    }

    /// Runs `body` with new nodes going to a list of their own, and returns that list.
    func capturingNodes(_ body: () -> Void) -> [Node] {
        sinks.append([])
        body()
        return sinks.removeLast()
    }

    /// The Sluice type of a Swift type a future is read as; nil (and reported) when it has none.
    func derive<V: Decodable>(_ type: V.Type, nodeID: String, place: String) -> LiteralType? {
        do {
            return try LiteralSchema.type(of: type)
        } catch {
            report(nodeID, "\(place): \(error)")
            return nil
        }
    }

    /// Named bindings, each checked for the problems the builder can see, with the problems
    /// found while they were set.
    func bind(_ values: NamedValues, nodeID: String) -> [String: Binding] {
        for problem in values.problems { report(nodeID, input: problem.field, problem.message) }
        var bindings: [String: Binding] = [:]
        for (name, value) in values.entries {
            guard bindings[name] == nil else {
                report(nodeID, input: name, "bound twice")
                continue
            }
            bindings[name] = bind(value, nodeID: nodeID, input: name).binding
        }
        return bindings
    }

    /// One binding, checked; `mapping` when a map call binds it, where `.each(list)` belongs.
    func bind(_ value: any WorkflowValue, nodeID: String, input: String, mapping: Bool = false) -> WorkflowBinding {
        let bound = value.workflowBinding()
        if bound.mapped, !mapping {
            report(nodeID, input: input, ".each(list) sets an input element by element, which only wf.map does")
        }
        for problem in bound.problems { report(nodeID, input: input, problem) }
        if bound.owners.contains(where: { $0 !== self }) {
            report(nodeID, input: input, "a future from another workflow is used here; futures cannot cross workflows")
        }
        return bound
    }

    /// Records a task the workflow uses; its spec, or nil (reported) when it has none.
    func use(_ task: some TaskDefinition, nodeID: String) -> TaskSpec? {
        let spec: TaskSpec
        do {
            spec = try task.spec
        } catch {
            report(nodeID, "task \(Self.display(task.taskID)): \(error)")
            return nil
        }
        if let known = tasks.first(where: { $0.taskID == task.taskID }) {
            if (try? known.spec) != spec {
                report(nodeID, "two different tasks are named \(Self.display(task.taskID)); give one another name or version")
            }
        } else {
            tasks.append(task)
        }
        return spec
    }

    private func use(_ workflow: some WorkflowDefinition, nodeID: String) {
        if let known = subWorkflows.first(where: { $0.workflowID == workflow.workflowID }) {
            if known.spec != workflow.spec {
                report(nodeID, "two different workflows are named \(Self.display(workflow.workflowID)); give one another name or version")
            }
        } else {
            subWorkflows.append(workflow)
        }
    }

    static func types(of variables: [Variable]?) -> [String: LiteralType] {
        var types: [String: LiteralType] = [:]
        for variable in variables ?? [] {
            if let type = variable.type { types[variable.name] = type }
        }
        return types
    }

    static func display(_ id: Identifier) -> String { "\(id.name):\(id.version)" }
}

extension NodeMetadata {
    /// Metadata holding the overrides given; nil when none is.
    static func overrides(name: String?, timeout: Duration?, retries: Retries?, cache: Caching?, pool: String?) -> NodeMetadata? {
        guard name != nil || timeout != nil || retries != nil || cache != nil || pool != nil else { return nil }
        return NodeMetadata(name: name ?? "", timeout: timeout, retries: retries?.policy, cache: cache?.settings, pool: pool ?? "")
    }
}
