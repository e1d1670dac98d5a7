internal import SluiceWireC

/// google.protobuf.Timestamp. Out-of-range values are refused both ways, so that every
/// Timestamp that crosses the wire is one that protoc and other implementations accept.
extension Timestamp: CMessageBridge {
    typealias CMessage = Google__Protobuf__Timestamp
    static let cDescriptor = DescriptorRef(Google__Protobuf__Timestamp.self, google__protobuf__timestamp__init)
    static func cInit(_ c: UnsafeMutablePointer<CMessage>) { google__protobuf__timestamp__init(c) }

    init(cMessage c: UnsafePointer<CMessage>) throws {
        self.init(seconds: c.pointee.seconds, nanos: c.pointee.nanos)
        try validate()
    }

    func write(into c: UnsafeMutablePointer<CMessage>, arena: WireArena) throws {
        try validate()
        c.pointee.seconds = seconds
        c.pointee.nanos = nanos
    }

    private func validate() throws {
        guard isValid else {
            throw WireError(.invalidValue,
                "google.protobuf.Timestamp: \(seconds)s \(nanos)ns is outside 0001-01-01 to 9999-12-31 or has nanos outside 0...999999999")
        }
    }
}

/// google.protobuf.Duration as Swift's Duration. Precision on the wire is one nanosecond;
/// finer parts of a Swift Duration are truncated toward zero.
extension Duration: CMessageBridge {
    typealias CMessage = Google__Protobuf__Duration
    static let cDescriptor = DescriptorRef(Google__Protobuf__Duration.self, google__protobuf__duration__init)
    static func cInit(_ c: UnsafeMutablePointer<CMessage>) { google__protobuf__duration__init(c) }

    /// ±10,000 years, the range protobuf allows.
    static let maxWireSeconds: Int64 = 315_576_000_000

    init(cMessage c: UnsafePointer<CMessage>) throws {
        let seconds = c.pointee.seconds
        let nanos = c.pointee.nanos
        // Ranges, not abs(): abs(Int64.min) and abs(Int32.min) trap.
        guard (-Self.maxWireSeconds...Self.maxWireSeconds).contains(seconds), (-999_999_999...999_999_999).contains(nanos),
              seconds == 0 || nanos == 0 || (seconds < 0) == (nanos < 0)
        else {
            throw WireError(.invalidValue,
                "google.protobuf.Duration: \(seconds)s \(nanos)ns is out of range or mixes signs")
        }
        self = .seconds(seconds) + .nanoseconds(nanos)
    }

    func write(into c: UnsafeMutablePointer<CMessage>, arena: WireArena) throws {
        // Checked first: `components` traps beyond Int64 seconds, and abs(Int64.min) traps.
        let bound = Duration.seconds(Self.maxWireSeconds + 1)
        guard self < bound, self > .zero - bound else {
            throw WireError(.invalidValue, "google.protobuf.Duration: \(self) is longer than 10,000 years")
        }
        let (seconds, attoseconds) = components
        // Components keep the sign of the whole duration in both parts; normalise if not.
        var wholeSeconds = seconds
        var nanos = attoseconds / 1_000_000_000
        if wholeSeconds < 0 && nanos > 0 {
            wholeSeconds += 1
            nanos -= 1_000_000_000
        } else if wholeSeconds > 0 && nanos < 0 {
            wholeSeconds -= 1
            nanos += 1_000_000_000
        }
        guard (-Self.maxWireSeconds...Self.maxWireSeconds).contains(wholeSeconds) else {
            throw WireError(.invalidValue, "google.protobuf.Duration: \(self) is longer than 10,000 years")
        }
        c.pointee.seconds = wholeSeconds
        c.pointee.nanos = Int32(nanos)
    }
}
