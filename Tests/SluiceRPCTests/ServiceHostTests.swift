import Foundation
import SluiceTestSupport
import Testing
import SluiceRPC
import SluiceWire

/// Whatever bytes arrive, the host answers with a response a client can decode.
@Suite struct ServiceHostTests {
    let host = ServiceHost(service: ScriptedAdmin(), authenticator: .off, logger: testLogger)

    func error(for bytes: [UInt8]) async throws -> ServiceError {
        let response = try decodeAdminResponse(await host.respond(to: bytes))
        #expect(response.header?.service == "admin")
        guard case .error(let error)? = response.reply else {
            Issue.record("expected an error reply, got \(String(describing: response.reply))")
            return ServiceError()
        }
        return error
    }

    @Test("a call that fails inside the service gets an INTERNAL error naming the call, without the failure's text")
    func internalFailuresNameNoInternals() async throws {
        struct DatabaseTrouble: Error, CustomStringConvertible {
            var description: String { "too many SQL variables in: SELECT * FROM executions WHERE phase IN (" + String(repeating: "?,", count: 50_000) + ")" }
        }
        var failing = ScriptedAdmin()
        failing.behaviour = { _, _ in throw DatabaseTrouble() }
        let host = ServiceHost(service: failing, authenticator: .off, logger: testLogger)
        let request = try AdminRequest(
            header: RequestHeader(protocolVersion: 1, requestID: "r-7"),
            call: .listExecutions(ListExecutionsRequest())).serializedBytes()
        let reply = await host.respond(to: request)
        let response = try decodeAdminResponse(reply)
        guard case .error(let error)? = response.reply else {
            Issue.record("expected an error reply")
            return
        }
        #expect(error.code == .internal)
        #expect(error.message == "the admin service failed to answer list_executions (request r-7); its log says why")
        #expect(reply.count < 500)
    }

    @Test func garbageGetsAMalformedMessageError() async throws {
        let error = try await error(for: [0xff, 0xff, 0xff, 0x0f, 0x07])
        #expect(error.code == .malformedMessage)
        #expect(error.message.contains("sluice.v1.AdminRequest"))
    }

    @Test func everyTruncationOfAValidRequestIsAnswered() async throws {
        let valid = try AdminRequest(
            header: RequestHeader(protocolVersion: 1, requestID: "truncate-me"),
            call: .setSignal(SetSignalRequest(executionID: "e-1", signalID: "approved", value: .map(["a": .int(1)])))
        ).serializedBytes()
        for length in 1..<valid.count {
            let response = try decodeAdminResponse(await host.respond(to: Array(valid.prefix(length))))
            #expect(response.reply != nil, "prefix of \(length) bytes got an answer")
        }
    }

    @Test func a100000LevelNestingIsRefusedWithoutCrashing() async throws {
        // AdminRequest.set_signal (120) → SetSignalRequest.value (3) → Literal.collection (9) →
        // LiteralCollection.literals (1) → ... 100,000 times, around bool_value: true.
        let request = WireBytes.nested([120, 3], repetitions: 1, inner:
            WireBytes.nested([9, 1], repetitions: 100_000, inner: WireBytes.varintField(4, 1)))
        let error = try await error(for: request)
        #expect(error.code == .malformedMessage)
        #expect(error.message.contains("nest deeper"))
    }

    @Test func anOversizedRequestIsRefused() async throws {
        let small = ServiceHost(service: ScriptedAdmin(), authenticator: .off, limits: WireLimits(maxMessageBytes: 1024), logger: testLogger)
        let big = try AdminRequest(call: .setSignal(SetSignalRequest(value: .bytes([UInt8](repeating: 1, count: 4096))))).serializedBytes()
        let response = try decodeAdminResponse(await small.respond(to: big))
        guard case .error(let error)? = response.reply else { Issue.record("no error"); return }
        #expect(error.code == .malformedMessage)
        #expect(error.message.contains("over the limit"))
    }

    @Test func aRequestForAnotherServiceIsRecognised() async throws {
        let scheduler = try SchedulerRequest(
            header: RequestHeader(protocolVersion: 1), call: .pollAttempts(PollAttemptsRequest(freeSlots: 2))
        ).serializedBytes()
        let error = try await error(for: scheduler)
        #expect(error.code == .invalidArgument)
        #expect(error.message.contains("another service"))
    }

    @Test func anUnknownProtocolVersionIsRefused() async throws {
        let bytes = try AdminRequest(header: RequestHeader(protocolVersion: 9), call: .health(HealthRequest())).serializedBytes()
        let error = try await error(for: bytes)
        #expect(error.code == .protocolMismatch)
    }

    @Test func errorsThrownByHandlersBecomeReplies() async throws {
        var failing = ScriptedAdmin()
        failing.behaviour = { call, _ in
            if case .health = call { throw ServiceError.notFound("no such thing") }
            throw CocoaLikeError()
        }
        let host = ServiceHost(service: failing, authenticator: .off, logger: testLogger)
        let notFound = try decodeAdminResponse(await host.respond(to: try AdminRequest(call: .health(.init())).serializedBytes()))
        #expect(notFound.reply == .error(ServiceError.notFound("no such thing")))
        let other = try decodeAdminResponse(await host.respond(to: try AdminRequest(call: .listTasks(.init())).serializedBytes()))
        guard case .error(let error)? = other.reply else { Issue.record("no error"); return }
        #expect(error.code == .internal)
        #expect(error.message.contains("list_tasks"))
        #expect(!error.message.contains("disk on fire"), "the failure's text stays in the service's log")
    }

    private struct CocoaLikeError: Error, CustomStringConvertible {
        var description: String { "disk on fire" }
    }
}
