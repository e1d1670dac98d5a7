internal import SluiceWireC

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A bump allocator for the C tree protobuf-c packs from: everything a message points to is
/// allocated here while it is written, and freed in one go when the arena goes away.
final class WireArena {
    private var chunks: [UnsafeMutableRawPointer] = []
    private var cursor: UnsafeMutableRawPointer?
    private var remaining = 0
    private var nextChunkSize: Int

    /// `firstChunkBytes` sizes the first chunk (at least 4 KiB), so that a message whose size
    /// is known ahead fits in a chunk or two.
    init(firstChunkBytes: Int = 4096) {
        nextChunkSize = min(max(firstChunkBytes, 4096), 1 << 24)
    }

    deinit {
        for chunk in chunks { chunk.deallocate() }
    }

    func allocate(bytes: Int, alignment: Int) -> UnsafeMutableRawPointer {
        if let cursor {
            let address = Int(bitPattern: cursor)
            let padding = (alignment - address % alignment) % alignment
            if padding + bytes <= remaining {
                self.cursor = cursor + padding + bytes
                remaining -= padding + bytes
                return cursor + padding
            }
        }
        let size = max(bytes + alignment, nextChunkSize)
        nextChunkSize = min(nextChunkSize * 2, 1 << 20)
        let chunk = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        chunks.append(chunk)
        let padding = (alignment - Int(bitPattern: chunk) % alignment) % alignment
        cursor = chunk + padding + bytes
        remaining = size - padding - bytes
        return chunk + padding
    }

    /// An allocator protobuf-c unpacks into: allocations come from this arena, as aligned as
    /// malloc's, and frees do nothing, since the arena frees everything when it goes away. The
    /// arena must outlive every use of the allocator and of what was unpacked with it.
    var unpackAllocator: ProtobufCAllocator {
        ProtobufCAllocator(
            alloc: { data, size in
                guard let data else { return nil }
                return Unmanaged<WireArena>.fromOpaque(data).takeUnretainedValue().allocate(bytes: max(size, 1), alignment: 16)
            },
            free: { _, _ in },
            allocator_data: Unmanaged.passUnretained(self).toOpaque())
    }

    func allocate<T>(_ type: T.Type, count: Int = 1) -> UnsafeMutablePointer<T> {
        allocate(bytes: MemoryLayout<T>.stride * count, alignment: MemoryLayout<T>.alignment)
            .bindMemory(to: T.self, capacity: count)
    }

    /// A new C struct of a message that is not bridged on its own (a wrapper, a map entry).
    func empty<C>(_ type: C.Type, _ initializer: (UnsafeMutablePointer<C>?) -> Void) -> UnsafeMutablePointer<C> {
        let c = allocate(C.self)
        initializer(c)
        return c
    }

    func message<M: CMessageBridge>(_ value: M) throws -> UnsafeMutablePointer<M.CMessage> {
        let c = allocate(M.CMessage.self)
        M.cInit(c)
        try value.write(into: c, arena: self)
        return c
    }

    func optionalMessage<M: CMessageBridge>(_ value: M?) throws -> UnsafeMutablePointer<M.CMessage>? {
        guard let value else { return nil }
        return try message(value)
    }

    func messages<M: CMessageBridge>(
        _ values: [M]
    ) throws -> (Int, UnsafeMutablePointer<UnsafeMutablePointer<M.CMessage>?>?) {
        guard !values.isEmpty else { return (0, nil) }
        let array = allocate(UnsafeMutablePointer<M.CMessage>?.self, count: values.count)
        for (index, value) in values.enumerated() {
            (array + index).initialize(to: try message(value))
        }
        return (values.count, array)
    }

    /// A NUL-terminated copy. protobuf-c strings end at the first NUL, so a string holding one
    /// would arrive cut short; it is refused instead.
    func string(_ value: String, _ path: String) throws -> UnsafeMutablePointer<CChar> {
        var value = value
        let count = value.utf8.count
        let bytes = allocate(UInt8.self, count: count + 1)
        value.withUTF8 { source in
            if let base = source.baseAddress { bytes.initialize(from: base, count: count) }
        }
        bytes[count] = 0
        if let nul = memchr(bytes, 0, count) {
            let offset = UnsafeMutableRawPointer(nul) - UnsafeMutableRawPointer(bytes)
            throw WireError(.nulInString, "\(path): string holds a NUL character at byte \(offset)")
        }
        return UnsafeMutableRawPointer(bytes).bindMemory(to: CChar.self, capacity: count + 1)
    }

    func strings(
        _ values: [String], _ path: String
    ) throws -> (Int, UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) {
        guard !values.isEmpty else { return (0, nil) }
        let array = allocate(UnsafeMutablePointer<CChar>?.self, count: values.count)
        for (index, value) in values.enumerated() {
            (array + index).initialize(to: try string(value, path))
        }
        return (values.count, array)
    }

    func bytes(_ value: [UInt8]) -> ProtobufCBinaryData {
        guard !value.isEmpty else { return ProtobufCBinaryData(len: 0, data: nil) }
        let copy = allocate(UInt8.self, count: value.count)
        copy.initialize(from: value, count: value.count)
        return ProtobufCBinaryData(len: value.count, data: copy)
    }

    /// Repeated scalars, enums and bools: a plain C array.
    func scalars<T>(_ values: [T]) -> (Int, UnsafeMutablePointer<T>?) {
        guard !values.isEmpty else { return (0, nil) }
        let array = allocate(T.self, count: values.count)
        array.initialize(from: values, count: values.count)
        return (values.count, array)
    }

    /// A map's entries, in UTF-8 order of their keys: the order protoc's deterministic output
    /// uses, so that equal maps give equal bytes.
    func map<V, E>(
        _ values: [String: V],
        _ entryType: E.Type,
        _ initializer: (UnsafeMutablePointer<E>?) -> Void,
        _ fill: (UnsafeMutablePointer<E>, String, V) throws -> Void
    ) throws -> (Int, UnsafeMutablePointer<UnsafeMutablePointer<E>?>?) {
        guard !values.isEmpty else { return (0, nil) }
        let array = allocate(UnsafeMutablePointer<E>?.self, count: values.count)
        func write(_ key: String, _ value: V, at index: Int) throws {
            let c = empty(E.self, initializer)
            try fill(c, key, value)
            if key.isEmpty || (value as? String)?.isEmpty == true { writeVerbatim(entry: c) }
            (array + index).initialize(to: c)
        }
        if values.count == 1, let only = values.first {
            // Most maps a node carries hold one entry: nothing to sort.
            try write(only.key, only.value, at: 0)
        } else {
            // The entries are put in order through a buffer of their indices, which for a
            // short map lives on the stack, instead of through a sorted copy of the entries.
            try withUnsafeTemporaryAllocation(of: Dictionary<String, V>.Index.self, capacity: values.count) { order in
                guard let base = order.baseAddress else { return }
                var count = 0
                for index in values.indices {
                    (base + count).initialize(to: index)
                    count += 1
                }
                defer { base.deinitialize(count: count) }
                var filled = UnsafeMutableBufferPointer(start: base, count: count)
                filled.sort { values[$0].key.utf8Precedes(values[$1].key) }
                for (position, index) in filled.enumerated() {
                    try write(values[index].key, values[index].value, at: position)
                }
            }
        }
        return (values.count, array)
    }

    /// protobuf-c leaves out a proto3 field that holds its default, but protoc (like every other
    /// implementation) writes a map entry's key and value even when they are empty. So an entry
    /// with an empty key or empty string value is handed to protobuf-c as unknown fields, key
    /// first, which it packs verbatim. (Sluice's map keys are strings; values strings or messages.)
    private func writeVerbatim<E>(entry: UnsafeMutablePointer<E>) {
        let message = UnsafeMutableRawPointer(entry).assumingMemoryBound(to: ProtobufCMessage.self)
        let descriptor = message.pointee.descriptor.pointee
        let count = Int(descriptor.n_fields)
        let fields = allocate(ProtobufCMessageUnknownField.self, count: count)
        for index in 0..<count {
            let field = descriptor.fields[index]
            let member = UnsafeMutableRawPointer(entry) + Int(field.offset)
            var payload: [UInt8] = []
            if field.type == PROTOBUF_C_TYPE_STRING {
                if let string = member.load(as: UnsafePointer<CChar>?.self) {
                    payload = Array(UnsafeRawBufferPointer(start: string, count: strlen(string)))
                }
            } else if let value = member.load(as: UnsafeMutablePointer<ProtobufCMessage>?.self) {
                payload = [UInt8](unsafeUninitializedCapacity: protobuf_c_message_get_packed_size(value)) { buffer, written in
                    written = protobuf_c_message_pack(value, buffer.baseAddress)
                }
            }
            member.storeBytes(of: nil, as: UnsafeMutableRawPointer?.self)
            var data: [UInt8] = []
            var length = payload.count
            while length >= 0x80 {
                data.append(UInt8(length & 0x7f) | 0x80)
                length >>= 7
            }
            data.append(UInt8(length))
            data += payload
            let copy = allocate(UInt8.self, count: data.count)
            copy.initialize(from: data, count: data.count)
            (fields + index).initialize(to: ProtobufCMessageUnknownField(
                tag: field.id, wire_type: PROTOBUF_C_WIRE_TYPE_LENGTH_PREFIXED, len: data.count, data: copy))
        }
        message.pointee.n_unknown_fields = UInt32(count)
        message.pointee.unknown_fields = fields
    }
}
