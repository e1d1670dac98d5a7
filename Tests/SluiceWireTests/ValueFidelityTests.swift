import SluiceTestSupport
import Testing
@testable import SluiceWire

/// The wire keeps exactly what a value holds, even where Swift's `==` is looser; and nothing
/// from the wire is silently dropped to fit a Swift dictionary.
@Suite struct ValueFidelityTests {
    static let composed = "\u{E9}"  // é, one scalar
    static let decomposed = "e\u{301}"  // e + combining acute accent

    @Test func stringsKeepTheirExactSpelling() throws {
        for spelling in [Self.composed, Self.decomposed] {
            let bytes = try Literal.string(spelling).serializedBytes()
            let decoded = try Literal(serializedBytes: bytes, limits: .default)
            guard case .string(let text) = decoded else { Issue.record("not a string"); continue }
            #expect(Array(text.utf8) == Array(spelling.utf8))
        }
        #expect(try Literal.string(Self.composed).serializedBytes() != Literal.string(Self.decomposed).serializedBytes())
    }

    @Test func negativeZeroKeepsItsSignInALiteral() throws {
        let decoded = try Literal(serializedBytes: Literal.float(-0.0).serializedBytes(), limits: .default)
        guard case .float(let value) = decoded else { Issue.record("not a float"); return }
        #expect(value == 0 && value.sign == .minus)
    }

    /// Two keys that differ only in Unicode normalisation are two entries to protoc and every
    /// other implementation; a Swift dictionary would merge them and lose a value.
    @Test func mapKeysDifferingOnlyInNormalisationAreRefused() throws {
        func entry(_ key: String, _ value: UInt64) -> [UInt8] {
            WireBytes.field(1, WireBytes.field(1, key) + WireBytes.field(2, WireBytes.varintField(1, value)))
        }
        let bytes = entry(Self.composed, 1) + entry(Self.decomposed, 2)
        let error = #expect(throws: WireError.self) { try LiteralMap(serializedBytes: bytes, limits: .default) }
        #expect(error?.code == .invalidValue)
        #expect(error?.message.contains("sluice.v1.LiteralMap.literals") == true)
    }

    @Test func aRepeatedKeyWithTheSameBytesKeepsTheLastValue() throws {
        func entry(_ key: String, _ value: UInt64) -> [UInt8] {
            WireBytes.field(1, WireBytes.field(1, key) + WireBytes.field(2, WireBytes.varintField(1, value)))
        }
        let decoded = try LiteralMap(serializedBytes: entry("k", 1) + entry("k", 2), limits: .default)
        #expect(decoded.literals == ["k": .int(2)])
    }
}
