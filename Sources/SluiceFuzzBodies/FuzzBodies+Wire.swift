import SluiceWire

extension FuzzBodies {
    /// Bytes from the network, as each service's request and each service's response: the first
    /// byte picks the message. A message that decodes encodes again, and reads back as itself.
    public static func wire(_ bytes: [UInt8]) throws {
        let payload = Array(bytes.dropFirst())
        switch (bytes.first ?? 0) % 8 {
        case 0: try roundTrip(AdminRequest.self, payload)
        case 1: try roundTrip(AdminResponse.self, payload)
        case 2: try roundTrip(SchedulerRequest.self, payload)
        case 3: try roundTrip(SchedulerResponse.self, payload)
        case 4: try roundTrip(CatalogRequest.self, payload)
        case 5: try roundTrip(CatalogResponse.self, payload)
        case 6: try roundTrip(ExecutorRequest.self, payload)
        default: try roundTrip(ExecutorResponse.self, payload)
        }
    }

    static func roundTrip<Message: WireMessage>(_ type: Message.Type, _ bytes: [UInt8]) throws {
        guard let message = try? Message(serializedBytes: bytes, limits: .default) else { return }
        try roundTrip(message)
    }

    /// An accepted message: encoded, it reads back, and encodes to the same bytes again. (Bytes,
    /// not `==`: a NaN is not equal to itself.)
    static func roundTrip<Message: WireMessage>(_ message: Message) throws {
        let encoded: [UInt8]
        do {
            encoded = try message.serializedBytes()
        } catch {
            throw InvariantBroken("\(Message.self) decoded but does not encode: \(error)")
        }
        let back: Message
        do {
            back = try Message(serializedBytes: encoded, limits: .default)
        } catch where error.code == .tooDeep {
            // A value from text may nest deeper than a message may: the receiving service
            // refuses it with this clear error, as the wire's limits mean it to.
            return
        } catch {
            throw InvariantBroken("\(Message.self) encoded by Sluice does not decode: \(error)")
        }
        guard (try? back.serializedBytes()) == encoded else {
            throw InvariantBroken("\(Message.self) encodes to different bytes the second time")
        }
    }
}
