/// Hand-built protobuf bytes, for inputs the Swift encoder would never produce. Shared by the
/// wire, RPC and integration tests.
public enum WireBytes {
    /// `repetitions` times the chain of length-delimited `fields` (outermost first) around
    /// `inner`, built from the inside out in linear time and without recursion.
    public static func nested(_ fields: [UInt64], repetitions: Int, inner: [UInt8]) -> [UInt8] {
        var headers: [[UInt8]] = []
        var size = inner.count
        for _ in 0..<repetitions {
            for field in fields.reversed() {
                let header = tag(field, 2) + varint(UInt64(size))
                headers.append(header)
                size += header.count
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(size)
        for header in headers.reversed() { bytes += header }
        return bytes + inner
    }

    public static func varint(_ value: UInt64) -> [UInt8] {
        var value = value
        var bytes: [UInt8] = []
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7f) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
        return bytes
    }

    public static func tag(_ field: UInt64, _ wireType: UInt64) -> [UInt8] { varint(field << 3 | wireType) }

    public static func varintField(_ field: UInt64, _ value: UInt64) -> [UInt8] { tag(field, 0) + varint(value) }

    public static func fixed64Field(_ field: UInt64, _ value: UInt64) -> [UInt8] {
        tag(field, 1) + (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }

    public static func fixed32Field(_ field: UInt64, _ value: UInt32) -> [UInt8] {
        tag(field, 5) + (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }

    public static func field(_ field: UInt64, _ payload: [UInt8]) -> [UInt8] {
        tag(field, 2) + varint(UInt64(payload.count)) + payload
    }

    public static func field(_ number: UInt64, _ string: String) -> [UInt8] { field(number, Array(string.utf8)) }

    /// Offsets at which a top-level field of `bytes` ends. Only walks the top level.
    public static func topLevelFieldEnds(_ bytes: [UInt8]) -> [Int] {
        var ends: [Int] = []
        var position = 0
        while position < bytes.count {
            let tag = readVarint(bytes, at: &position)
            switch tag & 7 {
            case 0: _ = readVarint(bytes, at: &position)
            case 1: position += 8
            case 5: position += 4
            default: position += Int(readVarint(bytes, at: &position))
            }
            ends.append(position)
        }
        return ends
    }

    /// The keys of a map field's entries (string field 1 of each entry), in wire order, for the
    /// map with field number `field` at the top level of `bytes`.
    public static func mapKeys(_ bytes: [UInt8], field: UInt64) -> [String] {
        var keys: [String] = []
        var start = 0
        for end in topLevelFieldEnds(bytes) {
            let entryField = Array(bytes[start..<end])
            start = end
            guard entryField.first.map({ UInt64($0) >> 3 }) == field else { continue }
            let payload = payloadOfOnlyField(entryField)
            // The key is the entry's first field when present (tag 0x0a).
            if payload.first == 0x0a {
                keys.append(String(decoding: payloadOfOnlyField(Array(payload[..<topLevelFieldEnds(payload)[0]])), as: UTF8.self))
            } else {
                keys.append("")
            }
        }
        return keys
    }

    /// The payload of a single length-delimited field with a one-byte tag.
    public static func payloadOfOnlyField(_ bytes: [UInt8]) -> [UInt8] {
        var position = 1
        let length = readVarint(bytes, at: &position)
        return Array(bytes[position..<(position + Int(length))])
    }

    /// Reads the varint at `position` and moves past it. Test input only: no bounds checks.
    private static func readVarint(_ bytes: [UInt8], at position: inout Int) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = bytes[position]
            position += 1
            value |= UInt64(byte & 0x7f) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
    }
}
