internal import CNNG

/// Why a request could not be sent or answered, or a socket could not be opened.
public struct TransportError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case timedOut = "timed out"
            case cancelled = "cancelled"
            case closed = "closed"
            case invalidAddress = "invalid address"
            case addressInUse = "address in use"
            case connectionLost = "connection lost"
            case messageTooLarge = "message too large"
            case other = "transport error"
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// No reply came before the request's deadline.
        public static let timedOut = Code(.timedOut)
        /// The calling task was cancelled.
        public static let cancelled = Code(.cancelled)
        /// The client or server was closed.
        public static let closed = Code(.closed)
        /// The address is malformed or names a transport nng does not have.
        public static let invalidAddress = Code(.invalidAddress)
        /// Something else listens there already.
        public static let addressInUse = Code(.addressInUse)
        /// The connection broke while the request was outstanding.
        public static let connectionLost = Code(.connectionLost)
        /// The message is over the configured size limit.
        public static let messageTooLarge = Code(.messageTooLarge)
        /// Any other nng failure; the message carries nng's description.
        public static let other = Code(.other)

        public var description: String { base.rawValue }
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

extension TransportError {
    /// The one place nng's return codes become Swift errors. `context` says what was being done.
    init(nng result: Int32, _ context: String) {
        let detail = String(cString: nng_strerror(result))
        let code: Code
        switch UInt32(bitPattern: result) {
        case NNG_ETIMEDOUT.rawValue: code = .timedOut
        case NNG_ECANCELED.rawValue: code = .cancelled
        case NNG_ECLOSED.rawValue: code = .closed
        case NNG_EADDRINVAL.rawValue, NNG_ENOTSUP.rawValue: code = .invalidAddress
        case NNG_EADDRINUSE.rawValue: code = .addressInUse
        case NNG_ECONNRESET.rawValue, NNG_ECONNSHUT.rawValue, NNG_ECONNREFUSED.rawValue: code = .connectionLost
        case NNG_EMSGSIZE.rawValue: code = .messageTooLarge
        default: code = .other
        }
        self.init(code, "\(context): \(detail)")
    }
}

/// Throws the nng failure, if `result` is one.
func check(_ result: Int32, _ context: @autoclosure () -> String) throws(TransportError) {
    if result != 0 { throw TransportError(nng: result, context()) }
}
