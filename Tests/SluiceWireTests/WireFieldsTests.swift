import SluiceTestSupport
import SluiceWire
import Testing

/// Finding a field's encodings inside a message's bytes, and writing one, agree with what
/// protobuf-c encodes and decodes.
@Suite struct WireFieldsTests {
    typealias W = WireBytes

    private let events = (1...3).map { sequence in
        Event(executionID: "ex-1", sequence: UInt64(sequence), at: Timestamp(seconds: Int64(sequence)),
              kind: .node(NodeEvent(nodeID: "node-\(sequence)", phase: .running, outputs: ["o": .int(Int64(sequence))])))
    }

    @Test func eachOccurrenceOfAFieldIsFoundAndDecodesAsItsValue() throws {
        let bytes = try RecordEventsRequest(events: events).serializedBytes()
        let ranges = try #require(WireFields.payloads(of: 1, in: bytes))
        #expect(try ranges.map { try Event(serializedBytes: Array(bytes[$0]), limits: .default) } == events)
    }

    @Test func aFieldInsideANestedMessageIsFoundWithinItsRange() throws {
        let bytes = try AdminRequest(
            header: RequestHeader(requestID: "r-1"), call: .recordEvents(RecordEventsRequest(events: events))
        ).serializedBytes()
        // AdminRequest.record_events is field 131.
        let calls = try #require(WireFields.payloads(of: 131, in: bytes))
        #expect(calls.count == 1)
        let ranges = try #require(WireFields.payloads(of: 1, in: bytes, range: calls[0]))
        #expect(try ranges.map { try Event(serializedBytes: Array(bytes[$0]), limits: .default) } == events)
        // At the top level, field 1 is the header: only it is found, not the events inside the call.
        let headers = try #require(WireFields.payloads(of: 1, in: bytes))
        #expect(try headers.map { try RequestHeader(serializedBytes: Array(bytes[$0]), limits: .default) }
            == [RequestHeader(requestID: "r-1")])
    }

    @Test func otherWireTypesAreSkipped() throws {
        let bytes = W.varintField(2, 300) + W.field(1, "a") + W.fixed64Field(3, 7) + W.fixed32Field(4, 9) + W.field(1, "bc")
        let ranges = try #require(WireFields.payloads(of: 1, in: bytes))
        #expect(ranges.map { String(decoding: bytes[$0], as: UTF8.self) } == ["a", "bc"])
    }

    @Test(arguments: [
        W.tag(1, 2) + [5, 1],  // a length running past the end
        W.tag(1, 2) + [0x80],  // a length cut inside its varint
        W.tag(2, 1) + [1, 2, 3],  // a fixed64 cut short
        W.tag(3, 3),  // a group: proto3 has none
        [0x80],  // a tag cut inside its varint
    ])
    func malformedBytesGiveNil(_ bytes: [UInt8]) {
        #expect(WireFields.payloads(of: 1, in: bytes) == nil)
    }

    @Test func aRangeOutsideTheBytesGivesNil() {
        #expect(WireFields.payloads(of: 1, in: [1, 2], range: 1..<5) == nil)
    }

    @Test func writtenFieldsDecodeAsTheMessageTheyMakeUp() throws {
        var bytes: [UInt8] = []
        for event in events {
            WireFields.appendLengthDelimited(1, try event.serializedBytes()[...], to: &bytes)
        }
        #expect(try EventRun(serializedBytes: bytes, limits: .default).events == events)
        // A payload longer than 127 bytes takes a two-byte length.
        let long = [UInt8](repeating: 0x61, count: 300)
        var field: [UInt8] = []
        WireFields.appendLengthDelimited(7, long[...], to: &field)
        #expect(field == W.tag(7, 2) + [0xac, 0x02] + long)
    }
}
