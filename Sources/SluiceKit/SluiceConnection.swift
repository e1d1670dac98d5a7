import SluiceRPC
import SluiceWire

/// A connection to a Sluice deployment: a client for each of its services, usable from many
/// tasks at once. Calls fail with ``ServiceError``.
public final class SluiceConnection: Sendable {
    public let endpoints: SluiceEndpoints
    public let admin: AdminClient
    public let scheduler: SchedulerClient
    public let catalog: CatalogClient

    /// Dials the services; nothing waits for them to be up until a call is made.
    public init(endpoints: SluiceEndpoints = SluiceEndpoints(), token: String = "") throws(ServiceError) {
        self.endpoints = endpoints
        self.admin = try AdminClient(address: endpoints.admin, token: token)
        self.scheduler = try SchedulerClient(address: endpoints.scheduler, token: token)
        self.catalog = try CatalogClient(address: endpoints.catalog, token: token)
    }

    /// One service's answer to a health call, or why it gave none.
    public struct ServiceHealth: Sendable {
        public let service: String
        public let address: String
        public let result: Result<HealthResponse, ServiceError>
    }

    /// Asks every service for its health at once.
    public func health(timeout: Duration = .seconds(5)) async -> [ServiceHealth] {
        async let admin = Self.ask("admin", admin, timeout)
        async let scheduler = Self.ask("scheduler", scheduler, timeout)
        async let catalog = Self.ask("catalog", catalog, timeout)
        return await [admin, scheduler, catalog]
    }

    public func close() async {
        await admin.close()
        await scheduler.close()
        await catalog.close()
    }

    private static func ask<Request, Response>(
        _ service: String, _ client: RPCClient<Request, Response>, _ timeout: Duration
    ) async -> ServiceHealth {
        do {
            return ServiceHealth(service: service, address: client.address, result: .success(try await client.health(timeout: timeout)))
        } catch let error as ServiceError {
            return ServiceHealth(service: service, address: client.address, result: .failure(error))
        } catch {
            return ServiceHealth(service: service, address: client.address, result: .failure(.unavailable("\(error)")))
        }
    }
}
