import SluiceTestSupport
import Testing
@testable import SluiceWire

/// Crafted hostile bytes: each is refused with the right WireError code and a message naming
/// the type or field, without crashing, and a valid message still decodes afterwards.
@Suite struct HostileDecodingTests {
    typealias W = WireBytes

    static let intLiteral = W.varintField(1, 5)

    // MARK: Size and depth

    @Test func literalNestedOneHundredThousandLevelsIsTooDeep() {
        // Literal.collection (9) → LiteralCollection.literals (1) → Literal ...
        let bytes = W.nested([9, 1], repetitions: 100_000, inner: Self.intLiteral)
        expectRejected(Literal.self, bytes, code: .tooDeep, mentioning: ["sluice.v1.Literal", "100"])
        // The same through maps: Literal.map (10) → LiteralMap.literals (1) → entry.value (2).
        let maps = W.nested([10, 1, 2], repetitions: 100_000, inner: Self.intLiteral)
        expectRejected(Literal.self, maps, code: .tooDeep, mentioning: ["sluice.v1.Literal"])
    }

    @Test func otherRecursiveMessagesNestedDeeplyAreTooDeep() {
        expectRejected(LiteralType.self, W.nested([2], repetitions: 200_000, inner: W.varintField(1, 1)), code: .tooDeep, mentioning: ["sluice.v1.LiteralType.collection"])
        expectRejected(BooleanExpression.self, W.nested([3], repetitions: 200_000, inner: []), code: .tooDeep, mentioning: ["sluice.v1.BooleanExpression.negation"])
        // Node.branch (12) → BranchNode.else_node (2) → Node ...
        let workflow = W.field(3, W.nested([12, 2], repetitions: 50_000, inner: W.field(1, "leaf")))
        expectRejected(WorkflowSpec.self, workflow, code: .tooDeep, mentioning: ["sluice.v1."])
    }

    /// Unknown fields are skipped without being unpacked, however deep their contents look.
    @Test func deepBytesInsideAnUnknownFieldAreTolerated() throws {
        let bytes = Self.intLiteral + W.field(99, W.nested([9, 1], repetitions: 10_000, inner: []))
        #expect(try Literal(serializedBytes: bytes, limits: .default) == .int(5))
    }

    @Test func bytesOverACustomLimitAreTooLarge() throws {
        let bytes = try canaryLiteral.serializedBytes()
        #expect(try Literal(serializedBytes: bytes, limits: WireLimits(maxMessageBytes: bytes.count)) == canaryLiteral)
        expectRejected(Literal.self, bytes, limits: WireLimits(maxMessageBytes: bytes.count - 1), code: .tooLarge, mentioning: ["sluice.v1.Literal", "\(bytes.count)"])
    }

    @Test func defaultLimitIsSixteenMebibytes() throws {
        let limit = 16 << 20
        // tag, 4-byte length, payload: exactly the limit.
        let payload = [UInt8](repeating: 0xab, count: limit - 5)
        let atLimit = W.field(5, payload)
        #expect(atLimit.count == limit)
        #expect(try Literal(serializedBytes: atLimit, limits: .default) == .bytes(payload))
        expectRejected(Literal.self, W.field(5, payload + [0]), code: .tooLarge, mentioning: ["sluice.v1.Literal", "\(limit)"])
        // The size is checked before anything is parsed.
        expectRejected(Literal.self, [UInt8](repeating: 0xff, count: limit + 1), code: .tooLarge, mentioning: ["sluice.v1.Literal"])
    }

    // MARK: Strings

    @Test func nulInADecodedStringIsRefused() {
        expectRejected(Literal.self, W.field(3, "a\0b"), code: .nulInString, mentioning: ["sluice.v1.Literal.string_value"])
        let entry = W.field(1, "k\0") + W.field(2, Self.intLiteral)
        expectRejected(Literal.self, W.field(10, W.field(1, entry)), code: .nulInString, mentioning: ["sluice.v1.LiteralMap.LiteralsEntry.key"])
        expectRejected(TaskSpec.self, W.field(1, W.field(1, "\0")), code: .nulInString, mentioning: ["sluice.v1.Identifier.name"])
        expectRejected(Node.self, W.field(4, "up\0stream"), code: .nulInString, mentioning: ["sluice.v1.Node.upstream"])
    }

    @Test func nulInAnEncodedStringIsRefused() {
        expectEncodingRejected(Literal.string("a\0b"), code: .nulInString, mentioning: ["sluice.v1.Literal.string_value"])
        expectEncodingRejected(Literal.map(["\0": .none]), code: .nulInString, mentioning: ["sluice.v1.LiteralMap.LiteralsEntry.key"])
        expectEncodingRejected(TaskSpec(labels: ["k": "v\0"]), code: .nulInString, mentioning: ["sluice.v1.TaskSpec.LabelsEntry.value"])
        expectEncodingRejected(WorkflowSpec(nodes: [Node(upstream: ["ok", "\0"])]), code: .nulInString, mentioning: ["sluice.v1.Node.upstream"])
        expectEncodingRejected(
            AdminRequest(header: RequestHeader(requestID: "r\u{0}1")), code: .nulInString, mentioning: ["sluice.v1.RequestHeader.request_id"])
    }

    static let invalidUTF8: [[UInt8]] = [[0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf4, 0x90, 0x80, 0x80], [0x61, 0x80]]

    @Test(arguments: invalidUTF8)
    func invalidUTF8IsRefused(_ bad: [UInt8]) {
        expectRejected(Literal.self, W.field(3, bad), code: .invalidUTF8, mentioning: ["sluice.v1.Literal.string_value"])
        let entry = W.field(1, bad) + W.field(2, Self.intLiteral)
        expectRejected(Literal.self, W.field(10, W.field(1, entry)), code: .invalidUTF8, mentioning: ["sluice.v1.LiteralMap.LiteralsEntry.key"])
        expectRejected(AdminRequest.self, W.field(1, W.field(2, bad)), code: .invalidUTF8, mentioning: ["sluice.v1.RequestHeader.request_id"])
        expectRejected(Node.self, W.field(4, "ok") + W.field(4, bad), code: .invalidUTF8, mentioning: ["sluice.v1.Node.upstream"])
    }

    // MARK: Structure

    @Test func wrongWireTypeForAKnownFieldIsMalformed() {
        expectRejected(Literal.self, W.field(1, [5]), code: .malformed, mentioning: ["sluice.v1.Literal.int_value"])
        expectRejected(Literal.self, W.varintField(3, 1), code: .malformed, mentioning: ["sluice.v1.Literal.string_value"])
        expectRejected(Literal.self, W.fixed32Field(2, 0), code: .malformed, mentioning: ["sluice.v1.Literal.float_value"])
        expectRejected(Literal.self, W.fixed64Field(9, 0), code: .malformed, mentioning: ["sluice.v1.Literal.collection"])
        expectRejected(WorkflowSpec.self, W.field(5, [1]), code: .malformed, mentioning: ["sluice.v1.WorkflowSpec.failure_policy"])
    }

    @Test func groupsAndInvalidWireTypesAreMalformed() {
        expectRejected(Literal.self, W.tag(1, 3) + W.tag(1, 4), code: .malformed, mentioning: ["sluice.v1.Literal.int_value", "group"])
        expectRejected(Literal.self, Self.intLiteral + W.tag(77, 3) + W.tag(77, 4), code: .malformed, mentioning: ["sluice.v1.Literal field 77", "group"])
        expectRejected(Literal.self, W.tag(4, 4), code: .malformed, mentioning: ["sluice.v1.Literal.bool_value"])
        expectRejected(Literal.self, W.tag(1, 6) + [0], code: .malformed, mentioning: ["sluice.v1.Literal", "wire type 6"])
        expectRejected(Literal.self, W.tag(1, 7) + [0], code: .malformed, mentioning: ["sluice.v1.Literal", "wire type 7"])
    }

    @Test func invalidTagsAndVarintsAreMalformed() {
        expectRejected(Literal.self, W.varintField(0, 1), code: .malformed, mentioning: ["sluice.v1.Literal", "field number 0"])
        expectRejected(Literal.self, W.varintField(1 << 29, 1), code: .malformed, mentioning: ["sluice.v1.Literal"])
        expectRejected(Literal.self, [0x08] + [UInt8](repeating: 0xff, count: 10) + [0x01], code: .malformed, mentioning: ["sluice.v1.Literal", "varint"])
    }

    @Test func unknownEnumValuesAreRefused() {
        let blob = W.field(11, W.field(1, "s3://b/k") + W.varintField(5, 7))
        expectRejected(Literal.self, blob, code: .unknownEnumValue, mentioning: ["sluice.v1.BlobRef.dimensionality", "7"])
        expectRejected(WorkflowSpec.self, W.varintField(5, 99), code: .unknownEnumValue, mentioning: ["sluice.v1.WorkflowSpec.failure_policy"])
        expectRejected(WorkflowSpec.self, W.varintField(5, UInt64(bitPattern: -1)), code: .unknownEnumValue, mentioning: ["sluice.v1.WorkflowSpec.failure_policy", "-1"])
        expectRejected(LiteralType.self, W.varintField(1, 11), code: .unknownEnumValue, mentioning: ["sluice.v1.LiteralType.simple"])
        let phases = W.field(112, W.field(2, W.varint(2) + W.varint(42)))
        expectRejected(AdminRequest.self, phases, code: .unknownEnumValue, mentioning: ["sluice.v1.ListExecutionsRequest.phases", "42"])
    }

    @Test func valuesThatMustBeSetAreMissing() {
        expectRejected(Literal.self, [], code: .missingValue, mentioning: ["sluice.v1.Literal"])
        expectRejected(Literal.self, W.field(9, W.field(1, Self.intLiteral) + W.field(1, [])), code: .missingValue, mentioning: ["sluice.v1.Literal"])
        expectRejected(Literal.self, W.field(10, W.field(1, W.field(1, "k"))), code: .missingValue, mentioning: ["sluice.v1.LiteralMap.literals"])
        expectRejected(Node.self, W.field(3, W.field(1, "in") + W.field(2, [])), code: .missingValue, mentioning: ["sluice.v1.Binding"])
        expectRejected(BooleanExpression.self, W.field(1, W.field(2, [])), code: .missingValue, mentioning: ["sluice.v1.Operand"])
        expectRejected(LiteralType.self, W.field(2, []), code: .missingValue, mentioning: ["sluice.v1.LiteralType"])
    }

    @Test func timestampNanosOutOfRangeAreInvalid() {
        expectRejected(Literal.self, W.field(6, W.varintField(2, 1_000_000_000)), code: .invalidValue, mentioning: ["google.protobuf.Timestamp"])
        expectRejected(Event.self, W.field(3, W.varintField(1, 1) + W.varintField(2, UInt64(bitPattern: -5))), code: .invalidValue, mentioning: ["google.protobuf.Timestamp"])
    }

    @Test func bytesEndingInsideAFieldAreTruncated() {
        expectRejected(Literal.self, W.tag(3, 2) + W.varint(10) + Array("abc".utf8), code: .truncated, mentioning: ["sluice.v1.Literal.string_value"])
        // The inner length fits the buffer but not the enclosing collection.
        let inner = W.tag(1, 2) + W.varint(6) + Self.intLiteral
        expectRejected(Literal.self, W.field(9, inner) + [0, 0, 0, 0], code: .truncated, mentioning: ["sluice.v1.LiteralCollection.literals"])
        expectRejected(Literal.self, [0x08], code: .truncated, mentioning: ["sluice.v1.Literal"])
        expectRejected(Literal.self, [0x08, 0x80], code: .truncated, mentioning: ["sluice.v1.Literal"])
        expectRejected(Literal.self, W.tag(2, 1) + [0, 0, 0, 0], code: .truncated, mentioning: ["sluice.v1.Literal.float_value"])
        expectRejected(Literal.self, W.tag(3, 2) + [0x80], code: .truncated, mentioning: ["sluice.v1.Literal"])
    }

    @Test func unknownFieldsAreTolerated() throws {
        let unknown = W.varintField(99, 1) + W.fixed64Field(100, 7) + W.field(101, [1, 2, 3]) + W.fixed32Field(102, 9)
            + W.varintField(536_870_911, 3)
        let bytes = unknown + Self.intLiteral + unknown
        let decoded = try Literal(serializedBytes: bytes, limits: .default)
        #expect(decoded == .int(5))
        #expect(try decoded.serializedBytes() == Self.intLiteral)
        // A call number admin does not know (another service's) decodes as no call.
        let request = try AdminRequest(serializedBytes: W.field(1, W.varintField(1, 1)) + W.field(140, []), limits: .default)
        #expect(request == AdminRequest(header: RequestHeader(protocolVersion: 1), call: nil))
        expectCanaryStillDecodes()
    }
}
