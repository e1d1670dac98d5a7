import PropertyBased
import SluiceTestSupport
import Testing
@testable import SluiceWire

/// Random and damaged bytes never crash the decoder: each decode either throws a WireError
/// naming a type, or yields a value that re-encodes to bytes decoding to the same value.
@Suite struct HostileFuzzTests {
    /// Decodes `bytes` as `M`; on success the value must survive a round trip, on failure the
    /// error must be one that bytes of this size can cause and must name a type.
    static func decodeOrExplain<M: WireMessage>(_ type: M.Type, _ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        let value: M
        do throws(WireError) {
            value = try M(serializedBytes: bytes, limits: .default)
        } catch {
            #expect(error.code != .tooLarge, "\(error.message)", sourceLocation: sourceLocation)
            #expect(
                error.message.contains("sluice.v1.") || error.message.contains("google.protobuf."),
                "message names no type: \(error.message)", sourceLocation: sourceLocation)
            return
        }
        do throws(WireError) {
            let reencoded = try value.serializedBytes()
            #expect(try M(serializedBytes: reencoded, limits: .default).serializedBytes() == reencoded, sourceLocation: sourceLocation)
        } catch {
            Issue.record("a decoded value does not survive a round trip: \(error.message)", sourceLocation: sourceLocation)
        }
    }

    static func decodeAsEveryType(_ bytes: [UInt8]) {
        decodeOrExplain(Literal.self, bytes)
        decodeOrExplain(LiteralType.self, bytes)
        decodeOrExplain(TaskSpec.self, bytes)
        decodeOrExplain(WorkflowSpec.self, bytes)
        decodeOrExplain(ExecutionSpec.self, bytes)
        decodeOrExplain(Event.self, bytes)
        decodeOrExplain(AdminRequest.self, bytes)
        decodeOrExplain(AdminResponse.self, bytes)
    }

    @Test func randomGarbage() async {
        await cooperativePropertyCheck(count: 3000, input: Gen.uint8().array(of: 0...80)) { bytes in
            Self.decodeAsEveryType(bytes)
        }
        expectCanaryStillDecodes()
    }

    /// Garbage made of plausible pieces: valid tags of small field numbers and every wire
    /// type, lengths, and short payloads, so that decoding gets past the first byte.
    static let plausibleGarbage = Generator<[UInt8], Shrink.None<[UInt8]>>(run: { rng in
        var bytes: [UInt8] = []
        for _ in 0..<Pick.int(1...12, &rng) {
            bytes += WireBytes.tag(UInt64(Pick.int(1...16, &rng)), UInt64(Pick.int(0...7, &rng)))
            switch Pick.int(0...3, &rng) {
            case 0: bytes += WireBytes.varint(Pick.uint64(&rng))
            case 1: bytes += WireBytes.varint(UInt64(Pick.int(0...20, &rng)))
            default: bytes += Pick.array(0...8, &rng) { UInt8.random(in: .min ... .max, using: &$0) }
            }
        }
        return bytes
    })

    @Test func plausibleGarbageDecodesOrFailsCleanly() async {
        await cooperativePropertyCheck(count: 3000, input: Self.plausibleGarbage) { Self.decodeAsEveryType($0) }
        expectCanaryStillDecodes()
    }

    /// A valid message damaged in a few places: bytes flipped, inserted, removed or repeated.
    static func mutated(_ original: [UInt8], _ rng: inout RNG) -> [UInt8] {
        var bytes = original
        for _ in 0..<Pick.int(1...4, &rng) {
            let position = bytes.isEmpty ? 0 : Pick.int(0...(bytes.count - 1), &rng)
            switch Pick.int(0...4, &rng) {
            case 0 where !bytes.isEmpty: bytes[position] ^= UInt8(1 << Pick.int(0...7, &rng))
            case 1 where !bytes.isEmpty: bytes[position] = UInt8.random(in: .min ... .max, using: &rng)
            case 2: bytes.insert(UInt8.random(in: .min ... .max, using: &rng), at: position)
            case 3 where !bytes.isEmpty: bytes.remove(at: position)
            default:
                let end = min(bytes.count, position + Pick.int(1...16, &rng))
                bytes.insert(contentsOf: bytes[position..<end], at: position)
            }
        }
        return bytes
    }

    static func mutations<M: WireMessage>(of generator: Generator<M, Shrink.None<M>>) -> Generator<[UInt8], Shrink.None<[UInt8]>> {
        Generator(run: { rng in
            let value = generator.run(using: &rng)
            return mutated((try? value.serializedBytes()) ?? [], &rng)
        })
    }

    @Test func damagedLiterals() async {
        await cooperativePropertyCheck(count: 1500, input: Self.mutations(of: LiteralGen.literal)) { Self.decodeOrExplain(Literal.self, $0) }
        expectCanaryStillDecodes()
    }

    @Test func damagedWorkflowSpecs() async {
        await cooperativePropertyCheck(count: 500, input: Self.mutations(of: SpecGen.workflowSpec)) { Self.decodeOrExplain(WorkflowSpec.self, $0) }
        expectCanaryStillDecodes()
    }

    @Test func damagedAdminRequests() async {
        await cooperativePropertyCheck(count: 800, input: Self.mutations(of: ExecutionGen.adminRequest)) { Self.decodeOrExplain(AdminRequest.self, $0) }
        expectCanaryStillDecodes()
    }

    @Test func damagedEvents() async {
        await cooperativePropertyCheck(count: 500, input: Self.mutations(of: ExecutionGen.event)) { Self.decodeOrExplain(Event.self, $0) }
        expectCanaryStillDecodes()
    }

    // MARK: Truncation

    /// A Literal is one field: every proper prefix but the empty one ends inside it.
    @Test func literalTruncatedAtEveryLength() throws {
        let value = Literal.map([
            "list": .collection([.string("x"), .float(2.5), .datetime(Timestamp(seconds: 1_700_000_000, nanos: 5)), .none]),
            "nested": .map(["deep": .collection([.int(.min), .bytes([1, 2, 3])])]),
            "blob": .blob(BlobRef(uri: "s3://b/k", size: 300)),
        ])
        let bytes = try value.serializedBytes()
        expectRejected(Literal.self, [], code: .missingValue, mentioning: ["sluice.v1.Literal"])
        for length in 1..<bytes.count {
            expectRejected(Literal.self, Array(bytes[..<length]), code: .truncated, mentioning: ["sluice.v1."])
        }
        #expect(try Literal(serializedBytes: bytes, limits: .default) == value)
    }

    /// A request of several fields: a prefix ending between top-level fields is a valid,
    /// shorter request that re-encodes to exactly that prefix; any other prefix is truncated.
    @Test func requestTruncatedAtEveryLength() throws {
        let request = AdminRequest(
            header: RequestHeader(protocolVersion: 1, requestID: "r1", token: "t", timeoutMs: 5000),
            call: .setSignal(SetSignalRequest(
                executionID: "e1", signalID: "approve", value: .map(["ok": .bool(true), "why": .string("✓")]), displayName: "alice")))
        let bytes = try request.serializedBytes()
        let boundaries = Set(WireBytes.topLevelFieldEnds(bytes))
        #expect(boundaries.count == 2)
        for length in 1..<bytes.count {
            let prefix = Array(bytes[..<length])
            if boundaries.contains(length) {
                #expect(try AdminRequest(serializedBytes: prefix, limits: .default).serializedBytes() == prefix)
            } else {
                expectRejected(AdminRequest.self, prefix, code: .truncated, mentioning: ["sluice.v1."])
            }
        }
    }

    @Test func randomValuesTruncatedAnywhereNeverCrash() async {
        let input = Generator<[UInt8], Shrink.None<[UInt8]>>(run: { rng in
            let bytes = (try? ExecutionGen.event(&rng).serializedBytes()) ?? []
            return Array(bytes[..<Pick.int(0...bytes.count, &rng)])
        })
        await cooperativePropertyCheck(count: 500, input: input) { Self.decodeOrExplain(Event.self, $0) }
    }
}
