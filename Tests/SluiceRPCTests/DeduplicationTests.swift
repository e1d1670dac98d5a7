import Foundation
import Testing
import SluiceRPC
import SluiceWire

/// REQ sockets resend unanswered requests; a service must act on each logical request once.
@Suite struct DeduplicationTests {
    let service = ScriptedAdmin()
    var host: ServiceHost<ScriptedAdmin> { ServiceHost(service: service, authenticator: .off, logger: testLogger) }

    func request(id: String, call: AdminRequest.Call = .health(HealthRequest())) throws -> [UInt8] {
        try AdminRequest(header: RequestHeader(protocolVersion: 1, requestID: id), call: call).serializedBytes()
    }

    @Test func aResentRequestGetsTheFirstReplyWithoutASecondCall() async throws {
        let host = self.host
        let bytes = try request(id: "r-1")
        let first = await host.respond(to: bytes)
        let second = await host.respond(to: bytes)
        #expect(first == second)
        #expect(service.calls.count == 1)
        #expect(try decodeAdminResponse(first).header?.requestID == "r-1")
    }

    @Test func aResendArrivingWhileTheFirstIsHandledWaitsForIt() async throws {
        let started = AsyncStream.makeStream(of: Void.self)
        let release = AsyncStream.makeStream(of: Void.self)
        var slow = ScriptedAdmin()
        slow.behaviour = { _, _ in
            started.continuation.yield()
            for await _ in release.stream { break }
            return .health(HealthResponse(service: "admin", instanceID: UUID().uuidString))
        }
        let host = ServiceHost(service: slow, authenticator: .off, logger: testLogger)
        let bytes = try request(id: "r-2")
        async let first = host.respond(to: bytes)
        for await _ in started.stream { break }
        async let second = host.respond(to: bytes)
        try await Task.sleep(for: .milliseconds(50))  // let the resend arrive and wait
        release.continuation.yield()
        let (a, b) = await (first, second)
        #expect(a == b)
        #expect(slow.calls.count == 1)
    }

    @Test func differentRequestsUnderOneIdAreBothHandled() async throws {
        let host = self.host
        _ = await host.respond(to: try request(id: "reused", call: .health(HealthRequest())))
        _ = await host.respond(to: try request(id: "reused", call: .getExecution(GetExecutionRequest(executionID: "e"))))
        #expect(service.calls.count == 2)
    }

    @Test func requestsWithoutAnIdAreNeverDeduplicated() async throws {
        let host = self.host
        let bytes = try AdminRequest(call: .health(HealthRequest())).serializedBytes()
        _ = await host.respond(to: bytes)
        _ = await host.respond(to: bytes)
        #expect(service.calls.count == 2)
    }
}
