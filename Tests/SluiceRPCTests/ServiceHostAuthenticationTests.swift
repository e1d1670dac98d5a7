import Foundation
import SluiceRPC
import SluiceWire
import Testing

/// The host checks every call's token before the service sees it.
@Suite struct ServiceHostAuthenticationTests {
    let service = ScriptedAdmin()
    var host: ServiceHost<ScriptedAdmin> {
        ServiceHost(
            service: service,
            authenticator: Authenticator(principals: PrincipalsFile(entries: [
                .init(name: "otto", roles: [.operator], tokenHashes: [Token.hash("t-otto")]),
                .init(name: "vera", roles: [.viewer], tokenHashes: [Token.hash("t-vera")]),
            ])),
            logger: testLogger)
    }

    func reply(token: String, requestID: String = "", call: AdminRequest.Call = .listExecutions(ListExecutionsRequest())) async throws
        -> AdminResponse.Reply?
    {
        let bytes = try AdminRequest(header: RequestHeader(protocolVersion: 1, requestID: requestID, token: token), call: call)
            .serializedBytes()
        return try AdminResponse(serializedBytes: await host.respond(to: bytes)).reply
    }

    @Test("a call without a token, with an unknown one, or from a role that does not allow it, never reaches the service")
    func refusedCallsNeverReachTheService() async throws {
        for (token, code) in [("", ErrorCode.unauthenticated), ("t-nobody", .unauthenticated), ("t-vera", .permissionDenied)] {
            guard case .error(let error)? = try await reply(token: token) else {
                Issue.record("\(token) was not refused")
                continue
            }
            #expect(error.code == code)
            #expect(!error.message.contains("t-otto"))
        }
        #expect(service.calls.principals.isEmpty)

        _ = try await reply(token: "t-otto")
        #expect(service.calls.principals == ["otto"])
    }

    @Test("a request refused for its token and resent under the same id with a good one is answered anew; a bad token never gets a good one's reply")
    func refusalsAreNotCachedAndRepliesAreNotShared() async throws {
        let host = self.host
        func listing(_ token: String) async throws -> AdminResponse.Reply? {
            let bytes = try AdminRequest(
                header: RequestHeader(protocolVersion: 1, requestID: "list-id", token: token), call: .listExecutions(ListExecutionsRequest())
            ).serializedBytes()
            return try AdminResponse(serializedBytes: await host.respond(to: bytes)).reply
        }
        guard case .error(let first)? = try await listing("t-vera") else { Issue.record("a viewer listed"); return }
        #expect(first.code == .permissionDenied)
        guard case .error(let second)? = try await listing("t-otto") else { Issue.record("expected the service's own answer"); return }
        #expect(second.code == .unimplemented, "the operator's call reached the service")
        guard case .error(let third)? = try await listing("t-nobody") else { Issue.record("an unknown token got a reply"); return }
        #expect(third.code == .unauthenticated)
        #expect(service.calls.principals == ["otto"])
    }

    @Test("health needs no token: probes reach it")
    func healthIsOpen() async throws {
        guard case .health? = try await reply(token: "", call: .health(HealthRequest())) else {
            Issue.record("health was refused without a token")
            return
        }
    }
}
