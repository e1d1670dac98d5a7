import ArgumentParser
import BenchSupport
import Foundation
import SluiceRPC
import SluiceTransport
import SluiceWire

/// A hostile run against admin, the scheduler and the catalog at once: thousands of messages
/// per port, mostly garbage and unauthenticated requests, some of them as large as the wire
/// allows or larger, sent over many connections together. Prints each service's resident memory
/// before, at its peak and after (BENCH abuse_<service>_rss_mb), and checks that each still
/// answers. What `make abuse` runs.
struct AbuseBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "abuse", abstract: "Measures the services' memory through a hostile run of messages on every port.")

    @Option(help: "The directory holding the release executables.")
    var bin: String

    @Option(help: "Messages sent to each port.")
    var messages = 20_000

    @Option(help: "Connections to each port, each with one message in flight.")
    var connections = 16

    func run() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-abuse-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        func start(_ name: String, _ arguments: [String]) async throws -> BenchService {
            try await BenchService.start(
                "\(bin)/sluice-\(name)", ["--listen", "tcp://127.0.0.1:0", "--log-level", "error"] + arguments,
                log: directory.appendingPathComponent("\(name).log"))
        }
        let admin = try await start("admin", ["--database", directory.appendingPathComponent("admin.sqlite").path])
        let catalog = try await start("catalog", ["--database", directory.appendingPathComponent("catalog.sqlite").path])
        let scheduler = try await start("scheduler", ["--admin", admin.address, "--catalog", catalog.address])
        let services = [("admin", admin), ("scheduler", scheduler), ("catalog", catalog)]
        defer { for (_, service) in services { service.stop() } }
        try await Task.sleep(for: .seconds(1))
        let before = services.map { $0.1.residentMegabytes }

        print("Hostile run: \(messages) messages to each of admin, the scheduler and the catalog, over \(connections) connections each")
        let clock = ContinuousClock()
        let started = clock.now
        let outcomes = try await withThrowingTaskGroup(of: (String, HostileOutcome).self) { group in
            for (name, service) in services {
                group.addTask { (name, try await HostileRun(address: service.address, messages: messages, connections: connections).run()) }
            }
            var outcomes: [String: HostileOutcome] = [:]
            for try await (name, outcome) in group { outcomes[name] = outcome }
            return outcomes
        }
        let elapsed = clock.now - started
        // Memory freed at the run's end is back with the kernel within a moment, or never.
        try await Task.sleep(for: .seconds(2))
        for (index, (name, service)) in services.enumerated() {
            let outcome = outcomes[name] ?? HostileOutcome()
            let answers = (try? await Self.answers(service.address)) == true
            let figures = String(
                format: "%5.0f MB before, peak %5.0f MB, %5.0f MB after", before[index], service.peakResidentMegabytes,
                service.residentMegabytes)
            print("  \(name.padding(toLength: 9, withPad: " ", startingAt: 0)) \(figures); \(outcome.answered) answered, "
                + "\(outcome.errors) errors, \(outcome.dropped) dropped; \(answers ? "still serving" : "NOT ANSWERING")")
            print("BENCH abuse_\(name)_rss_mb " + String(format: "%.0f", service.residentMegabytes))
            print("BENCH abuse_\(name)_peak_rss_mb " + String(format: "%.0f", service.peakResidentMegabytes))
        }
        print(String(format: "  %.1f s for %d messages", Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
                     messages * services.count))
    }

    /// Whether a health request gets any reply at all.
    private static func answers(_ address: String) async throws -> Bool {
        let raw = try RequestClient(dialing: address)
        defer { Task { await raw.close() } }
        let request = try SchedulerRequest(header: RequestHeader(protocolVersion: 1), call: .health(HealthRequest())).serializedBytes()
        return !(try await raw.request(request, timeout: .seconds(5))).isEmpty
    }
}

struct HostileOutcome: Sendable {
    var answered = 0
    var errors = 0
    var dropped = 0
}

/// The messages of a hostile run, sent over raw REQ sockets.
struct HostileRun: Sendable {
    let address: String
    let messages: Int
    let connections: Int

    /// The kinds of message, by how many in 1,000 are of each.
    static let mix: [(perThousand: Int, make: @Sendable (Int) -> [UInt8])] = [
        (600, { garbage(count: 1 + $0 % 200, seed: $0) }),
        (200, { unauthenticated(seed: $0) }),
        (100, { _ in deep }),
        (80, { garbage(count: 64 << 10 + ($0 % 16) * (60 << 10), seed: $0) }),
        (10, { _ in largest(token: "") }),
        (5, { _ in largest(token: BenchCredentials.token) }),
        (5, { _ in overLimit }),
    ]

    static func kind(of index: Int) -> Int {
        var slot = index % 1000
        for (kind, entry) in mix.enumerated() {
            if slot < entry.perThousand { return kind }
            slot -= entry.perThousand
        }
        return 0
    }

    func run() async throws -> HostileOutcome {
        try await withThrowingTaskGroup(of: HostileOutcome.self) { group in
            for connection in 0..<connections {
                group.addTask {
                    let raw = try RequestClient(dialing: address, options: RequestClientOptions(maxMessageBytes: 64 << 20))
                    var outcome = HostileOutcome()
                    for index in stride(from: connection, to: messages, by: connections) {
                        do {
                            let reply = try await raw.request(Self.mix[Self.kind(of: index)].make(index), timeout: .seconds(30))
                            if case .error? = (try? AdminResponse(serializedBytes: reply))?.reply { outcome.errors += 1 } else { outcome.answered += 1 }
                        } catch {
                            outcome.dropped += 1
                        }
                    }
                    await raw.close()
                    return outcome
                }
            }
            var total = HostileOutcome()
            for try await outcome in group {
                total.answered += outcome.answered
                total.errors += outcome.errors
                total.dropped += outcome.dropped
            }
            return total
        }
    }

    static func garbage(count: Int, seed: Int) -> [UInt8] {
        var state = UInt64(truncatingIfNeeded: seed) &* 0x9E37_79B9_7F4A_7C15 | 1
        return (0..<count).map { _ in
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return UInt8(truncatingIfNeeded: state)
        }
    }

    /// A well-formed call with a token no principal has.
    static func unauthenticated(seed: Int) -> [UInt8] {
        (try? AdminRequest(
            header: RequestHeader(protocolVersion: 1, requestID: "abuse-\(seed)", token: "sluice_guess\(seed)"),
            call: .listExecutions(ListExecutionsRequest(limit: 1000)))
            .serializedBytes()) ?? []
    }

    /// Messages nested as deep as the bytes allow: a decoder without a depth limit would
    /// overflow its stack.
    static let deep: [UInt8] = {
        var inner: [UInt8] = []
        for _ in 0..<3000 { inner = [0x0a] + varint(inner.count) + inner }
        return inner
    }()

    /// A request as large as the wire allows, one string filling it: decoded in full before any
    /// check on what it says.
    static func largest(token: String) -> [UInt8] {
        let description = String(repeating: "x", count: (16 << 20) - 4096)
        var spec = WorkflowSpec()
        spec.id = Identifier(name: "abuse", version: "1")
        spec.description = description
        return (try? AdminRequest(
            header: RequestHeader(protocolVersion: 1, token: token), call: .registerWorkflow(RegisterWorkflowRequest(workflow: spec)))
            .serializedBytes()) ?? []
    }

    /// Over the wire's 16 MiB limit, under the transport's 64 MiB.
    static let overLimit = garbage(count: 20 << 20, seed: 7)

    static func varint(_ value: Int) -> [UInt8] {
        var value = UInt64(value)
        var bytes: [UInt8] = []
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7f) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
        return bytes
    }
}
