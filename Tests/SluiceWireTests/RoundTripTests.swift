import PropertyBased
import Testing
@testable import SluiceWire

/// decode(encode(x)) == x and encode(decode(encode(x))) == encode(x), for random values of the
/// messages Sluice sends most, and for every edge value of a Literal.
@Suite struct RoundTripTests {
    @Test func literals() async {
        await cooperativePropertyCheck(count: 400, input: LiteralGen.literal) { try expectRoundTrip($0) }
    }

    @Test func deeplyNestedLiterals() async {
        await cooperativePropertyCheck(count: 100, input: LiteralGen.deepLiteral) { try expectRoundTrip($0) }
    }

    @Test func literalTypes() async {
        await cooperativePropertyCheck(count: 200, input: LiteralGen.literalType) { try expectRoundTrip($0) }
    }

    @Test func taskSpecs() async {
        await cooperativePropertyCheck(count: 200, input: SpecGen.taskSpec) { try expectRoundTrip($0) }
    }

    @Test func workflowSpecs() async {
        await cooperativePropertyCheck(count: 150, input: SpecGen.workflowSpec) { try expectRoundTrip($0) }
    }

    @Test func executionSpecs() async {
        await cooperativePropertyCheck(count: 200, input: ExecutionGen.executionSpec) { try expectRoundTrip($0) }
    }

    @Test func events() async {
        await cooperativePropertyCheck(count: 150, input: ExecutionGen.event) { try expectRoundTrip($0) }
    }

    @Test func adminRequests() async {
        await cooperativePropertyCheck(count: 200, input: ExecutionGen.adminRequest) { try expectRoundTrip($0) }
    }

    /// A value nested inside a list and a map keeps its exact bits, e.g. the sign of -0.0.
    static let edgeScalars: [Literal] = [
        .int(.min), .int(.max), .int(0), .int(-1),
        .float(0.0), .float(-0.0), .float(.infinity), .float(-.infinity), .float(.greatestFiniteMagnitude),
        .float(-.greatestFiniteMagnitude), .float(.leastNonzeroMagnitude), .float(-.leastNonzeroMagnitude),
        .string(""), .string("👩‍👩‍👧‍👦 e\u{301} 日本 مرحبا \u{10FFFF}"), .bool(false), .bool(true),
        .bytes([]), .bytes([0]), .bytes((0..<1024).map { UInt8(truncatingIfNeeded: $0 &* 31) }),
        .datetime(Timestamp(seconds: Timestamp.validSeconds.lowerBound, nanos: 0)),
        .datetime(Timestamp(seconds: Timestamp.validSeconds.upperBound, nanos: 999_999_999)),
        .datetime(Timestamp(seconds: -1, nanos: 1)),
        .duration(.zero), .duration(.nanoseconds(-1)), .duration(.seconds(-2) - .milliseconds(250)),
        .duration(.seconds(315_576_000_000) + .nanoseconds(999_999_999)),
        .duration(.seconds(-315_576_000_000) - .nanoseconds(999_999_999)),
        .none, .collection([]), .map([:]), .map(["": .none]),
        .blob(BlobRef()), .blob(BlobRef(uri: "s3://b/k", contentHash: "sha256:00", size: .max, format: "csv", dimensionality: .multipart)),
        .error(LiteralError()), .error(LiteralError(message: "boom", kind: .system, nodeID: "n1", code: "Timeout")),
    ]

    @Test(arguments: edgeScalars)
    func edgeValue(_ value: Literal) throws {
        try expectRoundTrip(value)
        try expectRoundTrip(Literal.collection([value, value]))
        try expectRoundTrip(Literal.map(["x": value, "y": .collection([value])]))
        let decoded = try Literal(serializedBytes: try value.serializedBytes(), limits: .default)
        if case .float(let original) = value, case .float(let back) = decoded {
            #expect(back.bitPattern == original.bitPattern)
        }
    }

    @Test func nanSurvivesAsNaN() throws {
        for value in [Literal.float(.nan), .collection([.float(.nan)]), .map(["nan": .float(.nan)])] {
            try expectRoundTrip(value)
        }
        guard case .float(let back) = try Literal(serializedBytes: try Literal.float(.nan).serializedBytes(), limits: .default)
        else { Issue.record("NaN did not decode as a float"); return }
        #expect(back.isNaN)
    }

    /// Durations cross the wire as whole nanoseconds with one sign.
    @Test func durationsKeepTheirSignAndNanoseconds() throws {
        for value: Duration in [.nanoseconds(-1), .seconds(-1) - .nanoseconds(5), .seconds(7) + .nanoseconds(999_999_999), .milliseconds(-1500)] {
            let decoded = try Literal(serializedBytes: try Literal.duration(value).serializedBytes(), limits: .default)
            #expect(decoded == .duration(value))
        }
    }

    /// Every message type's default value survives too (all fields unset).
    @Test func emptyMessages() throws {
        try expectRoundTrip(TaskSpec())
        try expectRoundTrip(WorkflowSpec())
        try expectRoundTrip(ExecutionSpec())
        try expectRoundTrip(Event())
        try expectRoundTrip(AdminRequest())
        try expectRoundTrip(Node(kind: .branch(BranchNode(cases: [BranchCase()]))))
    }
}
