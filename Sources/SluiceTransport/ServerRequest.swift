/// A request a ``ReplyServer`` received, with the slot its reply goes back through.
struct ServerRequest: Sendable {
    let bytes: [UInt8]
    let slot: ServerSlot
}
