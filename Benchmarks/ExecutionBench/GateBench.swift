import BenchSupport
import Foundation
import SluiceRPC
import SluiceWire

/// W5 and the parked-executions figures: how fast a signal resumes an execution, and what
/// thousands of executions waiting on gates cost.
struct GateBench {
    let client: AdminClient

    /// Starts an execution of `workflow` (input n = 0) and returns its id.
    func start(_ workflow: WorkflowSpec) async throws -> String {
        var spec = ExecutionSpec()
        spec.workflow = workflow.id
        spec.inputs = ["n": .int(0)]
        guard case .createExecution(let created) = try await client.call(.createExecution(CreateExecutionRequest(spec: spec))),
              let id = created.execution?.id else { throw BenchFailure("no execution created") }
        return id
    }

    /// Waits until the execution's node `nodeID` is PAUSED.
    func waitUntilPaused(_ id: String, node nodeID: String) async throws {
        var after: UInt64 = 0
        while true {
            guard case .getEvents(let page) = try await client.call(
                .getEvents(GetEventsRequest(executionID: id, afterSequence: after, limit: 1000, waitMs: 5000)), timeout: .seconds(30))
            else { throw BenchFailure("no events for \(id)") }
            for event in page.events {
                if case .node(let node) = event.kind, node.nodeID == nodeID, node.phase == .paused { return }
            }
            if page.phase.isTerminal { throw BenchFailure("\(id) ended \(page.phase.name) before its gate") }
            after = page.lastSequence
        }
    }

    func setSignal(_ id: String) async throws {
        _ = try await client.call(.setSignal(SetSignalRequest(executionID: id, signalID: "go", value: .int(1))), timeout: .seconds(30))
    }

    func waitForEnd(_ id: String) async throws -> Execution {
        while true {
            guard case .getExecution(let got) = try await client.call(
                .getExecution(GetExecutionRequest(executionID: id, waitMs: 10_000)), timeout: .seconds(30)),
                let execution = got.execution else { throw BenchFailure("no execution \(id)") }
            if execution.phase.isTerminal { return execution }
        }
    }

    /// Milliseconds from set_signal returning to the next task starting on its executor, one
    /// execution at a time (negative when the task started before the reply arrived).
    ///
    /// The client is already waiting for the execution's end when it sets the signal, as a
    /// watcher would be: otherwise its own get_execution would reach admin inside the measured
    /// interval and compete with the resumption it measures.
    func signalLatencies(count: Int) async throws -> [Double] {
        var samples: [Double] = []
        for index in 0..<(count + 10) {
            let id = try await start(BenchWorkflows.signalled)
            try await waitUntilPaused(id, node: "wait")
            let ending = Task { try await waitForEnd(id) }
            // Time for the wait to reach admin and settle; it is not part of the measurement.
            try await Task.sleep(for: .milliseconds(5))
            try await setSignal(id)
            let returned = MonotonicClock.nanoseconds()
            let ended = try await ending.value
            guard ended.phase == .succeeded, case .int(let started)? = ended.outputs["result"] else {
                throw BenchFailure("\(id) ended \(ended.phase.name) without its stamp")
            }
            if index >= 10 { samples.append(Double(started - returned) / 1e6) }
        }
        return samples
    }

    /// Runs `body` on every element, `width` at a time.
    static func forEach<T: Sendable>(_ items: [T], width: Int, _ body: @escaping @Sendable (T) async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            var iterator = items.makeIterator()
            for _ in 0..<width {
                guard let item = iterator.next() else { break }
                group.addTask { try await body(item) }
            }
            while try await group.next() != nil {
                if let item = iterator.next() { group.addTask { try await body(item) } }
            }
        }
    }

    /// The number of gates admin lists as waiting.
    func pendingCount() async throws -> Int {
        var count = 0
        var token = ""
        repeat {
            guard case .listPendingGates(let page) = try await client.call(
                .listPendingGates(ListPendingGatesRequest(workflow: BenchWorkflows.parked.id?.name ?? "", limit: 1000, pageToken: token)),
                timeout: .seconds(30)) else { throw BenchFailure("no pending gates reply") }
            count += page.gates.count
            token = page.nextPageToken
        } while !token.isEmpty
        return count
    }
}
