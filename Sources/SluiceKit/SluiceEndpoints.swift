import Foundation
import SluiceRPC

/// Where a deployment's services listen. Each comes from the first of: what the caller gives,
/// the environment (SLUICE_ADMIN, SLUICE_SCHEDULER, SLUICE_CATALOG), the defaults.
public struct SluiceEndpoints: Hashable, Sendable {
    public var admin: String
    public var scheduler: String
    public var catalog: String

    public init(
        admin: String? = nil, scheduler: String? = nil, catalog: String? = nil,
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
    }
}
