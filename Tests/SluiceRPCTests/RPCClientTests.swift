import Foundation
import Testing
import SluiceRPC
import SluiceTransport
import SluiceWire

@Suite struct RPCClientTests {
    @Test func healthOverInproc() async throws {
        try await withRPCServer(ScriptedAdmin()) { address in
            let client = try AdminClient(address: address)
            let health = try await client.health(timeout: .seconds(5))
            #expect(health.service == "admin")
            await client.close()
        }
    }

    @Test func theServicesErrorIsWhatTheClientThrows() async throws {
        try await withRPCServer(ScriptedAdmin()) { address in
            let client = try AdminClient(address: address)
            let error = await #expect(throws: ServiceError.self) {
                try await client.call(.getExecution(GetExecutionRequest(executionID: "e-9")), timeout: .seconds(5))
            }
            #expect(error?.code == .unimplemented)
            #expect(error?.message == "no get_execution")
            await client.close()
        }
    }

    @Test func thePrincipalTheTokenNamesReachesTheHandler() async throws {
        let service = ScriptedAdmin()
        let authenticator = Authenticator(principals: PrincipalsFile(entries: [
            .init(name: "alice", roles: [.operator], tokenHashes: [Token.hash("t-alice")]),
        ]))
        try await withRPCServer(service, authenticator: authenticator) { address in
            let client = try AdminClient(address: address, token: "t-alice")
            _ = try await client.health(timeout: .seconds(5))
            let anonymous = try AdminClient(address: address)
            _ = try await anonymous.health(timeout: .seconds(5))
            #expect(service.calls.principals == ["alice", "anonymous"])
            await client.close()
            await anonymous.close()
        }
    }

    @Test func anUnreachableServiceIsADeadlineExceededNamingTheAddress() async throws {
        let address = inprocAddress()
        let client = try AdminClient(address: address)
        let error = await #expect(throws: ServiceError.self) { try await client.health(timeout: .milliseconds(100)) }
        #expect(error?.code == .deadlineExceeded)
        #expect(error?.message.contains(address) == true)
        await client.close()
    }

    @Test func aBadAddressIsRefusedAtOnce() {
        let error = #expect(throws: ServiceError.self) { try AdminClient(address: "http://example.com") }
        #expect(error?.code == .invalidArgument)
    }

    @Test func aStringWithNULIsRefusedBeforeSending() async throws {
        let client = try AdminClient(address: inprocAddress())
        let error = await #expect(throws: ServiceError.self) {
            try await client.call(.getExecution(GetExecutionRequest(executionID: "a\u{0}b")), timeout: .seconds(1))
        }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message.contains("NUL") == true)
        await client.close()
    }

    @Test func cancellingTheCallerThrowsCancellationError() async throws {
        var slow = ScriptedAdmin()
        slow.behaviour = { _, _ in
            try await Task.sleep(for: .seconds(30))
            return .health(HealthResponse())
        }
        try await withRPCServer(slow) { address in
            let client = try AdminClient(address: address)
            let call = Task { try await client.health(timeout: .seconds(60)) }
            try await Task.sleep(for: .milliseconds(50))
            call.cancel()
            await #expect(throws: CancellationError.self) { try await call.value }
            await client.close()
        }
    }
}

@Suite struct RPCClientTimeoutTests {
    /// Any duration a caller passes is a valid timeout: huge ones wait as long as nng can.
    @Test func aHugeTimeoutIsClampedNotATrap() async throws {
        try await withRPCServer(ScriptedAdmin()) { address in
            let client = try AdminClient(address: address)
            let health = try await client.health(timeout: .seconds(Int64.max))
            #expect(health.service == "admin")
            await client.close()
        }
    }
}
