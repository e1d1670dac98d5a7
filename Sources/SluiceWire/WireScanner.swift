internal import SluiceWireC

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Checks untrusted bytes against a message's protobuf-c descriptor before protobuf-c unpacks
/// them, because protobuf-c itself does not:
/// - it unpacks nested messages recursively with no depth limit (deep input overflows the stack);
/// - it cuts strings at an embedded NUL without saying so.
/// The scan is iterative, so it cannot overflow the stack itself, and it names the message type
/// and field of the first problem. Unknown fields are walked (their structure must be sound) but
/// not interpreted.
enum WireScanner {
    private struct Frame {
        let descriptor: UnsafePointer<ProtobufCMessageDescriptor>
        let end: Int
    }

    static func scan(
        _ bytes: UnsafeRawBufferPointer, root: DescriptorRef, limits: WireLimits
    ) throws(WireError) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        var position = 0
        var frames = [Frame(descriptor: root.pointer, end: bytes.count)]

        func name(_ descriptor: UnsafePointer<ProtobufCMessageDescriptor>) -> String {
            String(cString: descriptor.pointee.name)
        }

        func varint(_ frame: Frame) throws(WireError) -> UInt64 {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                guard position < frame.end else {
                    throw WireError(.truncated, "\(name(frame.descriptor)): bytes end inside a varint at byte \(position)")
                }
                let byte = base.load(fromByteOffset: position, as: UInt8.self)
                position += 1
                if shift == 63 && byte > 1 {
                    throw WireError(.malformed, "\(name(frame.descriptor)): varint longer than 64 bits at byte \(position - 1)")
                }
                value |= UInt64(byte & 0x7f) << shift
                if byte & 0x80 == 0 { return value }
                shift += 7
            }
        }

        while let frame = frames.last {
            if position == frame.end {
                frames.removeLast()
                continue
            }
            let tagStart = position
            let tag = try varint(frame)
            let number = tag >> 3
            let wireType = tag & 7
            guard number > 0, number <= 536_870_911 else {
                throw WireError(.malformed, "\(name(frame.descriptor)): invalid field number \(number) at byte \(tagStart)")
            }
            let field = protobuf_c_message_descriptor_get_field(frame.descriptor, UInt32(number))
            func where_() -> String {
                if let field { return "\(name(frame.descriptor)).\(String(cString: field.pointee.name))" }
                return "\(name(frame.descriptor)) field \(number)"
            }
            func wrongWireType() -> WireError {
                WireError(.malformed, "\(where_()): wire type \(wireType) does not match the field's type (byte \(tagStart))")
            }
            func skip(_ count: Int) throws(WireError) {
                guard frame.end - position >= count else {
                    throw WireError(.truncated, "\(where_()): bytes end inside the field (byte \(position))")
                }
                position += count
            }

            switch wireType {
            case 0:
                if let field, !field.pointee.type.isVarint { throw wrongWireType() }
                _ = try varint(frame)
            case 1:
                if let field, !field.pointee.type.isFixed64 { throw wrongWireType() }
                try skip(8)
            case 5:
                if let field, !field.pointee.type.isFixed32 { throw wrongWireType() }
                try skip(4)
            case 2:
                let length = try varint(frame)
                guard length <= UInt64(frame.end - position) else {
                    throw WireError(.truncated, "\(where_()): length \(length) runs past the end of the enclosing message (byte \(position))")
                }
                let end = position + Int(length)
                if let field {
                    let type = field.pointee.type
                    if type == PROTOBUF_C_TYPE_MESSAGE {
                        guard frames.count < limits.maxDepth else {
                            throw WireError(.tooDeep, "\(where_()): messages nest deeper than \(limits.maxDepth) levels")
                        }
                        let nested = field.pointee.descriptor.assumingMemoryBound(to: ProtobufCMessageDescriptor.self)
                        frames.append(Frame(descriptor: nested, end: end))
                        continue
                    } else if type == PROTOBUF_C_TYPE_STRING {
                        if let nul = memchr(base + position, 0, Int(length)) {
                            let offset = nul - UnsafeMutableRawPointer(mutating: base)
                            throw WireError(.nulInString, "\(where_()): string holds a NUL character at byte \(offset)")
                        }
                    } else if type != PROTOBUF_C_TYPE_BYTES {
                        // Packed repeated scalars are the only other length-delimited fields.
                        guard field.pointee.label == PROTOBUF_C_LABEL_REPEATED else { throw wrongWireType() }
                    }
                }
                position = end
            case 3, 4:
                throw WireError(.malformed, "\(where_()): groups are not supported (byte \(tagStart))")
            default:
                throw WireError(.malformed, "\(where_()): invalid wire type \(wireType) at byte \(tagStart)")
            }
        }
    }
}

private extension ProtobufCType {
    var isVarint: Bool {
        self == PROTOBUF_C_TYPE_INT32 || self == PROTOBUF_C_TYPE_SINT32 || self == PROTOBUF_C_TYPE_UINT32
            || self == PROTOBUF_C_TYPE_INT64 || self == PROTOBUF_C_TYPE_SINT64 || self == PROTOBUF_C_TYPE_UINT64
            || self == PROTOBUF_C_TYPE_BOOL || self == PROTOBUF_C_TYPE_ENUM
    }

    var isFixed64: Bool {
        self == PROTOBUF_C_TYPE_FIXED64 || self == PROTOBUF_C_TYPE_SFIXED64 || self == PROTOBUF_C_TYPE_DOUBLE
    }

    var isFixed32: Bool {
        self == PROTOBUF_C_TYPE_FIXED32 || self == PROTOBUF_C_TYPE_SFIXED32 || self == PROTOBUF_C_TYPE_FLOAT
    }
}
