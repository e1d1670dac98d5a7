import SluiceCore
import SluiceEngine
import SluiceRPC
import SluiceWire

// A dynamic task's attempt returns the subgraph it built. Before the result reaches the
// engine, admin compiles that subgraph with the rules registration applies (it knows the
// registered tasks and workflows the subgraph may use): the engine then gets either the
// compiled subgraph, as the attempt's one output, or the attempt's failure listing every
// problem. Compiling before applying keeps the attempt's success and the subgraph's record in
// one batch of events: there is no moment at which a restart would find one without the other.
extension SchedulerCore {
    /// The completions with each dynamic result replaced by its compiled subgraph or by the
    /// failure it is. Throws UNAVAILABLE when admin cannot be reached: the executor sends the
    /// results again later, and none of them has been applied.
    func compilingSubgraphs(in completions: [CompleteAttemptRequest]) async throws -> [CompleteAttemptRequest] {
        guard completions.contains(where: { if case .dynamic? = $0.outcome { true } else { false } }) else { return completions }
        var compiled = completions
        // A few at a time: one slow compile need not hold up the batch's others.
        let pending = compiled.indices.compactMap { index -> (Int, DynamicResult, String)? in
            guard case .dynamic(let result)? = compiled[index].outcome else { return nil }
            return (index, result, compiled[index].attemptID)
        }
        try await withThrowingTaskGroup(of: (Int, CompleteAttemptRequest.Outcome?).self) { group in
            var next = pending.makeIterator()
            func startOne() {
                guard let (index, result, attemptID) = next.next() else { return }
                group.addTask { (index, try await self.compiledOutcome(of: result, attemptID: attemptID)) }
            }
            for _ in 0..<tuning.concurrentCompiles { startOne() }
            while let (index, outcome) = try await group.next() {
                compiled[index].outcome = outcome
                startOne()
            }
        }
        return compiled
    }

    /// A body's decision compiled here, as admin would, when it declares every task it calls
    /// (a Swift body does); nil when it needs the registry. Off the scheduler's actor: a body's
    /// calls so far are compiled with the new ones, which takes long for a body of thousands.
    @concurrent
    private static func compiledHere(
        _ whole: DynamicResult, decision: DynamicResult, task: TaskSpec, nodeID: String, policy: FailurePolicy
    ) async throws -> CompleteAttemptRequest.Outcome? {
        do {
            guard let subgraph = try BodyDecision.compileWithoutRegistry(whole, task: task, nodeID: nodeID, failurePolicy: policy) else {
                return nil
            }
            if let refusal = try DynamicSubgraph.sizeRefusal(of: subgraph) {
                return .error(ExecutionError(kind: .user, code: "InvalidSubgraph", message: refusal, nodeID: nodeID))
            }
            return .outputs(try BodyDecision.outputs(decision: decision, compiled: subgraph))
        } catch let error as WorkflowCompilationError {
            return .error(ExecutionError(kind: .user, code: "InvalidSubgraph", message: DynamicSubgraph.refusal(error), nodeID: nodeID))
        }
    }

    private func compiledOutcome(of result: DynamicResult, attemptID: String) async throws -> CompleteAttemptRequest.Outcome? {
        guard let executionID = Self.executionID(of: attemptID) else { return .dynamic(result) }
        // Its execution is not taken over yet: the executor sends the result again, and it is
        // compiled then (kept early as it is, it could not be).
        if isEarly(executionID) {
            throw ServiceError.unavailable("execution \(executionID) is being taken over; send the result again")
        }
        guard let (task, nodeID, policy) = machines[executionID]?.dynamicAttempt(attemptID) else {
            // Not current (or not a dynamic node's): the engine drops it as stale.
            return .dynamic(result)
        }
        // A body's decision sends only its new calls; they are compiled after the recorded
        // ones, which they may take outputs from. One that diverged is not compiled: the
        // engine fails it, naming the call.
        let recorded = machines[executionID]?.bodyCalls(ofAttempt: attemptID)
        if recorded != nil, result.diverged {
            return .outputs(try BodyDecision.outputs(decision: result, compiled: nil))
        }
        let whole = recorded.map { BodyDecision.withRecordedCalls(result, recorded: $0) } ?? result
        if recorded != nil, let outcome = try await Self.compiledHere(whole, decision: result, task: task, nodeID: nodeID, policy: policy) {
            return outcome
        }
        let request = CompileSubgraphRequest(nodeID: nodeID, task: task, result: whole, failurePolicy: policy)
        do {
            // Well within the executor's own timeout for the call carrying the result.
            let reply = try await admin.call(.compileSubgraph(request), timeout: .seconds(3))
            guard case .compileSubgraph(let compiled) = reply, let subgraph = compiled.subgraph else {
                throw ServiceError(.malformedMessage, "admin answered compile_subgraph without a subgraph")
            }
            if recorded != nil { return .outputs(try BodyDecision.outputs(decision: result, compiled: subgraph)) }
            return .outputs(try DynamicSubgraph.outputs(carrying: subgraph))
        } catch let error as ServiceError where error.code == .invalidArgument {
            return .error(ExecutionError(kind: .user, code: "InvalidSubgraph", message: error.message, nodeID: nodeID))
        } catch let error as ServiceError where error.code == .unavailable || error.code == .deadlineExceeded {
            throw ServiceError.unavailable("cannot compile the subgraph of \(nodeID) now (admin: \(error.message)); send the result again")
        } catch {
            // Anything else fails this attempt alone (a system error: retried by the system budget).
            let message = (error as? ServiceError)?.message ?? "\(error)"
            return .error(ExecutionError(
                kind: .system, code: "SubgraphNotCompiled", message: "admin could not compile the subgraph: \(message)", nodeID: nodeID))
        }
    }
}
