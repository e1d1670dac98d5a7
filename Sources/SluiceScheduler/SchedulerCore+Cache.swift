import SluiceEngine
import SluiceWire

/// The catalog calls one batch of effects asked for, gathered so that a fan-out of cacheable
/// tasks costs one lookup call and one put call, not one each.
struct CacheWork {
    var lookups: [(executionID: String, lookup: CacheLookup)] = []
    var puts: [(executionID: String, put: CachePut)] = []
    var releases: [(key: CacheKey, holder: String)] = []

    var isEmpty: Bool { lookups.isEmpty && puts.isEmpty && releases.isEmpty }
}

// Lookups before cacheable tasks run and puts after they succeed, off the actor; the answers
// come back to the machines as stimuli.
extension SchedulerCore {
    /// A fan-out's lookups go out as several calls at once (``SchedulerTuning/lookupsPerCall``
    /// keys each), so that the first answers are applied, and their events recorded, while the
    /// catalog still reads the rest: the three services then work side by side instead of one
    /// after another.
    func startCatalogCalls(_ work: CacheWork) {
        guard let catalog else {
            for (executionID, lookup) in work.lookups {
                cacheLookedUp(executionID, lookup.nodeID, .failed("this scheduler has no catalog"))
            }
            for (executionID, put) in work.puts { cacheStored(executionID, put.nodeID, false) }
            return
        }
        let plain = work.lookups.filter { $0.lookup.reserveAs == nil }
        for chunk in plain.chunked(tuning.lookupsPerCall) {
            Task {
                let results = await catalog.lookUp(chunk.map(\.lookup.key))
                self.cacheLookedUp(zip(chunk, results).map { ($0.executionID, $0.lookup.nodeID, $1) })
            }
        }
        for (executionID, lookup) in work.lookups {
            guard let holder = lookup.reserveAs else { continue }
            Task {
                let result = await catalog.reserve(lookup.key, as: holder)
                let delivered = self.cacheLookedUp(executionID, lookup.nodeID, result)
                // The execution ended and left while the catalog answered: give the key back.
                if !delivered, result == .reserved { await catalog.release(lookup.key, holder: holder) }
            }
        }
        for overwrite in [false, true] {
            let puts = work.puts.filter { $0.put.overwrite == overwrite }
            for chunk in Self.putBatches(puts, most: tuning.putsPerCall) {
                Task {
                    let stored = await catalog.put(chunk.map(\.put.entry), overwrite: overwrite)
                    for (executionID, put) in chunk {
                        if let holder = put.reservedAs { catalog.forget(holder: holder) }
                        self.cacheStored(executionID, put.nodeID, stored)
                    }
                }
            }
        }
        for (key, holder) in work.releases {
            Task { await catalog.release(key, holder: holder) }
        }
    }

    /// The events of a lookup call's answers go out at once, before the actor turns to the
    /// next call's answers: admin then records them while the scheduler applies the rest.
    func cacheLookedUp(_ answers: [(executionID: String, nodeID: String, result: CacheLookupResult)]) {
        let now = Timestamp.now()
        flushingAtOnce {
            for answer in answers {
                SchedulerMetrics.lookedUp(answer.result)
                guard let effects = withMachine(answer.executionID, { $0.cacheLookedUp(answer.nodeID, answer.result, now: now) }) else { continue }
                apply(effects, for: answer.executionID)
            }
        }
    }

    /// False when the execution is no longer here.
    @discardableResult
    func cacheLookedUp(_ executionID: String, _ nodeID: String, _ result: CacheLookupResult) -> Bool {
        guard machines[executionID] != nil else { return false }
        cacheLookedUp([(executionID, nodeID, result)])
        return true
    }

    /// Puts grouped so that each call stays well under the message limit (outputs can be large),
    /// and at most `most` entries.
    static func putBatches(
        _ puts: [(executionID: String, put: CachePut)], most: Int
    ) -> [ArraySlice<(executionID: String, put: CachePut)>] {
        let budget = WireLimits.default.maxMessageBytes / 2
        var batches: [ArraySlice<(executionID: String, put: CachePut)>] = []
        var start = 0
        var bytes = 0
        for (index, item) in puts.enumerated() {
            let size = (try? item.put.entry.serializedBytes().count) ?? budget
            if index > start, bytes + size > budget || index - start >= most {
                batches.append(puts[start..<index])
                start = index
                bytes = 0
            }
            bytes += size
        }
        if start < puts.count { batches.append(puts[start...]) }
        return batches
    }

    func cacheStored(_ executionID: String, _ nodeID: String, _ stored: Bool) {
        guard let effects = withMachine(executionID, { $0.cacheStored(nodeID, stored, now: .now()) }) else { return }
        apply(effects, for: executionID)
    }
}

extension Array {
    /// Consecutive slices of at most `size` elements.
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
