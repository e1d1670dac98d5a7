import Foundation
import SluiceRPC
import SluiceTransport

/// Where a deployment's services listen, and how to reach them over TLS. Each address comes from
/// the first of: what the caller gives, the environment (SLUICE_ADMIN, SLUICE_SCHEDULER,
/// SLUICE_CATALOG), the defaults. TLS files for `tls+tcp://` addresses come from what the caller
/// gives, else SLUICE_TLS_CA, SLUICE_TLS_CERTIFICATE and SLUICE_TLS_KEY.
public struct SluiceEndpoints: Hashable, Sendable {
    public var admin: String
    public var scheduler: String
    public var catalog: String
    /// The CA that signs the services' certificates, and this client's own certificate for
    /// services that require one; nil when none is set.
    public var tls: TLSFiles?

    /// Options for a client of one of these services.
    public var clientOptions: RequestClientOptions { RequestClientOptions(tls: tls) }

    public init(
        admin: String? = nil, scheduler: String? = nil, catalog: String? = nil, tls: TLSFiles? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        func pick(_ given: String?, _ variable: String, _ fallback: String) -> String {
            if let given { return given }
            if let value = environment[variable], !value.isEmpty { return value }
            return fallback
        }
        self.admin = pick(admin, "SLUICE_ADMIN", DefaultAddresses.admin)
        self.scheduler = pick(scheduler, "SLUICE_SCHEDULER", DefaultAddresses.scheduler)
        self.catalog = pick(catalog, "SLUICE_CATALOG", DefaultAddresses.catalog)
        self.tls = tls ?? Self.tls(from: environment)
    }

    private static func tls(from environment: [String: String]) -> TLSFiles? {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        let files = TLSFiles(
            certificate: value("SLUICE_TLS_CERTIFICATE"), key: value("SLUICE_TLS_KEY"), ca: value("SLUICE_TLS_CA"))
        return files == TLSFiles() ? nil : files
    }
}
