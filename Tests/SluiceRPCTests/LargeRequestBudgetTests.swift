import Foundation
@testable import SluiceRPC
import SluiceWire
import Synchronization
import Testing

@Suite struct LargeRequestBudgetTests {
    let megabyte = 1 << 20

    @Test("large requests past the running budget wait their turn, past the waiting budget they are refused; one alone always goes")
    func runningWaitingAndRefused() async throws {
        let budget = LargeRequestBudget(limits: .init(threshold: megabyte, running: 4 * megabyte, waiting: 4 * megabyte))
        #expect(!budget.counts(megabyte - 1) && budget.counts(megabyte))
        #expect(await budget.admit(3 * megabyte))
        // 3 + 3 > 4 running: waits; 3 + 3 > 4 waiting: the next is refused.
        let admitted = Mutex(false)
        let waiting = Task {
            let ok = await budget.admit(3 * megabyte)
            admitted.withLock { $0 = ok }
            return ok
        }
        try await Task.sleep(for: .milliseconds(50))
        #expect(!admitted.withLock { $0 }, "admitted past the running budget")
        #expect(await budget.admit(3 * megabyte) == false)
        budget.release(3 * megabyte)
        #expect(await waiting.value)
        budget.release(3 * megabyte)
        // Larger than the whole budget, alone: admitted.
        #expect(await budget.admit(16 * megabyte))
        budget.release(16 * megabyte)
    }

    @Test("a waiting request whose task is cancelled leaves the queue")
    func cancelledWaiterLeaves() async throws {
        let budget = LargeRequestBudget(limits: .init(threshold: megabyte, running: 2 * megabyte, waiting: 2 * megabyte))
        #expect(await budget.admit(2 * megabyte))
        let waiter = Task { await budget.admit(2 * megabyte) }
        try await Task.sleep(for: .milliseconds(50))
        waiter.cancel()
        #expect(await waiter.value == false)
        // Its place in the queue is free again.
        let next = Task { await budget.admit(2 * megabyte) }
        try await Task.sleep(for: .milliseconds(50))
        budget.release(2 * megabyte)
        #expect(await next.value)
    }

    @Test("a large request from a caller with no known token is refused before it is decoded")
    func largeUnauthenticatedRequestsAreNotDecoded() async throws {
        let service = ScriptedAdmin()
        let host = ServiceHost(
            service: service,
            authenticator: Authenticator(principals: PrincipalsFile(entries: [
                .init(name: "otto", roles: [.operator], tokenHashes: [Token.hash("t-otto")]),
            ])),
            logger: testLogger)
        func send(_ token: String) async throws -> AdminResponse.Reply? {
            var spec = ExecutionSpec()
            spec.labels = ["big": String(repeating: "x", count: 2 * megabyte)]
            let bytes = try AdminRequest(
                header: RequestHeader(protocolVersion: 1, requestID: "big", token: token),
                call: .createExecution(CreateExecutionRequest(spec: spec))).serializedBytes()
            return try AdminResponse(serializedBytes: await host.respond(to: bytes)).reply
        }
        guard case .error(let refused)? = try await send("t-guess") else { Issue.record("not refused"); return }
        #expect(refused.code == .unauthenticated)
        #expect(service.calls.principals.isEmpty)
        _ = try await send("t-otto")
        #expect(service.calls.principals == ["otto"], "a known caller's large request is handled")
    }
}
