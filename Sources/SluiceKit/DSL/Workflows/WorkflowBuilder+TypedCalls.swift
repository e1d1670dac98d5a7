// Typed calls take the concrete SwiftTask and Workflow types rather than a protocol with
// associated types: with those, a mistake inside the inputs closure leaves the compiler unable
// to say what is wrong ("failed to produce diagnostic"), where the concrete types give
// "cannot assign value of type 'Future<String>' to type 'Future<Int>'".

extension WorkflowBuilder {
    /// Calls a task, setting its inputs as the fields of its `Input`; its outputs are the
    /// fields of its `Output`:
    ///
    ///     let y = wf.call(addOne) { $0.x = n }     // y.y is a Future<Int>
    ///
    /// Options given here override the task's own for this node (`timeout` is for the whole
    /// node, all attempts together), and `after` adds nodes to wait for although no data flows
    /// from them.
    @discardableResult
    public func call<Input, Output>(
        _ task: SwiftTask<Input, Output>, id: String? = nil, retries: Retries? = nil, timeout: Duration? = nil,
        pool: String? = nil, cache: Caching? = nil, name: String? = nil, after: [any NodeReference] = [],
        _ inputs: (inout FutureFields<Input>) -> Void = { _ in }
    ) -> Call<Output> {
        let overrides = NodeMetadata.overrides(name: name, timeout: timeout, retries: retries, cache: cache, pool: pool)
        return typedCall(task, id: id, overrides: overrides, after: after, inputs)
    }

    /// Calls a dynamic task: the node runs the task, then the subgraph it returns, and its
    /// outputs are the fields of its `Output`, as the subgraph sets them.
    @discardableResult
    public func call<Input, Output>(
        _ task: DynamicTask<Input, Output>, id: String? = nil, retries: Retries? = nil, timeout: Duration? = nil,
        pool: String? = nil, cache: Caching? = nil, name: String? = nil, after: [any NodeReference] = [],
        _ inputs: (inout FutureFields<Input>) -> Void = { _ in }
    ) -> Call<Output> {
        let overrides = NodeMetadata.overrides(name: name, timeout: timeout, retries: retries, cache: cache, pool: pool)
        return typedCall(task, id: id, overrides: overrides, after: after, inputs)
    }

    /// Calls a workflow body: the node runs its decisions and the calls they make, and its
    /// outputs are the fields of its `Output`, as the body returns them. `timeout` is for the
    /// whole body; `retries` for each decision.
    @discardableResult
    public func call<Input, Output>(
        _ body: WorkflowBody<Input, Output>, id: String? = nil, retries: Retries? = nil, timeout: Duration? = nil,
        pool: String? = nil, name: String? = nil, after: [any NodeReference] = [],
        _ inputs: (inout FutureFields<Input>) -> Void = { _ in }
    ) -> Call<Output> {
        let overrides = NodeMetadata.overrides(name: name, timeout: timeout, retries: retries, cache: nil, pool: pool)
        return typedCall(body, id: id, overrides: overrides, after: after, inputs)
    }

    /// Calls a workflow as a sub-workflow, setting its inputs as the fields of its `Input`:
    /// its nodes run inline under this node's id.
    @discardableResult
    public func call<Input, Output>(
        _ workflow: Workflow<Input, Output>, id: String? = nil, timeout: Duration? = nil, name: String? = nil,
        after: [any NodeReference] = [], _ inputs: (inout FutureFields<Input>) -> Void = { _ in }
    ) -> Call<Output> {
        var fields = FutureFields<Input>()
        inputs(&fields)
        let overrides = NodeMetadata.overrides(name: name, timeout: timeout, retries: nil, cache: nil, pool: nil)
        return Call(made: addCall(workflow, id: id, fields.named, overrides: overrides, after: after))
    }
}

extension WorkflowBuilder {
    /// A task node whose inputs are set as the fields of `Input`.
    private func typedCall<Input, Output>(
        _ task: some TaskDefinition, id: String?, overrides: NodeMetadata?, after: [any NodeReference],
        _ inputs: (inout FutureFields<Input>) -> Void
    ) -> Call<Output> {
        var fields = FutureFields<Input>()
        inputs(&fields)
        return Call(made: addCall(task, id: id, fields.named, overrides: overrides, after: after))
    }
}

extension Workflow {
    /// What a workflow's build closure gets: a ``WorkflowBuilder`` that knows the workflow's
    /// `Input` and `Output`, so inputs are read and outputs set by field.
    public final class Builder: WorkflowBuilder {
        /// The workflow input `field`: `wf.input(\.orderID)`.
        public func input<Value: Codable>(_ field: KeyPath<Input, Value>) -> Future<Value> {
            do {
                let keys = try FieldPaths.path(of: field)
                guard keys.count > 1 else { return input(keys[0], as: Value.self) }
                let field = Future<Value>(node: "", output: keys[0], type: nil, builder: self)
                return field.following(keys.dropFirst().map(PathElement.key))
            } catch {
                return Future.broken(error.description)
            }
        }

        /// The workflow's outputs, set as the fields of `Output`:
        /// `return wf.outputs { $0.total = sum.total }`.
        public func outputs(_ set: (inout FutureFields<Output>) -> Void) -> FutureFields<Output> {
            var fields = FutureFields<Output>()
            set(&fields)
            return fields
        }
    }
}
