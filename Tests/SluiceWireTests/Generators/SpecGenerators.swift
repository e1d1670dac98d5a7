import PropertyBased
@testable import SluiceWire

/// Random task and workflow specs: every node kind, branches with nested nodes, gates, map
/// nodes with both success criteria, and bindings with futures and paths.
enum SpecGen {
    static let taskSpec = Generator<TaskSpec, Shrink.None<TaskSpec>>(run: { rng in taskSpec(&rng) })
    static let workflowSpec = Generator<WorkflowSpec, Shrink.None<WorkflowSpec>>(run: { rng in workflowSpec(&rng) })

    // MARK: Tasks

    static func shellTask(_ rng: inout RNG) -> ShellTask {
        ShellTask(
            command: Pick.array(0...4, &rng) { Pick.string(&$0) }, script: Pick.string(&rng),
            env: Pick.labels(&rng), workingDirectory: Pick.string(&rng), image: Pick.string(&rng))
    }

    static func cacheSettings(_ rng: inout RNG) -> CacheSettings {
        CacheSettings(
            enabled: Pick.chance(0.5, &rng), version: Pick.string(&rng), serialize: Pick.chance(0.5, &rng),
            ignoredInputs: Pick.array(0...3, &rng) { Pick.key(&$0) })
    }

    static func retryPolicy(_ rng: inout RNG) -> RetryPolicy {
        RetryPolicy(
            maxRetries: Pick.uint32(&rng), initialBackoff: Pick.optional(&rng) { Pick.duration(&$0) },
            backoffMultiplier: Pick.double(&rng), maxBackoff: Pick.optional(&rng) { Pick.duration(&$0) },
            maxSystemRetries: Pick.uint32(&rng))
    }

    static func taskSpec(_ rng: inout RNG) -> TaskSpec {
        let kind: TaskSpec.Kind? = switch Pick.int(0...3, &rng) {
        case 0: .shell(shellTask(&rng))
        case 1: .swift(SwiftTask(name: Pick.string(&rng)))
        case 2:
            .dynamic(DynamicTask(
                body: Pick.optional(&rng) { r in
                    Pick.chance(0.5, &r) ? .swiftName(Pick.string(&r)) : .shell(shellTask(&r))
                },
                style: Pick.caseOf(DynamicStyle.self, &rng)))
        default: nil
        }
        return TaskSpec(
            id: Pick.optional(&rng) { Pick.identifier(&$0) }, interface: Pick.optional(&rng) { LiteralGen.typedInterface(&$0) },
            kind: kind, cache: Pick.optional(&rng) { cacheSettings(&$0) }, retries: Pick.optional(&rng) { retryPolicy(&$0) },
            timeout: Pick.optional(&rng) { Pick.duration(&$0) }, pool: Pick.string(&rng), description: Pick.string(&rng),
            labels: Pick.labels(&rng), codeVersion: Pick.string(&rng),
            heartbeatTimeout: Pick.optional(&rng) { Pick.duration(&$0) })
    }

    // MARK: Bindings

    static func outputReference(_ rng: inout RNG) -> OutputReference {
        OutputReference(
            nodeID: Pick.key(&rng), output: Pick.key(&rng),
            path: Pick.array(0...4, &rng) { r in Pick.chance(0.5, &r) ? .key(Pick.key(&r)) : .index(Pick.uint32(&r)) })
    }

    static func future(_ rng: inout RNG) -> Future {
        Future(
            value: Pick.optional(&rng) { LiteralGen.literal(&$0, depth: 2) },
            reference: Pick.optional(&rng) { outputReference(&$0) },
            type: Pick.optional(&rng) { LiteralGen.literalType(&$0, depth: 2) })
    }

    static func binding(_ rng: inout RNG, depth: Int) -> Binding {
        if depth <= 0 || Pick.chance(0.5, &rng) {
            return Pick.chance(0.5, &rng) ? .literal(LiteralGen.literal(&rng, depth: 2)) : .future(future(&rng))
        }
        if Pick.chance(0.5, &rng) { return .collection(Pick.array(0...3, &rng) { binding(&$0, depth: depth - 1) }) }
        return .map(Pick.dictionary(0...3, &rng) { binding(&$0, depth: depth - 1) })
    }

    static func bindings(_ rng: inout RNG) -> [String: Binding] {
        Pick.dictionary(0...3, &rng) { binding(&$0, depth: 2) }
    }

    // MARK: Conditions

    static func operand(_ rng: inout RNG) -> Operand {
        Pick.chance(0.5, &rng) ? .literal(LiteralGen.literal(&rng, depth: 1)) : .input(Pick.key(&rng))
    }

    static func booleanExpression(_ rng: inout RNG, depth: Int) -> BooleanExpression {
        if depth <= 0 || Pick.chance(0.5, &rng) {
            return .comparison(Comparison(
                op: Pick.caseOf(ComparisonOperator.self, &rng),
                left: Pick.optional(&rng) { operand(&$0) }, right: Pick.optional(&rng) { operand(&$0) }))
        }
        if Pick.chance(0.5, &rng) { return .negation(booleanExpression(&rng, depth: depth - 1)) }
        return .conjunction(Conjunction(
            op: Pick.caseOf(LogicalOperator.self, &rng),
            operands: Pick.array(0...3, &rng) { booleanExpression(&$0, depth: depth - 1) }))
    }

    // MARK: Nodes

    static func gateNode(_ rng: inout RNG) -> GateNode {
        let condition: GateNode.Condition? = switch Pick.int(0...3, &rng) {
        case 0:
            .signal(SignalGate(
                signalID: Pick.key(&rng), type: Pick.optional(&rng) { LiteralGen.literalType(&$0, depth: 2) },
                description: Pick.string(&rng)))
        case 1: .approve(ApproveGate(signalID: Pick.key(&rng), input: Pick.key(&rng), description: Pick.string(&rng)))
        case 2: .sleep(SleepGate(duration: Pick.optional(&rng) { Pick.duration(&$0) }))
        default: nil
        }
        return GateNode(condition: condition, timeout: Pick.optional(&rng) { Pick.duration(&$0) })
    }

    static func branchNode(_ rng: inout RNG, depth: Int) -> BranchNode {
        BranchNode(
            cases: Pick.array(0...3, &rng) { r in
                BranchCase(
                    condition: Pick.optional(&r) { booleanExpression(&$0, depth: 3) },
                    thenNode: Pick.optional(&r) { node(&$0, depth: depth - 1) })
            },
            elseNode: Pick.optional(&rng) { node(&$0, depth: depth - 1) },
            elseError: Pick.string(&rng))
    }

    static func mapNode(_ rng: inout RNG) -> MapNode {
        let criteria: MapNode.SuccessCriteria? = switch Pick.int(0...2, &rng) {
        case 0: .minSuccesses(Pick.uint32(&rng))
        case 1: .minSuccessRatio(Pick.chance(0.5, &rng) ? Double.random(in: 0...1, using: &rng) : Pick.double(&rng))
        default: nil
        }
        return MapNode(
            task: Pick.optional(&rng) { Pick.identifier(&$0) }, mappedInputs: Pick.array(0...3, &rng) { Pick.key(&$0) },
            concurrency: Pick.uint32(&rng), successCriteria: criteria)
    }

    /// A node of any kind; branches nest further nodes up to `depth` levels.
    static func node(_ rng: inout RNG, depth: Int) -> Node {
        let kinds = depth > 0 ? 0...6 : 0...5
        let kind: Node.Kind? = switch Pick.int(kinds, &rng) {
        case 0: .task(TaskNode(task: Pick.optional(&rng) { Pick.identifier(&$0) }))
        case 1: .gate(gateNode(&rng))
        case 2: .workflow(SubWorkflowNode(workflow: Pick.optional(&rng) { Pick.identifier(&$0) }))
        case 3: .map(mapNode(&rng))
        case 4: .dynamic(DynamicNode(task: Pick.optional(&rng) { Pick.identifier(&$0) }))
        case 5: nil
        default: .branch(branchNode(&rng, depth: depth))
        }
        let metadata = Pick.optional(&rng) { r in
            NodeMetadata(
                name: Pick.string(&r), timeout: Pick.optional(&r) { Pick.duration(&$0) },
                retries: Pick.optional(&r) { retryPolicy(&$0) }, cache: Pick.optional(&r) { cacheSettings(&$0) },
                pool: Pick.string(&r))
        }
        return Node(
            id: Pick.key(&rng), metadata: metadata, inputs: bindings(&rng),
            upstream: Pick.array(0...3, &rng) { Pick.key(&$0) }, kind: kind)
    }

    static func workflowSpec(_ rng: inout RNG) -> WorkflowSpec {
        WorkflowSpec(
            id: Pick.optional(&rng) { Pick.identifier(&$0) }, interface: Pick.optional(&rng) { LiteralGen.typedInterface(&$0) },
            nodes: Pick.array(0...5, &rng) { node(&$0, depth: 3) }, outputs: bindings(&rng),
            failurePolicy: Pick.caseOf(FailurePolicy.self, &rng), description: Pick.string(&rng), labels: Pick.labels(&rng))
    }
}
