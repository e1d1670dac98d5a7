import PropertyBased
@testable import SluiceWire

/// Random execution specs, events and admin requests.
enum ExecutionGen {
    static let executionSpec = Generator<ExecutionSpec, Shrink.None<ExecutionSpec>>(run: { rng in executionSpec(&rng) })
    static let event = Generator<Event, Shrink.None<Event>>(run: { rng in event(&rng) })
    static let adminRequest = Generator<AdminRequest, Shrink.None<AdminRequest>>(run: { rng in adminRequest(&rng) })

    static func literals(_ rng: inout RNG) -> [String: Literal] {
        Pick.dictionary(0...3, &rng) { LiteralGen.literal(&$0, depth: 3) }
    }

    static func timestamp(_ rng: inout RNG) -> Timestamp? { Pick.optional(&rng) { Pick.timestamp(&$0) } }

    static func executionSpec(_ rng: inout RNG) -> ExecutionSpec {
        ExecutionSpec(
            workflow: Pick.optional(&rng) { Pick.identifier(&$0) }, inputs: literals(&rng), name: Pick.string(&rng),
            labels: Pick.labels(&rng), overwriteCache: Pick.chance(0.5, &rng),
            timeout: Pick.optional(&rng) { Pick.duration(&$0) })
    }

    static func executionError(_ rng: inout RNG) -> ExecutionError {
        ExecutionError(
            kind: Pick.caseOf(ErrorKind.self, &rng), code: Pick.string(&rng), message: Pick.string(&rng),
            nodeID: Pick.key(&rng), attempt: Pick.uint32(&rng), stderrTail: Pick.string(&rng), actor: Pick.string(&rng))
    }

    static func abortInfo(_ rng: inout RNG) -> AbortInfo {
        AbortInfo(reason: Pick.string(&rng), actor: Pick.string(&rng), at: timestamp(&rng))
    }

    static func cacheInfo(_ rng: inout RNG) -> CacheInfo {
        CacheInfo(
            status: Pick.caseOf(CacheStatus.self, &rng), key: Pick.string(&rng),
            source: Pick.optional(&rng) { r in
                CacheProvenance(executionID: Pick.key(&r), nodeID: Pick.key(&r), attempt: Pick.uint32(&r), createdAt: timestamp(&r))
            },
            waitingOnReservation: Pick.string(&rng))
    }

    static func gateStatus(_ rng: inout RNG) -> GateStatus {
        GateStatus(
            kind: Pick.caseOf(GateKind.self, &rng), signalID: Pick.key(&rng),
            type: Pick.optional(&rng) { LiteralGen.literalType(&$0, depth: 2) },
            wakeAt: timestamp(&rng), timeoutAt: timestamp(&rng), waitingSince: timestamp(&rng))
    }

    static func compiledSubgraph(_ rng: inout RNG) -> CompiledWorkflow {
        CompiledWorkflow(
            spec: SpecGen.workflowSpec(&rng), tasks: Pick.array(0...2, &rng) { SpecGen.taskSpec(&$0) }, digest: Pick.string(&rng))
    }

    static func signal(_ rng: inout RNG) -> Signal {
        Signal(
            executionID: Pick.key(&rng), signalID: Pick.key(&rng), type: Pick.optional(&rng) { LiteralGen.literalType(&$0, depth: 2) },
            value: Pick.optional(&rng) { LiteralGen.literal(&$0, depth: 3) }, setBy: Pick.string(&rng), setAt: timestamp(&rng),
            nodeID: Pick.key(&rng), gateKind: Pick.caseOf(GateKind.self, &rng), comment: Pick.string(&rng),
            consumed: Pick.chance(0.5, &rng))
    }

    static func execution(_ rng: inout RNG) -> Execution {
        Execution(
            id: Pick.key(&rng), spec: Pick.optional(&rng) { executionSpec(&$0) }, phase: Pick.caseOf(ExecutionPhase.self, &rng),
            outputs: literals(&rng), error: Pick.optional(&rng) { executionError(&$0) }, createdAt: timestamp(&rng),
            startedAt: timestamp(&rng), endedAt: timestamp(&rng), createdBy: Pick.string(&rng),
            abort: Pick.optional(&rng) { abortInfo(&$0) }, lastSequence: Pick.uint64(&rng))
    }

    static func event(_ rng: inout RNG) -> Event {
        let kind: Event.Kind? = switch Pick.int(0...4, &rng) {
        case 0:
            .execution(ExecutionEvent(
                phase: Pick.caseOf(ExecutionPhase.self, &rng), outputs: literals(&rng),
                error: Pick.optional(&rng) { executionError(&$0) }, abort: Pick.optional(&rng) { abortInfo(&$0) }))
        case 1:
            .node(NodeEvent(
                nodeID: Pick.key(&rng), parentNodeID: Pick.key(&rng), kind: Pick.caseOf(NodeKind.self, &rng),
                phase: Pick.caseOf(NodePhase.self, &rng), inputs: literals(&rng), outputs: literals(&rng),
                error: Pick.optional(&rng) { executionError(&$0) }, cache: Pick.optional(&rng) { cacheInfo(&$0) },
                gate: Pick.optional(&rng) { gateStatus(&$0) }, subgraph: Pick.optional(&rng) { compiledSubgraph(&$0) },
                task: Pick.optional(&rng) { Pick.identifier(&$0) }))
        case 2:
            .attempt(AttemptEvent(
                nodeID: Pick.key(&rng), attempt: Pick.uint32(&rng), attemptID: Pick.string(&rng),
                phase: Pick.caseOf(AttemptPhase.self, &rng), executorID: Pick.string(&rng),
                error: Pick.optional(&rng) { executionError(&$0) }, notBefore: timestamp(&rng)))
        case 3: .signal(signal(&rng))
        default: nil
        }
        return Event(executionID: Pick.key(&rng), sequence: Pick.uint64(&rng), at: timestamp(&rng), kind: kind)
    }

    static func adminRequest(_ rng: inout RNG) -> AdminRequest {
        let header = Pick.optional(&rng) { r in
            RequestHeader(
                protocolVersion: Pick.uint32(&r), requestID: Pick.string(&r), token: Pick.string(&r), timeoutMs: Pick.uint32(&r))
        }
        return AdminRequest(header: header, call: call(&rng))
    }

    /// Every call of the admin service, or none.
    static func call(_ rng: inout RNG) -> AdminRequest.Call? {
        switch Pick.int(0...20, &rng) {
        case 0: return .health(HealthRequest())
        case 1: return .registerTask(RegisterTaskRequest(task: Pick.optional(&rng) { SpecGen.taskSpec(&$0) }))
        case 2: return .registerWorkflow(RegisterWorkflowRequest(workflow: Pick.optional(&rng) { SpecGen.workflowSpec(&$0) }))
        case 3: return .getTask(GetTaskRequest(id: Pick.optional(&rng) { Pick.identifier(&$0) }))
        case 4: return .getWorkflow(GetWorkflowRequest(id: Pick.optional(&rng) { Pick.identifier(&$0) }))
        case 5: return .listTasks(ListTasksRequest(name: Pick.string(&rng), limit: Pick.uint32(&rng), pageToken: Pick.string(&rng)))
        case 6:
            return .listWorkflows(ListWorkflowsRequest(name: Pick.string(&rng), limit: Pick.uint32(&rng), pageToken: Pick.string(&rng)))
        case 7: return .createExecution(CreateExecutionRequest(spec: Pick.optional(&rng) { executionSpec(&$0) }))
        case 8: return .getExecution(GetExecutionRequest(executionID: Pick.string(&rng)))
        case 9:
            return .listExecutions(ListExecutionsRequest(
                workflow: Pick.string(&rng), phases: Pick.array(0...4, &rng) { Pick.caseOf(ExecutionPhase.self, &$0) },
                labels: Pick.labels(&rng), limit: Pick.uint32(&rng), pageToken: Pick.string(&rng)))
        case 10: return .listNodeExecutions(ListNodeExecutionsRequest(executionID: Pick.string(&rng)))
        case 11:
            return .getEvents(GetEventsRequest(
                executionID: Pick.string(&rng), afterSequence: Pick.uint64(&rng), limit: Pick.uint32(&rng), waitMs: Pick.uint32(&rng)))
        case 12: return .abortExecution(AbortExecutionRequest(executionID: Pick.string(&rng), reason: Pick.string(&rng)))
        case 13:
            return .setSignal(SetSignalRequest(
                executionID: Pick.string(&rng), signalID: Pick.key(&rng), value: Pick.optional(&rng) { LiteralGen.literal(&$0, depth: 3) },
                displayName: Pick.string(&rng), comment: Pick.string(&rng)))
        case 14: return .listSignals(ListSignalsRequest(executionID: Pick.string(&rng)))
        case 15:
            return .listPendingGates(ListPendingGatesRequest(
                workflow: Pick.string(&rng), signalID: Pick.key(&rng), limit: Pick.uint32(&rng), pageToken: Pick.string(&rng)))
        case 16: return .pollWork(PollWorkRequest(afterCursor: Pick.uint64(&rng), maxItems: Pick.uint32(&rng), waitMs: Pick.uint32(&rng)))
        case 17: return .recordEvents(RecordEventsRequest(events: Pick.array(0...3, &rng) { event(&$0) }))
        case 18: return .getExecutionState(GetExecutionStateRequest(executionID: Pick.string(&rng)))
        case 19: return .listActiveExecutions(ListActiveExecutionsRequest(limit: Pick.uint32(&rng), pageToken: Pick.string(&rng)))
        default: return nil
        }
    }
}
