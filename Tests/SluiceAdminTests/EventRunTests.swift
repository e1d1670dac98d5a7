import Foundation
import Logging
import SluiceAdmin
import SluiceRPC
import SluiceWire
import SluiceTestSupport
import Testing

/// Admin keeps recorded events as runs of consecutive sequence numbers, in the bytes they came
/// in. What a user sees must not depend on that: the events read back, duplicates refused, gaps
/// filled later.
@Suite("Recorded events kept as runs", .loadsTheMachine)
struct EventRunTests {
    private func running(_ executionID: String, _ sequences: some Sequence<UInt64>) -> [Event] {
        sequences.map { sequence in
            Event(executionID: executionID, sequence: sequence, at: Timestamp(seconds: Int64(sequence)),
                  kind: .node(NodeEvent(nodeID: "n\(sequence)", kind: .task, phase: .running)))
        }
    }

    @Test("events read back as recorded, whether admin kept their bytes or encoded them", arguments: StoreKind.allCases)
    func readBack(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        let execution = try await admin.createGreeting()
        let first = running(execution.id, 1...3)
        let second = running(execution.id, 4...6)
        _ = try await admin.record(first)
        _ = try await admin.record(second, asBytes: false)
        #expect(try await admin.events(of: execution.id) == first + second)
    }

    @Test("an event sent without a time is kept with the time admin received it", arguments: StoreKind.allCases)
    func untimedEvent(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        let execution = try await admin.createGreeting()
        var events = running(execution.id, 1...2)
        events[1].at = nil
        let before = Timestamp.now()
        _ = try await admin.record(events)
        let stored = try await admin.events(of: execution.id)
        #expect(stored.count == 2)
        #expect(stored.first == events[0])
        let stamped = try #require(stored.last?.at)
        #expect(stamped.seconds >= before.seconds)
        var expected = events[1]
        expected.at = stamped
        #expect(stored.last == expected)
    }

    @Test("events after a gap are recorded, the gap is filled later, and a resend of all is refused", arguments: StoreKind.allCases)
    func gapFilledLater(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        let execution = try await admin.createGreeting()
        let all = running(execution.id, 1...8)
        #expect(try await admin.record(Array(all[0...1]) + Array(all[5...7])).applied == 5)
        let filled = try await admin.record(Array(all[1...5]))
        #expect(filled.applied == 3 && filled.duplicates == 2)
        let resent = try await admin.record(all.reversed())
        #expect(resent.applied == 0 && resent.duplicates == 8)
        #expect(try await admin.events(of: execution.id) == all)
    }

    @Test("pages of events after any sequence number, across runs of the most events a run holds", arguments: StoreKind.allCases)
    func pagesAcrossRuns(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        let execution = try await admin.createGreeting()
        let all = running(execution.id, 1...700)
        #expect(try await admin.record(Array(all[0..<600])).applied == 600)
        #expect(try await admin.record(Array(all[600...])).applied == 100)
        #expect(try await admin.events(of: execution.id, limit: 100) == Array(all[0..<100]))
        #expect(try await admin.events(of: execution.id, after: 250, limit: 10) == Array(all[250..<260]))
        #expect(try await admin.events(of: execution.id, after: 255, limit: 300) == Array(all[255..<555]))
        #expect(try await admin.events(of: execution.id, after: 699) == [all[699]])
        #expect(try await admin.events(of: execution.id, after: 700).isEmpty)
        #expect(try await admin.record(all).duplicates == 700)
    }

    @Test("a batch ending a few dozen stored nodes builds on what each holds", arguments: StoreKind.allCases)
    func endsStoredNodes(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        let execution = try await admin.createGreeting()
        _ = try await admin.record(running(execution.id, 1...37))
        let ended = (1...37).map { index in
            Event(executionID: execution.id, sequence: UInt64(37 + index), at: Timestamp(seconds: 1_000),
                  kind: .node(NodeEvent(nodeID: "n\(index)", phase: .succeeded, outputs: ["o": .int(Int64(index))])))
        }
        #expect(try await admin.record(ended).applied == 37)
        let nodes = try await admin.nodes(of: execution.id)
        #expect(nodes.count == 37)
        for node in nodes {
            let index = try #require(Int64(node.nodeID.dropFirst()))
            #expect(node.phase == .succeeded && node.outputs == ["o": .int(index)])
            #expect(node.startedAt == Timestamp(seconds: index) && node.endedAt == Timestamp(seconds: 1_000))
        }
    }

    @Test("one call's events for two executions are each kept with their own execution", arguments: StoreKind.allCases)
    func twoExecutions(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        let one = try await admin.createGreeting()
        let other = try await admin.createGreeting()
        let mine = running(one.id, 1...3)
        let theirs = running(other.id, 1...2)
        #expect(try await admin.record([mine[0], theirs[0], mine[1], theirs[1], mine[2]]).applied == 5)
        #expect(try await admin.events(of: one.id) == mine)
        #expect(try await admin.events(of: other.id) == theirs)
    }

    /// protobuf-c keeps the last of several occurrences of a oneof member, so the bytes then hold
    /// events the decoded call does not: admin must record the call as decoded.
    @Test("a request naming its call twice is recorded as it decodes, not as its bytes read", arguments: StoreKind.allCases)
    func callNamedTwice(_ store: StoreKind) async throws {
        let admin = try await AdminFixture(store)
        let execution = try await admin.createGreeting()
        let events = running(execution.id, 1...2)
        let bytes = try AdminRequest(call: .recordEvents(RecordEventsRequest(events: [events[0]]))).serializedBytes()
            + AdminRequest(call: .recordEvents(RecordEventsRequest(events: [events[1]]))).serializedBytes()
        let host = ServiceHost(service: admin.service, authenticator: .off, logger: Logger(label: "sluice.admin.test"))
        let reply = try AdminResponse(serializedBytes: await host.respond(to: bytes), limits: .default)
        guard case .recordEvents(let recorded)? = reply.reply else {
            Issue.record("not a record_events reply: \(reply)")
            return
        }
        let decoded = try AdminRequest(serializedBytes: bytes, limits: .default)
        guard case .recordEvents(let call)? = decoded.call else {
            Issue.record("the request did not decode as record_events")
            return
        }
        #expect(recorded.applied == UInt32(call.events.count))
        #expect(try await admin.events(of: execution.id) == call.events)
    }
}
