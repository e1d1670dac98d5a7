@testable import SluiceScheduler
import SluiceWire
import Testing

@Suite("Event batches")
struct EventBatchesTests {
    static func attempt(_ node: String, in execution: String = "ex", _ sequence: UInt64) -> Event {
        Event(executionID: execution, sequence: sequence,
              kind: .attempt(AttemptEvent(nodeID: node, attempt: 1, attemptID: "\(execution):\(node):1", phase: .succeeded)))
    }

    static func node(_ node: String, in execution: String = "ex", _ sequence: UInt64) -> Event {
        Event(executionID: execution, sequence: sequence,
              kind: .node(NodeEvent(nodeID: node, phase: .succeeded, outputs: ["y": .int(1)])))
    }

    static func lengths(_ ranges: [Range<Int>]) -> [Int] { ranges.map(\.count) }

    @Test("batches cover every event once, in order, none longer than the limit")
    func coverInOrder() {
        let events = (1...10).map { Self.node("n\($0)", UInt64($0)) }
        let ranges = EventBatches.ranges(of: events, limit: 4)
        #expect(Self.lengths(ranges) == [4, 4, 2])
        #expect(ranges.flatMap { Array($0) } == Array(0..<10))
        #expect(EventBatches.ranges(of: [], limit: 4).isEmpty)
    }

    @Test("an attempt's success and its node's success go in the same call, so a crash between calls cannot keep one without the other")
    func attemptStaysWithItsNode() {
        // Positions 3 and 4 are node b's attempt success and node success: a cut at 4 would
        // separate them.
        let events = [Self.node("a", 1), Self.node("x", 2), Self.node("y", 3), Self.attempt("b", 4), Self.node("b", 5), Self.node("c", 6)]
        let ranges = EventBatches.ranges(of: events, limit: 4)
        #expect(Self.lengths(ranges) == [3, 3])
        #expect(ranges.flatMap { Array($0) } == Array(0..<6))
    }

    @Test("an attempt event followed by another node's or execution's event may end a call")
    func unrelatedNeighboursMaySplit() {
        let otherNode = [Self.node("a", 1), Self.node("x", 2), Self.node("y", 3), Self.attempt("b", 4), Self.node("c", 5)]
        #expect(Self.lengths(EventBatches.ranges(of: otherNode, limit: 4)) == [4, 1])
        let otherExecution = [Self.node("a", 1), Self.node("x", 2), Self.node("y", 3), Self.attempt("b", 4), Self.node("b", in: "other", 1)]
        #expect(Self.lengths(EventBatches.ranges(of: otherExecution, limit: 4)) == [4, 1])
    }

    @Test("a limit of one still keeps the pair together and always makes progress")
    func tinyLimit() {
        let events = [Self.attempt("b", 1), Self.node("b", 2), Self.attempt("c", 3), Self.node("c", 4)]
        #expect(Self.lengths(EventBatches.ranges(of: events, limit: 1)) == [2, 2])
    }
}
