import Foundation
import SluiceRPC
import SluiceTestSupport
import SluiceTransport
import SluiceWire
import Testing

/// Hostile bytes sent to a real sluice-admin over TCP: each gets an error reply or a dropped
/// connection, and the service goes on answering valid requests.
@Suite(.serialized) struct HostileInputTests {
    /// Sends raw bytes from this process and decodes the reply.
    func reply(to bytes: [UInt8], at address: String) async throws -> AdminResponse {
        let raw = try RequestClient(dialing: address)
        let reply = try await raw.request(bytes, timeout: .seconds(10))
        await raw.close()
        return try AdminResponse(serializedBytes: reply, limits: .default)
    }

    func expectStillServing(_ address: String) async throws {
        let client = try AdminClient(address: address)
        let health = try await client.health(timeout: .seconds(5))
        #expect(health.status == .serving)
        await client.close()
    }

    func errorCode(_ response: AdminResponse) -> ErrorCode? {
        if case .error(let error)? = response.reply { error.code } else { nil }
    }

    @Test func garbageTruncationDepthAndMisroutingGetErrorReplies() async throws {
        let admin = try await ServiceProcess("admin")
        defer { Task { await admin.stop() } }
        var generator = SystemRandomNumberGenerator()
        let garbage = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let valid = try AdminRequest(
            header: RequestHeader(protocolVersion: 1, requestID: "hostile-valid"),
            call: .setSignal(SetSignalRequest(executionID: "e", signalID: "s", value: .string("approve me")))
        ).serializedBytes()
        let deep = WireBytes.nested([120, 3], repetitions: 1, inner:
            WireBytes.nested([9, 1], repetitions: 100_000, inner: WireBytes.varintField(4, 1)))
        let misrouted = try SchedulerRequest(call: .pollAttempts(PollAttemptsRequest(freeSlots: 1))).serializedBytes()

        let cases: [(String, [UInt8], ErrorCode)] = [
            ("garbage", garbage, .malformedMessage),
            ("truncated", Array(valid.prefix(valid.count - 3)), .malformedMessage),
            ("nested 100,000 levels", deep, .malformedMessage),
            ("a scheduler request", misrouted, .invalidArgument),
        ]
        for (name, bytes, expected) in cases {
            let response = try await reply(to: bytes, at: admin.address)
            #expect(errorCode(response) == expected, "\(name)")
            try await expectStillServing(admin.address)
        }
        #expect(admin.isRunning)
    }

    @Test func anOversizedMessageDropsTheConnectionAndServiceContinues() async throws {
        let admin = try await ServiceProcess("admin")
        defer { Task { await admin.stop() } }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-17mib-\(UUID().uuidString).bin")
        try Data(repeating: 0x0a, count: 17 << 20).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        // From another process, as a hostile peer would be.
        let (output, _) = try await shell("nngcat --req --dial \(admin.address) --file \(file.path) --raw --recv-timeout 2")
        #expect(output.isEmpty, "no reply to a message over the size limit")
        try await expectStillServing(admin.address)
        #expect(admin.isRunning)
    }
}
