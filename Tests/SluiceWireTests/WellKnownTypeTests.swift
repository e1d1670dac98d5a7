import SluiceTestSupport
import Testing
@testable import SluiceWire

/// Timestamps and Durations outside protobuf's range are refused both ways, as invalidValue,
/// without crashing. protobuf's range: Timestamps 0001-01-01T00:00:00Z to
/// 9999-12-31T23:59:59.999999999Z, Durations ±315,576,000,000 s with nanos of the same sign.
@Suite struct WellKnownTypeTests {
    static let firstSecond: Int64 = -62_135_596_800  // 0001-01-01T00:00:00Z
    static let lastSecond: Int64 = 253_402_300_799  // 9999-12-31T23:59:59Z
    static let maxDurationSeconds: Int64 = 315_576_000_000

    /// A Literal holding a Timestamp (field 6) or Duration (field 7) with raw seconds and nanos;
    /// zeros are left out, as proto3 encoders do.
    static func literal(field: UInt64, seconds: Int64, nanos: Int32) -> [UInt8] {
        WireBytes.field(
            field,
            (seconds == 0 ? [] : WireBytes.varintField(1, UInt64(bitPattern: seconds)))
                + (nanos == 0 ? [] : WireBytes.varintField(2, UInt64(bitPattern: Int64(nanos)))))
    }

    // MARK: Timestamps

    @Test func timestampEdgesInRangeCrossTheWire() throws {
        for timestamp in [Timestamp(seconds: Self.firstSecond), Timestamp(seconds: Self.lastSecond, nanos: 999_999_999)] {
            let decoded = try Literal(serializedBytes: Self.literal(field: 6, seconds: timestamp.seconds, nanos: timestamp.nanos), limits: .default)
            #expect(decoded == .datetime(timestamp))
            try expectRoundTrip(Literal.datetime(timestamp))
        }
    }

    static let invalidTimestamps: [(Int64, Int32)] = [
        (0, 1_000_000_000), (0, -1), (0, .max), (0, .min), (firstSecond - 1, 0), (lastSecond + 1, 0), (.min, 0), (.max, 999_999_999),
    ]

    @Test(arguments: invalidTimestamps)
    func invalidTimestampIsRefusedWhenDecoding(seconds: Int64, nanos: Int32) {
        expectRejected(Literal.self, Self.literal(field: 6, seconds: seconds, nanos: nanos), code: .invalidValue, mentioning: ["google.protobuf.Timestamp"])
    }

    @Test(arguments: invalidTimestamps)
    func invalidTimestampIsRefusedWhenEncoding(seconds: Int64, nanos: Int32) {
        let timestamp = Timestamp(seconds: seconds, nanos: nanos)
        expectEncodingRejected(Literal.datetime(timestamp), code: .invalidValue, mentioning: ["google.protobuf.Timestamp"])
        expectEncodingRejected(Event(at: timestamp), code: .invalidValue, mentioning: ["google.protobuf.Timestamp"])
    }

    // MARK: Durations

    @Test func durationEdgesInRangeCrossTheWire() throws {
        let edges: [(Int64, Int32, Duration)] = [
            (Self.maxDurationSeconds, 999_999_999, .seconds(Self.maxDurationSeconds) + .nanoseconds(999_999_999)),
            (-Self.maxDurationSeconds, -999_999_999, .seconds(-Self.maxDurationSeconds) - .nanoseconds(999_999_999)),
            (0, -1, .nanoseconds(-1)), (-5, 0, .seconds(-5)),
        ]
        for (seconds, nanos, duration) in edges {
            #expect(try Literal(serializedBytes: Self.literal(field: 7, seconds: seconds, nanos: nanos), limits: .default) == .duration(duration))
            #expect(try Literal.duration(duration).serializedBytes() == Self.literal(field: 7, seconds: seconds, nanos: nanos))
        }
    }

    /// Swift Durations finer than a nanosecond are truncated toward zero, keeping one sign.
    @Test func subNanosecondPartsAreTruncatedTowardZero() throws {
        #expect(try Literal.duration(Duration(secondsComponent: 0, attosecondsComponent: -3_000_000_500)).serializedBytes() == Self.literal(field: 7, seconds: 0, nanos: -3))
        #expect(try Literal.duration(Duration(secondsComponent: 2, attosecondsComponent: 999_999_999)).serializedBytes() == Self.literal(field: 7, seconds: 2, nanos: 0))
    }

    static let invalidDurations: [(Int64, Int32)] = [
        (maxDurationSeconds + 1, 0), (-maxDurationSeconds - 1, 0), (0, 1_000_000_000), (0, -1_000_000_000),
        (1, -1), (-1, 1), (.min, 0), (.max, 0), (0, .min), (0, .max), (.min, .min),
    ]

    @Test(arguments: invalidDurations)
    func invalidDurationIsRefusedWhenDecoding(seconds: Int64, nanos: Int32) {
        expectRejected(Literal.self, Self.literal(field: 7, seconds: seconds, nanos: nanos), code: .invalidValue, mentioning: ["google.protobuf.Duration"])
    }

    static let tooLongDurations: [Duration] = [
        .seconds(315_576_000_001), .seconds(-315_576_000_001), .seconds(Int64.max), .seconds(Int64.min),
        .seconds(Int64.min) + .nanoseconds(1), .seconds(Int64.max) * 4, .seconds(Int64.min) * 4,
    ]

    @Test(arguments: tooLongDurations)
    func tooLongDurationIsRefusedWhenEncoding(_ duration: Duration) {
        expectEncodingRejected(Literal.duration(duration), code: .invalidValue, mentioning: ["google.protobuf.Duration"])
        expectEncodingRejected(TaskSpec(timeout: duration), code: .invalidValue, mentioning: ["google.protobuf.Duration"])
    }
}
