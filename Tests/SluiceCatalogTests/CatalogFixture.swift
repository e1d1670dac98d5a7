import Foundation
import Logging
import SluiceCatalog
import SluiceCore
import SluiceRPC
import SluiceTestSupport
import SluiceWire
import Testing

/// The stores the catalog's tests run against: each test of store behaviour takes one as its
/// argument, so that one suite holds both to the same contract.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }
}

/// A fresh catalog, called directly (no sockets), over a store of its own: a SQLite database
/// in a directory of its own, which goes when the value does, or a new database on the test
/// PostgreSQL server.
final class CatalogFixture: Sendable {
    let kind: StoreKind
    /// The SQLite file's path or the PostgreSQL database's URL, as `--database` takes it.
    let database: String
    let service: CatalogService
    /// The directory this fixture made for its SQLite file, removed with it.
    private let directory: URL?

    convenience init(_ kind: StoreKind) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-catalog-\(UUID().uuidString)")
        let database = switch kind {
        case .sqlite: directory.appendingPathComponent("catalog.sqlite").path
        case .postgres: try await PostgresTestServer.freshDatabase()
        }
        try await self.init(kind, database: database, directory: directory)
    }

    private init(_ kind: StoreKind, database: String, directory: URL?) async throws {
        self.kind = kind
        self.database = database
        self.directory = directory
        service = CatalogService(store: try await Self.openStore(database))
    }

    deinit {
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }

    /// Another catalog over this one's database, as a second process serving it would be.
    /// This fixture keeps owning the database.
    func sharingDatabase() async throws -> CatalogFixture {
        try await CatalogFixture(kind, database: database, directory: nil)
    }

    static func openStore(_ database: String) async throws -> any CatalogStore {
        try await CatalogStores.open(database, logger: storeLogger)
    }

    /// Quiet but for trouble: every PostgreSQL test database logs its migrations at info.
    static let storeLogger = {
        var logger = Logger(label: "sluice.catalog.test")
        logger.logLevel = .warning
        return logger
    }()

    /// Calls the service; a refusal comes back as the ServiceError thrown.
    func call(_ call: CatalogRequest.Call) async throws -> CatalogResponse.Reply {
        try await Self.call(service, call)
    }

    static func call(_ service: CatalogService, _ call: CatalogRequest.Call) async throws -> CatalogResponse.Reply {
        try await service.handle(call, context: RPCCallContext(callerTimeout: .seconds(10), logger: Logger(label: "sluice.catalog.test")))
    }

    /// A second service over the same database, as after a restart: for PostgreSQL, a new
    /// store over the same URL.
    func reopened() async throws -> CatalogService {
        CatalogService(store: try await Self.openStore(database))
    }

    // MARK: Shortcuts for the calls most tests make

    @discardableResult
    func put(_ entries: [CacheEntry], overwrite: Bool = false) async throws -> PutResponse {
        guard case .put(let reply) = try await call(.put(PutRequest(entries: entries, overwrite: overwrite))) else {
            throw unexpectedReply(to: "put")
        }
        return reply
    }

    func lookup(_ keys: [CacheKey]) async throws -> [LookupResult] {
        guard case .lookup(let reply) = try await call(.lookup(LookupRequest(keys: keys))) else {
            throw unexpectedReply(to: "lookup")
        }
        return reply.results
    }

    func list(_ request: ListEntriesRequest = ListEntriesRequest()) async throws -> ListEntriesResponse {
        guard case .listEntries(let reply) = try await call(.listEntries(request)) else {
            throw unexpectedReply(to: "list_entries")
        }
        return reply
    }

    func entry(_ digest: String) async throws -> CacheEntry? {
        guard case .getEntry(let reply) = try await call(.getEntry(GetEntryRequest(digest: digest))) else {
            throw unexpectedReply(to: "get_entry")
        }
        return reply.entry
    }

    func evict(_ request: EvictRequest) async throws -> UInt32 {
        guard case .evict(let reply) = try await call(.evict(request)) else {
            throw unexpectedReply(to: "evict")
        }
        return reply.evicted
    }

    func stats() async throws -> CatalogStatsResponse {
        try await Self.stats(of: service)
    }

    static func stats(of service: CatalogService) async throws -> CatalogStatsResponse {
        guard case .stats(let reply) = try await call(service, .stats(CatalogStatsRequest())) else {
            throw unexpectedReply(to: "stats")
        }
        return reply
    }

    func reserve(_ key: CacheKey, holder: String, ttl: Duration? = nil) async throws -> ReserveResponse {
        guard case .reserve(let reply) = try await call(.reserve(ReserveRequest(key: key, holder: holder, ttl: ttl))) else {
            throw unexpectedReply(to: "reserve")
        }
        return reply
    }

    func extend(_ key: CacheKey, holder: String, ttl: Duration? = nil) async throws -> Reservation? {
        guard case .extendReservation(let reply) = try await call(
            .extendReservation(ExtendReservationRequest(key: key, holder: holder, ttl: ttl)))
        else { throw unexpectedReply(to: "extend_reservation") }
        return reply.reservation
    }

    func release(_ key: CacheKey, holder: String) async throws -> Bool {
        guard case .releaseReservation(let reply) = try await call(
            .releaseReservation(ReleaseReservationRequest(key: key, holder: holder)))
        else { throw unexpectedReply(to: "release_reservation") }
        return reply.released
    }
}

/// A reply of another call than the one made.
func unexpectedReply(to call: String) -> ServiceError {
    ServiceError(.malformedMessage, "\(call) answered with a reply of another call")
}

/// The ServiceError `body` throws, or nil when it throws none.
func refusal(_ body: () async throws -> some Any) async -> ServiceError? {
    do { _ = try await body() } catch {
        return error as? ServiceError ?? ServiceError(.unspecified, "not a ServiceError: \(error)")
    }
    return nil
}

/// The field the first detail of a refusal names.
func refusedField(_ error: ServiceError?) -> String? {
    error?.details.first?.field
}

/// Keys and entries the tests store.
enum Samples {
    static let interfaceHash = CacheKeys.interfaceHash(TypedInterface(
        inputs: [Variable(name: "x", type: .simple(.int))], outputs: [Variable(name: "y", type: .simple(.int))]))

    /// The key of task `task` run on input number `n`.
    static func key(_ n: Int, task: String = "double", version: String = "1") -> CacheKey {
        CacheKey(
            taskName: task, cacheVersion: version, interfaceHash: interfaceHash,
            inputHash: (try? CacheKeys.inputHash(["x": .int(Int64(n))])) ?? "sha256:unhashable")
    }

    /// What running the task on `n` produced, in execution `execution`.
    static func entry(
        _ n: Int, task: String = "double", version: String = "1", execution: String = "exec-1", createdAt: Timestamp? = nil
    ) -> CacheEntry {
        CacheEntry(
            key: key(n, task: task, version: version),
            outputs: ["y": .int(Int64(2 * n))],
            provenance: CacheProvenance(
                executionID: execution, nodeID: "n\(n)", attempt: 1, createdAt: Timestamp(seconds: 1_700_000_000)),
            createdAt: createdAt)
    }
}
