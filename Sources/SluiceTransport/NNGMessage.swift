internal import CNNG

/// Copying between Swift byte arrays and nng messages.
enum NNGMessage {
    /// A new nng message holding `bytes`; the caller owns it until nng takes it.
    static func make(_ bytes: [UInt8]) throws(TransportError) -> OpaquePointer {
        var message: OpaquePointer?
        try check(nng_msg_alloc(&message, 0), "allocating a message")
        guard let message else { throw TransportError(.other, "allocating a message: nng returned none") }
        let appended = bytes.withUnsafeBytes { nng_msg_append(message, $0.baseAddress, $0.count) }
        if appended != 0 {
            nng_msg_free(message)
            throw TransportError(nng: appended, "copying \(bytes.count) bytes into a message")
        }
        return message
    }

    /// The message's body as bytes. Frees the message.
    static func take(_ message: OpaquePointer) -> [UInt8] {
        defer { nng_msg_free(message) }
        let length = nng_msg_len(message)
        guard length > 0, let body = nng_msg_body(message) else { return [] }
        return Array(UnsafeRawBufferPointer(start: body, count: length))
    }
}
