import BenchSupport
import SluiceRPC
import SluiceWire

/// Round trips through the whole Swift stack: a health call from an AdminClient (request id,
/// protobuf-c encoding, the nng transport) to a sluice admin server in another process
/// (decoding, request-id de-duplication, the handler, encoding) and back.
enum RoundTrips {
    /// Calls per second with `inFlight` calls outstanding at all times, over `duration`.
    static func throughput(_ address: String, inFlight: Int, duration: Duration) async throws -> Double {
        let client = try AdminClient(address: address, token: BenchCredentials.token)
        defer { Task { await client.close() } }
        for _ in 0..<200 { _ = try await client.health(timeout: .seconds(10)) }
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start + duration
        let completed = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<inFlight {
                group.addTask {
                    var calls = 0
                    while clock.now < deadline {
                        _ = try await client.health(timeout: .seconds(10))
                        calls += 1
                    }
                    return calls
                }
            }
            return try await group.reduce(0, +)
        }
        let elapsed = (clock.now - start).microseconds / 1e6
        return Double(completed) / elapsed
    }

    /// The sizes of a health request and its reply on the wire, for the C baseline to match.
    static func messageSizes() throws -> (request: Int, reply: Int) {
        let request = AdminRequest(
            header: RequestHeader(protocolVersion: WireProtocol.version, requestID: "00000000-0000-0000-0000-000000000000"),
            call: .health(HealthRequest()))
        let reply = AdminResponse(
            header: ResponseHeader(protocolVersion: WireProtocol.version, requestID: "00000000-0000-0000-0000-000000000000", service: "admin"),
            reply: .health(ServiceIdentity(service: "admin").health()))
        return (try request.serializedBytes().count, try reply.serializedBytes().count)
    }
}
