/// How many elements of a map call must succeed for the node to: all of them (the default), at
/// least a number, or at least a share. Below all, a failed element's outputs are none, so the
/// task's outputs must be optional.
public enum MapSuccess: Sendable, Hashable {
    case all
    case atLeast(Int)
    case ratio(Double)
}

extension WorkflowBuilder {
    /// Runs `task` once per element of the lists set with `.each(list)` (several are zipped);
    /// inputs set to plain futures or constants are the same for every element. Each element
    /// is a node of its own ("thumbs[3]") with its own attempts, retries and cache entry; the
    /// outputs are lists, one element per input element, in order:
    ///
    ///     let thumbs = wf.map(thumbnail, id: "thumbs", concurrency: 4) {
    ///         $0.chapter = .each(chapters.list)
    ///         $0.video = encoded.video
    ///     }
    ///     let images = thumbs.image        // Future<[String]>
    ///
    /// `concurrency` bounds the elements running at once (nil: as many as executors take);
    /// `success` lets the node succeed with some elements failed. Retries, timeout (per
    /// attempt), pool and caching are the task's, overridden per node as for `call`.
    @discardableResult
    public func map<Input, Output>(
        _ task: SwiftTask<Input, Output>, id: String? = nil, concurrency: Int? = nil, success: MapSuccess = .all,
        retries: Retries? = nil, timeout: Duration? = nil, pool: String? = nil, cache: Caching? = nil,
        name: String? = nil, after: [any NodeReference] = [],
        _ inputs: (inout FutureFields<Input>) -> Void
    ) -> MapCall<Output> {
        var fields = FutureFields<Input>()
        inputs(&fields)
        let nodeID = self.nodeID(id)
        let spec = use(task, nodeID: nodeID)
        var map = MapNode(task: task.taskID)
        var bindings: [String: Binding] = [:]
        for problem in fields.named.problems { report(nodeID, input: problem.field, problem.message) }
        for (name, value) in fields.named.entries {
            let bound = bind(value, nodeID: nodeID, input: name, mapping: true)
            if bound.mapped { map.mappedInputs.append(name) }
            bindings[name] = bound.binding
        }
        if map.mappedInputs.isEmpty {
            report(nodeID, "a map call needs at least one input set to .each(list)")
        }
        if let concurrency {
            if concurrency > 0 { map.concurrency = UInt32(clamping: concurrency) } else { report(nodeID, "concurrency must be positive, is \(concurrency)") }
        }
        switch success {
        case .all: break
        case .atLeast(let count):
            if count >= 0 { map.successCriteria = .minSuccesses(UInt32(clamping: count)) } else { report(nodeID, "success: .atLeast needs a count of 0 or more, is \(count)") }
        case .ratio(let ratio): map.successCriteria = .minSuccessRatio(ratio)
        }
        var node = Node(id: nodeID, upstream: after.map(\.nodeID), kind: .map(map))
        node.inputs = bindings
        node.metadata = NodeMetadata.overrides(name: name, timeout: timeout, retries: retries, cache: cache, pool: pool)
        add(node)
        let outputTypes = spec.map { Self.types(of: $0.interface?.outputs).mapValues { LiteralType.collection($0) } }
        return MapCall(made: NodeCall(id: nodeID, builder: self, outputTypes: outputTypes))
    }
}

/// A typed map call: each output field of the task, as a future of the list of that field's
/// values, one per element: `thumbs.image` is a `Future<[String]>` when `image` is a `String`.
@dynamicMemberLookup
public struct MapCall<Output: Codable>: MadeNode {
    let made: NodeCall

    public var nodeID: String { made.id }

    public subscript<Value: Codable>(dynamicMember output: KeyPath<Output, Value>) -> Future<[Value]> {
        self[output]
    }

    public subscript<Value: Codable>(_ output: KeyPath<Output, Value>) -> Future<[Value]> {
        let keys: [String]
        do {
            keys = try FieldPaths.path(of: output)
        } catch {
            return Future.broken(error.description)
        }
        guard keys.count == 1 else {
            return Future.broken("\(output): a map's outputs are lists; take an element first ([index]), then its fields")
        }
        return made.output(keys[0], as: [Value].self)
    }
}

extension Future {
    /// Each element of `list`, one per element of a `wf.map` call: `$0.chapter = .each(chapters)`.
    public static func each(_ list: Future<[Value]>) -> Future<Value> {
        Future(list.bound.mappedOver())
    }
}
