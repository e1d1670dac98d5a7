import Logging
import SluiceEngine
import SluiceRPC
import SluiceWire
import Synchronization
import SluiceLogging

/// The scheduler's calls to the catalog. A catalog that is down or slow must never stall an
/// execution: every call has a short deadline, and after a failure the catalog is not asked
/// again for a while (calls fail at once), so a dead catalog costs each node nothing but its
/// cache hit. Reservations this scheduler holds are extended until they are released.
public final class CatalogLink: Sendable {
    let client: CatalogClient
    let logger: Logger
    /// How long a call waits (lookups and puts a little more per key). The default is long
    /// enough for a busy machine to answer a lookup whose hit carries large outputs, short
    /// enough that a hung catalog delays a node's start by no more than this, once.
    let deadline: Duration
    public static let defaultDeadline: Duration = .seconds(1)
    /// How long a reservation this scheduler takes lasts; it is extended every third of it.
    let reservationTTL: Duration
    /// After a failed call, calls fail at once until this has passed.
    let quietPeriod: Duration

    private struct State {
        var failedUntil: ContinuousClock.Instant?
        var outage = false
        /// holder → key of reservations granted to this scheduler's nodes.
        var held: [String: CacheKey] = [:]
    }

    private let state = Mutex(State())

    public init(
        client: CatalogClient, deadline: Duration = CatalogLink.defaultDeadline, reservationTTL: Duration = .seconds(30),
        quietPeriod: Duration = .seconds(2), logger: Logger
    ) {
        self.client = client
        self.deadline = deadline
        self.reservationTTL = reservationTTL
        self.quietPeriod = quietPeriod
        self.logger = logger
    }

    /// Looks up many keys in one call; each result in the keys' order.
    func lookUp(_ keys: [CacheKey]) async -> [CacheLookupResult] {
        let timeout = deadline + .milliseconds(keys.count)
        do {
            let response = try await call(.lookup(LookupRequest(keys: keys)), timeout: timeout) {
                if case .lookup(let response) = $0 { response } else { nil }
            }
            return keys.indices.map { index in
                guard index < response.results.count else { return .miss }
                return response.results[index].entry.map(CacheLookupResult.hit) ?? .miss
            }
        } catch {
            return keys.map { _ in .failed("\(error)") }
        }
    }

    /// Serialized caching: the entry, this holder's reservation, or the other holder.
    func reserve(_ key: CacheKey, as holder: String) async -> CacheLookupResult {
        let request = ReserveRequest(key: key, holder: holder, ttl: reservationTTL)
        do {
            let response = try await call(.reserve(request), timeout: deadline) {
                if case .reserve(let response) = $0 { response } else { nil }
            }
            switch response {
            case .entry(let entry):
                return .hit(entry)
            case .granted:
                state.withLock { $0.held[holder] = key }
                return .reserved
            case .held(let reservation):
                return .held(by: reservation.holder)
            }
        } catch {
            return .failed("\(error)")
        }
    }

    /// Stores entries; false for all when the catalog did not take them.
    func put(_ entries: [CacheEntry], overwrite: Bool) async -> Bool {
        do {
            _ = try await call(.put(PutRequest(entries: entries, overwrite: overwrite)), timeout: deadline + .milliseconds(entries.count)) {
                if case .put(let response) = $0 { response } else { nil }
            }
            return true
        } catch {
            return false
        }
    }

    /// A reservation granted before a restart, still held by a node that runs: extended with
    /// the others from now on.
    func keepExtending(_ key: CacheKey, holder: String) {
        state.withLock { $0.held[holder] = key }
    }

    /// The put released it (or the node gave up): stop extending it.
    func forget(holder: String) {
        _ = state.withLock { $0.held.removeValue(forKey: holder) }
    }

    /// Stops extending the reservations of an execution's nodes (holders are "execution/node").
    func forgetHolders(of executionID: String) {
        state.withLock { state in
            for holder in state.held.keys where holder.hasPrefix(executionID + "/") { state.held[holder] = nil }
        }
    }

    func release(_ key: CacheKey, holder: String) async {
        forget(holder: holder)
        _ = try? await call(.releaseReservation(ReleaseReservationRequest(key: key, holder: holder)), timeout: deadline) {
            if case .releaseReservation(let response) = $0 { response } else { nil }
        }
    }

    /// Extends every held reservation; run every third of the reservations' lifetime.
    func extendHeld() async {
        let held = state.withLock { $0.held }
        for (holder, key) in held {
            let request = ExtendReservationRequest(key: key, holder: holder, ttl: reservationTTL)
            do {
                _ = try await call(.extendReservation(request), timeout: deadline) {
                    if case .extendReservation(let response) = $0 { response } else { nil }
                }
            } catch let error as ServiceError where error.code == .failedPrecondition {
                // No longer ours (released by a put, or taken over): stop extending it.
                forget(holder: holder)
            } catch {}
        }
    }

    /// Failures that say the catalog is down or overloaded.
    static func meansDown(_ error: ServiceError) -> Bool {
        switch error.code {
        case .unavailable, .deadlineExceeded, .resourceExhausted, .internal: true
        default: false
        }
    }

    private func call<Result>(
        _ request: CatalogRequest.Call, timeout: Duration, expecting extract: (CatalogResponse.Reply) -> Result?
    ) async throws -> Result {
        let now = ContinuousClock.now
        if let until = state.withLock({ $0.failedUntil }), now < until {
            throw ServiceError(.unavailable, "the catalog failed moments ago; not asking it until \(quietPeriod) have passed")
        }
        do {
            let result = try await client.call(request, timeout: timeout, expecting: extract)
            let recovered = state.withLock { state in
                defer { state.outage = false; state.failedUntil = nil }
                return state.outage
            }
            if recovered { logger.info("the catalog answers again; caching resumes") }
            return result
        } catch let error as ServiceError where !Self.meansDown(error) {
            // A refusal (a bad entry, a reservation no longer held) says nothing about whether
            // the catalog is up.
            throw error
        } catch {
            let first = state.withLock { state in
                defer { state.outage = true; state.failedUntil = ContinuousClock.now + quietPeriod }
                return !state.outage
            }
            if first { logger.warning("the catalog did not answer; cacheable tasks run without it", metadata: [LogKey.error: "\(error)"]) }
            throw error
        }
    }
}
