internal import SluiceWireC

/// Encoding and decoding through protobuf-c, shared by every generated message.
enum WireCodec {
    static func decode<M: CMessageBridge>(
        _ type: M.Type, from bytes: [UInt8], limits: WireLimits
    ) throws(WireError) -> M {
        // Named only when something fails: building the name on every decode costs an allocation.
        func name() -> String { String(cString: M.cDescriptor.pointer.pointee.name) }
        guard bytes.count <= limits.maxMessageBytes else {
            throw WireError(.tooLarge, "\(name()): \(bytes.count) bytes is over the limit of \(limits.maxMessageBytes)")
        }
        do {
            return try bytes.withUnsafeBytes { raw in
                try WireScanner.scan(raw, root: M.cDescriptor, limits: limits)
                let data = raw.baseAddress?.assumingMemoryBound(to: UInt8.self)
                // The C tree lives in an arena, freed in one go once the Swift value is built:
                // a message of a thousand events is thousands of small allocations otherwise.
                let arena = WireArena(firstChunkBytes: raw.count * 2)
                return try withExtendedLifetime(arena) {
                    var allocator = arena.unpackAllocator
                    guard let unpacked = protobuf_c_message_unpack(M.cDescriptor.pointer, &allocator, raw.count, data) else {
                        throw WireError(.malformed, "\(name()): protobuf-c could not unpack the message")
                    }
                    return try M(cMessage: UnsafeRawPointer(unpacked).assumingMemoryBound(to: M.CMessage.self))
                }
            }
        } catch let error as WireError {
            throw error
        } catch {
            throw WireError(.malformed, "\(name()): \(error)")
        }
    }

    static func encode<M: CMessageBridge>(_ value: M) throws(WireError) -> [UInt8] {
        let arena = WireArena()
        let c = arena.allocate(M.CMessage.self)
        M.cInit(c)
        do {
            try value.write(into: c, arena: arena)
        } catch let error as WireError {
            throw error
        } catch {
            throw WireError(.invalidValue, "\(error)")
        }
        // Every protobuf-c message struct begins with its ProtobufCMessage header.
        let message = UnsafeMutableRawPointer(c).assumingMemoryBound(to: ProtobufCMessage.self)
        let size = protobuf_c_message_get_packed_size(message)
        return [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = protobuf_c_message_pack(message, buffer.baseAddress)
        }
    }
}
