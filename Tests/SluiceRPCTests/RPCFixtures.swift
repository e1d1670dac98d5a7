import Foundation
import Logging
import Synchronization
import SluiceRPC
import SluiceTransport
import SluiceWire

/// An admin-shaped service for tests: counts the calls it handles, and answers or fails as told.
struct ScriptedAdmin: RPCService {
    typealias Request = AdminRequest
    typealias Response = AdminResponse
    // Health for anyone, as the real admin; every other call needs the operator role.
    func access(for call: Request.Call) -> CallAccess {
        if case .health = call { .anyone } else { .operate }
    }

    let name = "admin"
    let calls = CallLog()
    var behaviour: @Sendable (AdminRequest.Call, RPCCallContext) async throws -> AdminResponse.Reply = { call, _ in
        if case .health = call { return .health(HealthResponse(service: "admin")) }
        throw ServiceError.unimplemented("no \(call.fieldName)")
    }

    func handle(_ call: AdminRequest.Call, context: RPCCallContext) async throws -> AdminResponse.Reply {
        calls.record(call.fieldName, principal: context.principal.name)
        return try await behaviour(call, context)
    }
}

final class CallLog: Sendable {
    private let entries = Mutex<[(call: String, principal: String)]>([])
    func record(_ call: String, principal: String) { entries.withLock { $0.append((call, principal)) } }
    var count: Int { entries.withLock { $0.count } }
    var principals: [String] { entries.withLock { $0.map(\.principal) } }
}

let testLogger = Logger(label: "sluice.test")

func inprocAddress() -> String { "inproc://sluice-rpc-test-\(UUID().uuidString)" }

/// Runs an RPC server for the duration of `body`.
func withRPCServer<S: RPCService, T>(
    _ service: S, address: String = inprocAddress(), authenticator: Authenticator = .off, _ body: (String) async throws -> T
) async throws -> T {
    let server = try RPCServer(service: service, listeningOn: [address], authenticator: authenticator, logger: testLogger)
    server.start()  // answering before any task of the pool runs
    let serving = Task { try await server.run() }
    defer { serving.cancel() }
    let result = try await body(server.addresses[0])
    serving.cancel()
    _ = await serving.result
    return result
}

/// Decodes a host's reply bytes.
func decodeAdminResponse(_ bytes: [UInt8]) throws -> AdminResponse {
    try AdminResponse(serializedBytes: bytes, limits: .default)
}
