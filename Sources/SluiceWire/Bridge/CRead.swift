internal import SluiceWireC

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading values out of the C structs protobuf-c unpacked. Used by the generated bridges.
enum CRead {
    /// protobuf-c does not check UTF-8 when it unpacks a string; this does.
    static func string(_ pointer: UnsafePointer<CChar>?, _ path: String) throws -> String {
        guard let pointer else { return "" }
        // Not `String(validating:as:)`: that one is generic over the encoding and looks up
        // type metadata on every call, which showed in profiles of large requests.
        guard let value = String(validatingCString: pointer) else {
            throw WireError(.invalidUTF8, "\(path): string is not valid UTF-8")
        }
        return value
    }

    static func strings(
        _ pointer: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ count: Int, _ path: String
    ) throws -> [String] {
        try (0..<count).map { try string(pointer![$0], path) }
    }

    /// `data` may be NULL when `len` is 0.
    static func bytes(_ value: ProtobufCBinaryData) -> [UInt8] {
        guard let data = value.data, value.len > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: value.len))
    }

    static func scalars<T>(_ pointer: UnsafeMutablePointer<T>?, _ count: Int) -> [T] {
        guard let pointer, count > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: pointer, count: count))
    }

    static func message<M: CMessageBridge>(
        _ pointer: UnsafeMutablePointer<M.CMessage>?, _ path: String
    ) throws -> M? {
        guard let pointer else { return nil }
        return try M(cMessage: pointer)
    }

    static func required<M: CMessageBridge>(
        _ pointer: UnsafeMutablePointer<M.CMessage>?, _ path: String
    ) throws -> M {
        guard let pointer else { throw WireError.missingValue(path) }
        return try M(cMessage: pointer)
    }

    static func pointer<C>(_ pointer: UnsafeMutablePointer<C>?, _ path: String) throws -> UnsafeMutablePointer<C> {
        guard let pointer else { throw WireError.missingValue(path) }
        return pointer
    }

    static func messages<M: CMessageBridge>(
        _ pointer: UnsafeMutablePointer<UnsafeMutablePointer<M.CMessage>?>?, _ count: Int, _ path: String
    ) throws -> [M] {
        guard let pointer, count > 0 else { return [] }
        var values: [M] = []
        values.reserveCapacity(count)
        for index in 0..<count {
            values.append(try required(pointer[index], path))
        }
        return values
    }

    /// Later entries win over earlier ones with the same key, as protobuf specifies. Keys that
    /// differ as bytes but not as Swift strings (the same text in two Unicode normalisations)
    /// would silently become one entry in a Swift dictionary, losing a value: they are refused.
    static func map<E, V>(
        _ pointer: UnsafeMutablePointer<UnsafeMutablePointer<E>?>?, _ count: Int, _ path: String,
        _ read: (E) throws -> (String, V)
    ) throws -> [String: V] {
        guard let pointer, count > 0 else { return [:] }
        // Sized at creation: `reserveCapacity` on an empty dictionary takes the standard
        // library's unspecialized resize path, which was half of decoding a node's maps.
        var values = [String: V](minimumCapacity: count)
        for index in 0..<count {
            guard let entry = pointer[index] else { continue }
            let (key, value) = try read(entry.pointee)
            // One hash lookup per entry: the stored key is looked at only when it repeats
            // (updating a value keeps the key it was stored under).
            guard values.updateValue(value, forKey: key) != nil, let existing = values.index(forKey: key) else { continue }
            if !values[existing].key.utf8.elementsEqual(key.utf8) {
                throw WireError(.invalidValue,
                    "\(path): keys \(values[existing].key.debugDescription) and \(key.debugDescription) differ only in Unicode normalisation; a map cannot hold both")
            }
        }
        return values
    }

    static func enumValue<E: RawRepresentable>(_ raw: UInt32, _ path: String) throws -> E
    where E.RawValue == Int32 {
        let number = Int32(bitPattern: raw)
        guard let value = E(rawValue: number) else { throw WireError.unknownEnumValue(path, number) }
        return value
    }
}
