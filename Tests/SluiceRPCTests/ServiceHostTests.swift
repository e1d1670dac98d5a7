import Foundation
import Testing
import SluiceRPC
import SluiceWire

/// Whatever bytes arrive, the host answers with a response a client can decode.
@Suite struct ServiceHostTests {
    let host = ServiceHost(service: ScriptedAdmin(), logger: testLogger)

    func error(for bytes: [UInt8]) async throws -> ServiceError {
        let response = try decodeAdminResponse(await host.respond(to: bytes))
        #expect(response.header?.service == "admin")
        guard case .error(let error)? = response.reply else {
            Issue.record("expected an error reply, got \(String(describing: response.reply))")
            return ServiceError()
        }
        return error
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
        let literal = deeplyNestedLiteral(depth: 100_000)
        let setSignal = [0x1a] + varint(literal.count) + literal       // SetSignalRequest.value
        let request = [0xc2, 0x07] + varint(setSignal.count) + setSignal  // AdminRequest.set_signal (120)
        let error = try await error(for: request)
        #expect(error.code == .malformedMessage)
        #expect(error.message.contains("nest deeper"))
    }

    @Test func anOversizedRequestIsRefused() async throws {
        let small = ServiceHost(service: ScriptedAdmin(), limits: WireLimits(maxMessageBytes: 1024), logger: testLogger)
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
        let host = ServiceHost(service: failing, logger: testLogger)
        let notFound = try decodeAdminResponse(await host.respond(to: try AdminRequest(call: .health(.init())).serializedBytes()))
        #expect(notFound.reply == .error(ServiceError.notFound("no such thing")))
        let other = try decodeAdminResponse(await host.respond(to: try AdminRequest(call: .listTasks(.init())).serializedBytes()))
        guard case .error(let error)? = other.reply else { Issue.record("no error"); return }
        #expect(error.code == .internal)
        #expect(error.message.contains("disk on fire"))
    }

    private struct CocoaLikeError: Error, CustomStringConvertible {
        var description: String { "disk on fire" }
    }
}

/// A Literal that is a collection holding a collection ... `depth` times, around `bool_value: true`.
/// Lengths are worked out inside-out first, so the bytes are written in one pass.
func deeplyNestedLiteral(depth: Int) -> [UInt8] {
    let innermost = 2  // 0x20 0x01: bool_value: true
    var literalSizes = [innermost]      // size of the Literal at each level, innermost first
    var collectionSizes: [Int] = []
    for level in 0..<depth {
        let collection = 1 + varint(literalSizes[level]).count + literalSizes[level]  // LiteralCollection.literals
        collectionSizes.append(collection)
        literalSizes.append(1 + varint(collection).count + collection)               // Literal.collection
    }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(literalSizes[depth])
    for level in stride(from: depth - 1, through: 0, by: -1) {
        bytes += [0x4a] + varint(collectionSizes[level])
        bytes += [0x0a] + varint(literalSizes[level])
    }
    bytes += [0x20, 0x01]
    return bytes
}

func varint(_ value: Int) -> [UInt8] {
    var value = UInt64(value)
    var bytes: [UInt8] = []
    repeat {
        var byte = UInt8(value & 0x7f)
        value >>= 7
        if value != 0 { byte |= 0x80 }
        bytes.append(byte)
    } while value != 0
    return bytes
}
