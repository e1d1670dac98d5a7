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
        let client = try AdminClient(address: address, token: TestPrincipals.adminToken)
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

    @Test("a message over 16 MiB gets an error naming the limit; one over the transport's 64 MiB drops the connection")
    func oversizedMessages() async throws {
        let admin = try await ServiceProcess("admin")
        defer { Task { await admin.stop() } }
        for (size, answered) in [(17 << 20, true), ((64 << 20) + 1, false)] {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-big-\(UUID().uuidString).bin")
            try Data(repeating: 0x0a, count: size).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            // From another process, as a hostile peer would be.
            let (output, _) = try await shell("nngcat --req --dial \(admin.address) --file \(file.path) --raw --recv-timeout 5")
            if answered {
                let text = String(decoding: output, as: UTF8.self)
                #expect(text.contains("over the limit of 16777216"), "a reply that says why: \(text.prefix(300))")
            } else {
                #expect(output.isEmpty, "no reply to a message over the transport's limit")
            }
            try await expectStillServing(admin.address)
        }
        #expect(admin.isRunning)
    }

    @Test("repeated fields and strings over their bounds are refused naming the field and the limit, with short replies")
    func unboundedFieldsAreRefused() async throws {
        let admin = try await ServiceProcess("admin")
        defer { Task { await admin.stop() } }
        let manyLabels = Dictionary(uniqueKeysWithValues: (0..<2_000).map { ("k\($0)", "v") })
        let hugeLabels = Dictionary(uniqueKeysWithValues: (0..<200_000).map { ("label-\($0)", "value") })
        let cases: [(String, AdminRequest.Call, String)] = [
            ("a million phase filters", .listExecutions(ListExecutionsRequest(phases: Array(repeating: .running, count: 1_000_000))), "phases"),
            ("2,000 label filters", .listExecutions(ListExecutionsRequest(labels: manyLabels)), "labels"),
            ("200,000 labels on an execution",
             .createExecution(CreateExecutionRequest(spec: ExecutionSpec(workflow: Identifier(name: "w"), labels: hugeLabels))), "spec.labels"),
            ("a 100 KB execution id", .getExecution(GetExecutionRequest(executionID: String(repeating: "x", count: 100_000))), "execution_id"),
            ("a 100 KB comment", .setSignal(SetSignalRequest(
                executionID: "e", signalID: "s", value: .bool(true), comment: String(repeating: "y", count: 100_000))), "comment"),
        ]
        for (name, call, field) in cases {
            let bytes = try AdminRequest(header: RequestHeader(protocolVersion: 1, requestID: "bounds-\(field)", token: TestPrincipals.adminToken), call: call).serializedBytes()
            let raw = try RequestClient(dialing: admin.address)
            let reply = try await raw.request(bytes, timeout: .seconds(20))
            await raw.close()
            let response = try AdminResponse(serializedBytes: reply, limits: .default)
            guard case .error(let error)? = response.reply else {
                Issue.record("\(name): not refused")
                continue
            }
            #expect(error.code == .invalidArgument, "\(name)")
            #expect(error.details.first?.field == field, "\(name): \(error.details)")
            #expect(error.message.contains("at most"), "\(name): \(error.message)")
            #expect(reply.count < 2_000, "\(name): a reply of \(reply.count) bytes")
        }
        try await expectStillServing(admin.address)
    }
}
