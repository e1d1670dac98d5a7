extension WorkflowBuilder {
    /// A signal gate: the workflow waits here until a value of type `T` is set under `name`
    /// (`sluice signal EXECUTION NAME VALUE`, or `SluiceClient.setSignal`), and the future is
    /// that value. The gate's type is derived from `T` as task interfaces are (a struct becomes
    /// a struct type of its fields). A value may be set before the gate is reached.
    ///
    ///     let size = wf.waitForInput(Int.self, name: "size", description: "How many copies?")
    ///     wf.call(printCopies, ["copies": size])
    ///
    /// - Parameters:
    ///   - name: the signal id, unique in the workflow; what the value is set under.
    ///   - id: the node id; by default "n" and the node's position in call order.
    ///   - description: shown to whoever is asked for the value.
    ///   - timeout: the node is TIMED_OUT when no value arrives this long after it is reached.
    ///   - after: nodes to reach the gate after, although no data flows from them.
    public func waitForInput<T: Codable & Sendable>(
        _ type: T.Type, name: String, id: String? = nil, description: String = "", timeout: Duration? = nil,
        after: [any NodeReference] = []
    ) -> Future<T> {
        let nodeID = self.nodeID(id)
        let valueType = derive(T.self, nodeID: nodeID, place: "signal \(name)")
        let signal = SignalGate(signalID: name, type: valueType, description: description)
        add(Node(id: nodeID, upstream: after.map(\.nodeID), kind: .gate(GateNode(condition: .signal(signal), timeout: timeout))))
        return Future(node: nodeID, output: "value", type: valueType, builder: self)
    }

    /// An approve gate: the workflow waits here until the approval `name` is given
    /// (`sluice approve EXECUTION NAME`, or `SluiceClient.approve`), then passes `future` on.
    /// Rejected (`sluice reject`), the gate fails with the reviewer's reason.
    ///
    ///     let release = wf.approve(build["artifact", as: String.self], name: "ship")
    ///     wf.call(deploy, ["artifact": release])
    ///
    /// - Parameters:
    ///   - name: the approval's signal id, unique in the workflow.
    ///   - id: the node id; by default "n" and the node's position in call order.
    ///   - description: shown to whoever is asked to approve.
    ///   - approvers: who may decide it: principal names, and groups as "group:NAME" (see
    ///     ``Approvers``). Anyone with the operator role may decide a gate that names nobody.
    ///   - timeout: the node is TIMED_OUT when no decision arrives this long after it is reached.
    ///   - after: nodes to reach the gate after, besides the one `future` comes from.
    public func approve<T>(
        _ future: Future<T>, name: String, id: String? = nil, description: String = "", approvers: [String] = [],
        timeout: Duration? = nil, after: [any NodeReference] = []
    ) -> Future<T> {
        let nodeID = self.nodeID(id)
        let input = bind(future, nodeID: nodeID, input: "value")
        let approve = ApproveGate(signalID: name, description: description, approvers: approvers)
        add(Node(
            id: nodeID, inputs: ["value": input.binding], upstream: after.map(\.nodeID),
            kind: .gate(GateNode(condition: .approve(approve), timeout: timeout))))
        return Future(node: nodeID, output: "value", type: input.type, builder: self)
    }

    /// A durable timer: the node ends `duration` after it is reached, even across restarts of
    /// the services. It gives no value; calls wait for it with `after:`.
    ///
    ///     let cooled = wf.sleep(for: .seconds(30), after: [warmUp])
    ///     wf.call(measure, ["n": n], after: [cooled])
    ///
    /// - Parameters:
    ///   - id: the node id; by default "n" and the node's position in call order.
    ///   - after: nodes to start the timer after; without any, it starts with the execution.
    public func sleep(for duration: Duration, id: String? = nil, after: [any NodeReference] = []) -> NodeCall {
        let nodeID = self.nodeID(id)
        add(Node(id: nodeID, upstream: after.map(\.nodeID), kind: .gate(GateNode(condition: .sleep(SleepGate(duration: duration))))))
        return NodeCall(id: nodeID, builder: self, outputTypes: [:])
    }
}
