#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
import SluiceWire

@Suite("LiteralCodable mapping")
struct LiteralCodableTests {
    @Test func structBecomesMapWithNilOptionalLeftOut() throws {
        let literal = try Literal(encoding: Row.sample)
        #expect(literal == .map([
            "name": .string("alpha"),
            "count": .int(3),
            "weight": .float(0.5),
            "tags": .collection([.string("x"), .string("y")]),
        ]))
    }

    @Test func nestedStructRoundTrips() throws {
        let literal = try Literal(encoding: Table.sample)
        guard case .map(let table) = literal else {
            Issue.record("expected a map, got \(literal)")
            return
        }
        #expect(table["grid"] == .collection([.collection([.int(1), .int(2)]), .collection([]), .collection([.int(-128), .int(127)])]))
        #expect(table["flags"] == .collection([.bool(true), .none, .bool(false)]))
        #expect(table["index"] == .map(["alpha": .int(0), "beta": .int(1), "gamma": .int(2)]))
        #expect(try literal.decoded(as: Table.self) == Table.sample)
    }

    @Test func optionalPresentNilAndMissing() throws {
        let present = Literal.map(["name": .string("n"), "count": .int(1), "weight": .float(2), "tags": .collection([]), "note": .string("hi")])
        #expect(try present.decoded(as: Row.self).note == "hi")

        guard case .map(var entries) = present else { return }
        entries["note"] = Literal.none
        #expect(try Literal.map(entries).decoded(as: Row.self).note == nil)

        entries["note"] = nil
        #expect(try Literal.map(entries).decoded(as: Row.self).note == nil)
    }

    @Test func topLevelValues() throws {
        #expect(try Literal(encoding: 42) == .int(42))
        #expect(try Literal(encoding: [1.5, 2]) == .collection([.float(1.5), .float(2)]))
        #expect(try Literal(encoding: Empty()) == .map([:]))
        #expect(try Literal(encoding: Optional<Int>.none) == .none)
        #expect(try Literal(encoding: [Int: String]()) == .map([:]))
        #expect(try Literal.int(7).decoded() as Int == 7)
        #expect(try Literal.none.decoded(as: String?.self) == nil)
    }

    @Test func intKeyedDictionaryBecomesStringKeyedMap() throws {
        let scores: [Int: String] = [1: "one", 20: "twenty"]
        let literal = try Literal(encoding: scores)
        #expect(literal == .map(["1": .string("one"), "20": .string("twenty")]))
        #expect(try literal.decoded(as: [Int: String].self) == scores)
    }

    @Test func rawValueEnums() throws {
        let palette = Palette(primary: .green, priority: .high, shapes: [])
        let literal = try Literal(encoding: palette)
        #expect(literal == .map(["primary": .string("green"), "priority": .int(10), "shapes": .collection([])]))
        #expect(try literal.decoded(as: Palette.self) == palette)
        #expect(throws: DecodingError.self) { try Literal.string("blue").decoded(as: Color.self) }
    }

    @Test func enumsWithAssociatedValues() throws {
        let shapes: [Shape] = [.circle(radius: 2), .rect(1, 3), .labelled("tag", color: .red), .point]
        let literal = try Literal(encoding: shapes)
        #expect(literal == .collection([
            .map(["circle": .map(["radius": .float(2)])]),
            .map(["rect": .map(["_0": .float(1), "_1": .float(3)])]),
            .map(["labelled": .map(["_0": .string("tag"), "color": .string("red")])]),
            .map(["point": .map([:])]),
        ]))
        #expect(try literal.decoded(as: [Shape].self) == shapes)
    }

    @Test func specialTypesUseDedicatedCases() throws {
        let artifact = Artifact(
            createdAt: Date(timeIntervalSince1970: 1_700_000_000.25),
            payload: Data([0, 1, 254, 255]),
            timeout: .seconds(90) + .milliseconds(5),
            source: URL(string: "https://example.com/data?part=2")!,
            checkedAt: Date(timeIntervalSince1970: -86_400))
        let literal = try Literal(encoding: artifact)
        #expect(literal == .map([
            "createdAt": .datetime(Timestamp(seconds: 1_700_000_000, nanos: 250_000_000)),
            "payload": .bytes([0, 1, 254, 255]),
            "timeout": .duration(.seconds(90) + .milliseconds(5)),
            "source": .string("https://example.com/data?part=2"),
            "checkedAt": .datetime(Timestamp(seconds: -86_400)),
        ]))
        #expect(try literal.decoded(as: Artifact.self) == artifact)
    }

    @Test func specialTypesAtTopLevelAndInCollections() throws {
        #expect(try Literal(encoding: Data([9])) == .bytes([9]))
        #expect(try Literal(encoding: [Duration.seconds(1)]) == .collection([.duration(.seconds(1))]))
        #expect(try Literal(encoding: [Data?.none, Data([1])]) == .collection([.none, .bytes([1])]))
        #expect(try Literal.bytes([1, 2]).decoded(as: Data.self) == Data([1, 2]))
        #expect(try Literal.string("file:///tmp/x").decoded(as: URL.self).path == "/tmp/x")
    }

    @Test func structHoldingALiteralEmbedsItAsIs() throws {
        let blob = Literal.blob(BlobRef(uri: "s3://bucket/k", contentHash: "sha256:" + String(repeating: "0", count: 64), size: 12, format: "csv"))
        let envelope = Envelope(id: "e1", payload: blob, extra: .collection([.int(1), .none]))
        let literal = try Literal(encoding: envelope)
        #expect(literal == .map(["id": .string("e1"), "payload": blob, "extra": .collection([.int(1), .none])]))
        #expect(try literal.decoded(as: Envelope.self) == envelope)
        #expect(try Literal(encoding: blob) == blob)
        #expect(try blob.decoded(as: Literal.self) == blob)
    }

    @Test func literalRefusesForeignCoders() {
        let envelope = Envelope(id: "e1", payload: .int(1), extra: nil)
        #expect(throws: EncodingError.self) { try JSONEncoder().encode(envelope) }
    }

    @Test func numericWideningOnDecode() throws {
        #expect(try Literal.int(3).decoded(as: Double.self) == 3.0)
        #expect(try Literal.int(-2).decoded(as: Float.self) == -2.0)
        #expect(try Literal.float(4.0).decoded(as: Int16.self) == 4)
        #expect(try Literal.float(-0.0).decoded(as: UInt.self) == 0)
        #expect(try Literal.int(Int64.max).decoded(as: UInt64.self) == UInt64(Int64.max))
    }

    @Test func encodingIsDeterministic() throws {
        let first = try Literal(encoding: Table.sample)
        let second = try Literal(encoding: Table.sample)
        #expect(first == second)
        let bytes = try first.serializedBytes()
        #expect(bytes == (try second.serializedBytes()))
        // The full path a task input takes: value -> literal -> wire -> literal -> value.
        let received = try Literal(serializedBytes: bytes)
        #expect(try received.decoded(as: Table.self) == Table.sample)
    }

    @Test func userInfoReachesCodableImplementations() throws {
        struct Scaled: Codable, Equatable {
            var value: Int
            static let factor = CodingUserInfoKey(rawValue: "factor")!
            init(value: Int) { self.value = value }
            func encode(to encoder: any Encoder) throws {
                var container = encoder.singleValueContainer()
                try container.encode(value * (encoder.userInfo[Self.factor] as? Int ?? 1))
            }
            init(from decoder: any Decoder) throws {
                value = try decoder.singleValueContainer().decode(Int.self) / (decoder.userInfo[Self.factor] as? Int ?? 1)
            }
        }
        var encoder = LiteralEncoder()
        encoder.userInfo[Scaled.factor] = 10
        var decoder = LiteralDecoder()
        decoder.userInfo[Scaled.factor] = 10
        let literal = try encoder.encode([Scaled(value: 4)])
        #expect(literal == .collection([.int(40)]))
        #expect(try decoder.decode([Scaled].self, from: literal) == [Scaled(value: 4)])
    }
}
