import SluiceWire

/// A byte encoding of values and types that is the same for equal values in every process and on
/// every machine: map keys and interface variables sorted, lengths and numbers fixed-width little
/// endian, floats normalized (-0 as 0, one NaN), blobs by content hash and never by URI. The
/// protobuf encoding is not such an encoding (map order is not fixed), so cache keys hash this.
struct CanonicalEncoding {
    private(set) var bytes: [UInt8]

    /// `capacity`: the bytes expected, so that a small key is written without regrowing.
    init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// A blob without a content hash: caching it by URI would serve stale data, so it cannot be keyed.
    struct UnhashableBlob: Error {
        let uri: String
    }

    mutating func append(_ literal: Literal) throws(UnhashableBlob) {
        switch literal {
        case .int(let value):
            tag(1); fixed(UInt64(bitPattern: value))
        case .float(let value):
            tag(2)
            let normalized = value.isNaN ? Double.nan : (value == 0 ? 0 : value)
            fixed(normalized.bitPattern)
        case .string(let value):
            tag(3); text(value)
        case .bool(let value):
            tag(4); bytes.append(value ? 1 : 0)
        case .bytes(let value):
            tag(5); fixed(UInt64(value.count)); bytes += value
        case .datetime(let value):
            tag(6); fixed(UInt64(bitPattern: value.seconds)); fixed(UInt64(UInt32(bitPattern: value.nanos)))
        case .duration(let value):
            tag(7); fixed(UInt64(bitPattern: value.components.seconds)); fixed(UInt64(bitPattern: value.components.attoseconds))
        case .none:
            tag(8)
        case .collection(let values):
            tag(9); fixed(UInt64(values.count))
            for value in values { try append(value) }
        case .map(let entries):
            tag(10); fixed(UInt64(entries.count))
            for key in entries.keys.sorted(by: { $0.utf8Precedes($1) }) {
                text(key)
                try append(entries[key] ?? .none)
            }
        case .blob(let blob):
            guard !blob.contentHash.isEmpty else { throw UnhashableBlob(uri: blob.uri) }
            tag(11); text(blob.contentHash); text(blob.format); fixed(UInt64(blob.dimensionality.rawValue))
        case .error(let error):
            tag(12); text(error.code); text(error.message)
        }
    }

    mutating func append(_ type: LiteralType?) {
        switch type {
        case nil:
            tag(0)
        case .simple(let simple):
            tag(1); fixed(UInt64(simple.rawValue))
        case .collection(let element):
            tag(2); append(element)
        case .map(let value):
            tag(3); append(value)
        case .blob(let blob):
            tag(4); text(blob.format); fixed(UInt64(blob.dimensionality.rawValue))
        case .union(let members):
            // A union is a set of types: their order carries no meaning.
            tag(5)
            let encoded = members.map { member -> [UInt8] in
                var encoding = CanonicalEncoding(capacity: 16)
                encoding.append(member)
                return encoding.bytes
            }.sorted { $0.lexicographicallyPrecedes($1) }
            fixed(UInt64(encoded.count))
            for member in encoded { fixed(UInt64(member.count)); bytes += member }
        case .struct(let structure):
            tag(6); text(structure.name); fixed(UInt64(structure.fields.count))
            for field in structure.fields.sorted(by: { $0.name.utf8Precedes($1.name) }) {
                text(field.name); append(field.type)
            }
        }
    }

    mutating func text(_ value: String) {
        fixed(UInt64(value.utf8.count))
        bytes.append(contentsOf: value.utf8)
    }

    private mutating func tag(_ value: UInt8) { bytes.append(value) }

    private mutating func fixed(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }
}
