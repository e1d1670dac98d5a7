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
    public init(endpoints: SluiceEndpoints = SluiceEndpoints(), token: String? = nil) throws(ServiceError) {
        let token = token ?? SluiceCredentials.token(for: .client, reaching: [endpoints.admin, endpoints.scheduler, endpoints.catalog])
        self.endpoints = endpoints
        self.admin = try AdminClient(address: endpoints.admin, token: token, options: endpoints.clientOptions)
        self.scheduler = try SchedulerClient(address: endpoints.scheduler, token: token, options: endpoints.clientOptions)
        self.catalog = try CatalogClient(address: endpoints.catalog, token: token, options: endpoints.clientOptions)
    }

    /// One service's answer to a health call, or why it gave none.
    public struct ServiceHealth: Sendable {
        public let service: String
        public let address: String
        public let result: Result<HealthResponse, ServiceError>
    }

    /// The services with a server of their own, which answer health calls.
    public enum Server: String, Sendable, CaseIterable {
        case admin, scheduler, catalog
    }

    /// Asks each of `servers` (by default every one) for its health at once, answering in their order.
    public func health(of servers: [Server] = Server.allCases, timeout: Duration = .seconds(5)) async -> [ServiceHealth] {
        await withTaskGroup(of: (Int, ServiceHealth).self) { group in
            for (index, server) in servers.enumerated() {
                group.addTask {
                    switch server {
                    case .admin: (index, await Self.ask("admin", self.admin, timeout))
                    case .scheduler: (index, await Self.ask("scheduler", self.scheduler, timeout))
                    case .catalog: (index, await Self.ask("catalog", self.catalog, timeout))
                    }
                }
            }
            var answers: [(Int, ServiceHealth)] = []
            for await answer in group { answers.append(answer) }
            return answers.sorted { $0.0 < $1.0 }.map(\.1)
        }
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
