/// Finding a field's encoded values inside a message's bytes without decoding the message, and
/// writing one. For a service that keeps part of a request exactly as it came: admin stores
/// each event in the bytes the scheduler sent instead of encoding it again.
///
/// Meant for bytes that have already decoded as the message: whatever it cannot walk gives
/// nil, and the caller then encodes the values itself.
public enum WireFields {
    /// The payloads of every occurrence of the length-delimited field `number` at the top level
    /// of the message held in `bytes[range]` (all of `bytes` by default), in order, as ranges
    /// of `bytes`. Nil when those bytes are not a well-formed message (groups included: proto3
    /// has none).
    public static func payloads(of number: UInt64, in bytes: [UInt8], range: Range<Int>? = nil) -> [Range<Int>]? {
        let range = range ?? bytes.indices
        guard range.lowerBound >= 0, range.upperBound <= bytes.count else { return nil }
        return bytes.withUnsafeBufferPointer { buffer -> [Range<Int>]? in
            var position = range.lowerBound
            let end = range.upperBound
            func varint() -> UInt64? {
                var value: UInt64 = 0
                var shift: UInt64 = 0
                while position < end, shift < 64 {
                    let byte = buffer[position]
                    position += 1
                    value |= UInt64(byte & 0x7f) << shift
                    if byte & 0x80 == 0 { return value }
                    shift += 7
                }
                return nil
            }
            func skip(_ count: UInt64) -> Bool {
                guard count <= UInt64(end - position) else { return false }
                position += Int(count)
                return true
            }
            var found: [Range<Int>] = []
            while position < end {
                guard let tag = varint() else { return nil }
                switch tag & 7 {
                case 0:
                    guard varint() != nil else { return nil }
                case 1:
                    guard skip(8) else { return nil }
                case 2:
                    guard let length = varint() else { return nil }
                    let start = position
                    guard skip(length) else { return nil }
                    if tag >> 3 == number { found.append(start..<position) }
                case 5:
                    guard skip(4) else { return nil }
                default:
                    return nil
                }
            }
            return found
        }
    }

    /// Appends the length-delimited field `number` holding `payload` to `buffer`.
    public static func appendLengthDelimited(_ number: UInt64, _ payload: ArraySlice<UInt8>, to buffer: inout [UInt8]) {
        appendVarint(number << 3 | 2, to: &buffer)
        appendVarint(UInt64(payload.count), to: &buffer)
        buffer.append(contentsOf: payload)
    }

    private static func appendVarint(_ value: UInt64, to buffer: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            buffer.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        buffer.append(UInt8(value))
    }
}
