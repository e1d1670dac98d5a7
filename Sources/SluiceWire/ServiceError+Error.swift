/// The structured error every response can carry is also the error Sluice's clients throw, so a
/// caller handles a refused request and an unreachable service the same way: by its code.
extension ServiceError: Error, CustomStringConvertible {
    public init(_ code: ErrorCode, _ message: String, details: [ErrorDetail] = []) {
        self.init(code: code, message: message, details: details)
    }

    public var description: String {
        var text = "\(code.name): \(message)"
        for detail in details {
            var subject: [String] = []
            if !detail.nodeID.isEmpty { subject.append("node '\(detail.nodeID)'") }
            if !detail.input.isEmpty { subject.append("input '\(detail.input)'") }
            if !detail.field.isEmpty { subject.append("field \(detail.field)") }
            text += "\n  - " + (subject.isEmpty ? "" : subject.joined(separator: ", ") + ": ") + detail.message
        }
        return text
    }

    public static func invalidArgument(_ message: String, details: [ErrorDetail] = []) -> ServiceError {
        ServiceError(.invalidArgument, message, details: details)
    }

    public static func notFound(_ message: String) -> ServiceError { ServiceError(.notFound, message) }
    public static func conflict(_ message: String) -> ServiceError { ServiceError(.conflict, message) }
    public static func failedPrecondition(_ message: String) -> ServiceError { ServiceError(.failedPrecondition, message) }
    public static func unimplemented(_ message: String) -> ServiceError { ServiceError(.unimplemented, message) }
    public static func unavailable(_ message: String) -> ServiceError { ServiceError(.unavailable, message) }
    public static func `internal`(_ message: String) -> ServiceError { ServiceError(.internal, message) }
}
