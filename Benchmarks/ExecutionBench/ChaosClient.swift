import BenchSupport
import Foundation
import SluiceRPC
import SluiceWire

/// What the chaos driver asks of admin, each call retried while admin is down or restarting.
struct ChaosClient: Sendable {
    let client: AdminClient

    init(address: String) {
        // The address was dialed once already: it is well formed.
        client = try! AdminClient(address: address, token: BenchCredentials.token)
    }

    /// `body` again every 100 ms while it fails for want of a service (down, restarting, not
    /// answering in time), for up to a minute; any other failure is the run's.
    func retrying<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        let deadline = ContinuousClock.now + .seconds(60)
        while true {
            do {
                return try await body()
            } catch let error as ServiceError where [.unavailable, .deadlineExceeded].contains(error.code) && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    func register() async throws {
        for task in [BenchWorkflows.range, BenchWorkflows.addOne, BenchWorkflows.cachedMapAddOne, BenchWorkflows.sum] {
            _ = try await client.call(.registerTask(RegisterTaskRequest(task: task)))
        }
        _ = try await client.call(.registerWorkflow(RegisterWorkflowRequest(workflow: ChaosWorkflow.spec)))
    }

    func start() async throws -> String {
        var spec = ExecutionSpec()
        spec.workflow = ChaosWorkflow.spec.id
        spec.inputs = ["n": .int(Int64(ChaosWorkflow.elements))]
        guard case .createExecution(let reply) = try await client.call(.createExecution(CreateExecutionRequest(spec: spec)), timeout: .seconds(5)),
              let id = reply.execution?.id else { throw BenchFailure("create_execution gave no execution") }
        return id
    }

    func signal(_ id: String, _ signalID: String, _ value: Literal) async throws {
        _ = try await client.call(
            .setSignal(SetSignalRequest(executionID: id, signalID: signalID, value: value, displayName: "chaos")), timeout: .seconds(5))
    }

    /// The execution as it is now, or once it has ended if that is within `wait`.
    func execution(_ id: String, wait: Duration) async throws -> Execution? {
        let waitMs = UInt32(wait.components.seconds * 1000)
        guard case .getExecution(let reply) = try await client.call(
            .getExecution(GetExecutionRequest(executionID: id, waitMs: waitMs)), timeout: wait + .seconds(5)) else { return nil }
        return reply.execution
    }

    /// An execution with no disturbance, for the outputs every other one must have.
    func undisturbedRun() async throws -> (outputs: [String: Literal], milliseconds: Int) {
        let clock = ContinuousClock()
        let started = clock.now
        let id = try await start()
        try await signal(id, "bonus", .int(ChaosWorkflow.bonus))
        try await signal(id, "ship", .bool(true))
        guard let ended = try await execution(id, wait: .seconds(60)), ended.phase == .succeeded else {
            throw BenchFailure("the undisturbed run of \(id) did not succeed")
        }
        let elapsed = clock.now - started
        return (ended.outputs, Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000))
    }

    /// What is wrong with the execution once it has ended: another outcome than the undisturbed
    /// run's, a node with two succeeded attempts, a signal set but never taken; or that it has
    /// not ended within `limit`.
    func check(_ id: String, expected: [String: Literal], within limit: Duration) async -> [String] {
        let deadline = ContinuousClock.now + limit
        var last: Execution?
        while ContinuousClock.now < deadline {
            last = try? await retrying { try await execution(id, wait: .seconds(10)) }
            if let phase = last?.phase, ![.queued, .running, .unspecified].contains(phase) { break }
        }
        guard let execution = last, ![.queued, .running, .unspecified].contains(execution.phase) else {
            return ["\(id) is stuck: still \(last?.phase.name ?? "unknown") after \(limit)"]
        }
        var problems: [String] = []
        if execution.phase != .succeeded || (execution.outputs) != expected {
            problems.append("\(id) ended \(execution.phase.name) with \(execution.outputs), not \(expected)"
                + (execution.error.map { ": \($0.message)" } ?? ""))
        }
        do {
            let nodes = try await retrying { () -> [NodeExecution] in
                guard case .listNodeExecutions(let reply) = try await client.call(
                    .listNodeExecutions(ListNodeExecutionsRequest(executionID: id)), timeout: .seconds(10)) else { return [] }
                return reply.nodes
            }
            if nodes.count < ChaosWorkflow.elements * 2 { problems.append("\(id) lists \(nodes.count) nodes") }
            for node in nodes where node.attempts.filter({ $0.phase == .succeeded }).count > 1 {
                problems.append("\(id): node \(node.nodeID) has \(node.attempts.filter { $0.phase == .succeeded }.count) succeeded attempts")
            }
            let signals = try await retrying { () -> [Signal] in
                guard case .listSignals(let reply) = try await client.call(
                    .listSignals(ListSignalsRequest(executionID: id)), timeout: .seconds(10)) else { return [] }
                return reply.signals
            }
            for signal in signals where signal.value != nil && !signal.consumed {
                problems.append("\(id): signal \(signal.signalID) was set but never taken")
            }
            if signals.filter({ $0.value != nil }).count != 2 { problems.append("\(id): \(signals.count) signals, not the 2 set") }
        } catch {
            problems.append("\(id): could not read its nodes and signals: \(error)")
        }
        return problems
    }
}
