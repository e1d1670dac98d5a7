import Foundation
import SluiceWire

/// The Sluice release this build is.
public enum SluiceRelease {
    public static let version = "0.1.0"
}

/// Who a running service is, for its health reply.
public struct ServiceIdentity: Sendable {
    public let service: String
    public let instanceID: String
    public let startedAt: Timestamp

    public init(service: String) {
        self.service = service
        self.instanceID = UUID().uuidString.lowercased()
        self.startedAt = .now()
    }

    public func health(status: ServingStatus = .serving, details: [String: String] = [:]) -> HealthResponse {
        HealthResponse(
            service: service,
            version: SluiceRelease.version,
            protocolVersion: WireProtocol.version,
            status: status,
            instanceID: instanceID,
            startedAt: startedAt,
            details: details
        )
    }
}
