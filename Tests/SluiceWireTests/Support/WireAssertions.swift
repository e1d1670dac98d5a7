import Testing
@testable import SluiceWire

/// A message every hostile-input test decodes afterwards, to show the decoder is still sound.
let canaryLiteral = Literal.map(["k": .collection([.string("v"), .int(-7), .duration(.seconds(-3) - .nanoseconds(5))])])

/// Encodes, decodes and re-encodes `value`: the decoded value must equal it and the bytes must
/// be stable.
///
/// A value holding a NaN equals nothing, not even itself once copied (Swift's `==` on arrays
/// only short-cuts for the very same storage), so two independent decodes are compared first:
/// when they differ, a NaN is present and only the bytes are compared.
func expectRoundTrip<M: WireMessage>(_ value: M, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let bytes = try value.serializedBytes()
    let decoded = try M(serializedBytes: bytes, limits: .default)
    let decodedAgain = try M(serializedBytes: bytes, limits: .default)
    if decoded == decodedAgain {
        #expect(decoded == value, sourceLocation: sourceLocation)
    }
    #expect(try decoded.serializedBytes() == bytes, "re-encoding changed the bytes", sourceLocation: sourceLocation)
}

/// Decoding `bytes` as `M` must throw a ``WireError`` with `code` whose message names every
/// string in `mentioning`; afterwards a valid message must still decode.
func expectRejected<M: WireMessage>(
    _ type: M.Type, _ bytes: [UInt8], limits: WireLimits = .default, code: WireError.Code, mentioning: [String],
    sourceLocation: SourceLocation = #_sourceLocation
) {
    do {
        let value = try M(serializedBytes: bytes, limits: limits)
        Issue.record("decoded \(value) instead of failing with \(code)", sourceLocation: sourceLocation)
    } catch {
        expect(error, code: code, mentioning: mentioning, sourceLocation: sourceLocation)
    }
    expectCanaryStillDecodes(sourceLocation: sourceLocation)
}

/// Encoding `value` must throw a ``WireError`` with `code` whose message names `mentioning`.
func expectEncodingRejected<M: WireMessage>(
    _ value: M, code: WireError.Code, mentioning: [String], sourceLocation: SourceLocation = #_sourceLocation
) {
    do {
        let bytes = try value.serializedBytes()
        Issue.record("encoded to \(bytes.count) bytes instead of failing with \(code)", sourceLocation: sourceLocation)
    } catch {
        expect(error, code: code, mentioning: mentioning, sourceLocation: sourceLocation)
    }
    expectCanaryStillDecodes(sourceLocation: sourceLocation)
}

func expect(_ error: WireError, code: WireError.Code, mentioning: [String], sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(error.code == code, "\(error.message)", sourceLocation: sourceLocation)
    for name in mentioning {
        #expect(error.message.contains(name), "message does not name \(name): \(error.message)", sourceLocation: sourceLocation)
    }
}

func expectCanaryStillDecodes(sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(
        (try? Literal(serializedBytes: try canaryLiteral.serializedBytes(), limits: .default)) == canaryLiteral,
        "a valid message no longer decodes", sourceLocation: sourceLocation)
}
