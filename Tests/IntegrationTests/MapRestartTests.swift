import Foundation
import SluiceKit
import Testing

/// A map of 10,000 elements on real services, with the scheduler or admin killed (kill -9) in
/// the middle of it: it finishes with the outputs of an undisturbed run, and no element is
/// recorded as succeeding twice.
@Suite("Map nodes through a kill -9", .serialized)
struct MapRestartTests {
    struct Count: Codable, Sendable { var n: Int }
    struct Numbers: Codable, Sendable { var values: [Int] }
    struct Element: Codable, Sendable { var x: Int }
    struct Plus: Codable, Sendable { var y: Int }
    struct Total: Codable, Sendable { var total: Int }

    static let range = SwiftTask("restart-range", version: "1") { (input: Count) in Numbers(values: Array(0..<input.n)) }
    static let addOne = SwiftTask("restart-add-one", version: "1") { (input: Element) in Plus(y: input.x + 1) }
    static let sum = SwiftTask("restart-sum", version: "1") { (input: Numbers) in Total(total: input.values.reduce(0, +)) }
    static let workflow = Workflow("restart-map", version: "1", input: Count.self, output: Total.self) { wf in
        let numbers = wf.call(range, id: "range") { $0.n = wf.input(\.n) }
        let plus = wf.map(addOne, id: "m", concurrency: 64) { $0.x = .each(numbers.values) }
        let total = wf.call(sum, id: "sum") { $0.values = plus.y }
        return wf.outputs { $0.total = total.total }
    }

    static let elements = 10_000

    /// Runs a map of `elements`, kills a service once `eventsBefore` events are recorded,
    /// restarts it, and checks the end.
    func survives(
        elements: Int = Self.elements, eventsBefore: UInt64 = 5_000, _ restart: @escaping (Cluster) async throws -> Void
    ) async throws {
        try await Cluster.withWorker(serving: [Self.workflow], slots: 16, timeout: .seconds(30)) { cluster, client in
            try await client.register(Self.workflow)
            let started = try await client.start(Self.workflow, input: Count(n: elements))
            let deadline = ContinuousClock.now + .seconds(120)
            while try await client.execution(started.id).lastSequence < eventsBefore, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(try await client.execution(started.id).phase == .running, "the map ended before the kill")
            try await restart(cluster)

            let output = try await started.result(timeout: .seconds(300))
            #expect(output.total == elements * (elements + 1) / 2)
            var succeeded: [String: Int] = [:]
            var cursor: UInt64 = 0
            while true {
                let batch = try await client.events(of: started.id, after: cursor)
                guard let last = batch.events.last else { break }
                for event in batch.events {
                    if case .node(let node)? = event.kind, node.phase == .succeeded { succeeded[node.nodeID, default: 0] += 1 }
                }
                cursor = last.sequence
            }
            #expect(succeeded.filter { $0.key.hasPrefix("m[") }.count == elements)
            let map = try await client.nodes(of: started.id, leavingOutMapElements: true).first { $0.nodeID == "m" }
            #expect(map?.elementCounts?.succeeded == UInt32(elements), "each element counted once on the map")
            let twice = succeeded.filter { $0.value > 1 }.keys.sorted()
            #expect(twice.isEmpty, "recorded as succeeding twice: \(twice.prefix(5))")
        }
    }

    @Test("kill -9 of the scheduler in the middle of a 10,000-element map")
    func schedulerKilled() async throws {
        try await survives { try await $0.restartScheduler(gracefully: false) }
    }

    /// More nodes than a page of the execution's state holds (10,000): the restarted
    /// scheduler reads the rest page by page.
    @Test("kill -9 of the scheduler once a map has recorded more nodes than one page holds")
    func schedulerKilledPastOnePage() async throws {
        // An element records about 5 events; 10,200 of 10,500 elements are then in.
        try await survives(elements: 10_500, eventsBefore: 51_000) { try await $0.restartScheduler(gracefully: false) }
    }

    @Test("kill -9 of admin in the middle of a 10,000-element map")
    func adminKilled() async throws {
        try await survives { try await $0.restartAdmin() }
    }
}
