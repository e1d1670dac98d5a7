import PropertyBased
import Testing
@testable import SluiceWire

/// `WireLimits.maxDepth` bounds how deeply messages nest: values at the limit decode, one level
/// more is refused as tooDeep. The root message is level 1.
@Suite struct DepthLimitTests {
    /// How many messages deep `literal` is on the wire, counted from the proto definitions:
    /// collections add a LiteralCollection, maps a LiteralMap and an entry, and timestamps,
    /// durations, none, blobs and errors are messages of their own.
    static func messageLevels(_ literal: Literal) -> Int {
        switch literal {
        case .int, .float, .string, .bool, .bytes: 1
        case .datetime, .duration, .none, .blob, .error: 2
        case .collection(let elements): 2 + (elements.map(messageLevels).max() ?? 0)
        case .map(let entries): 2 + (entries.values.map { 1 + messageLevels($0) }.max() ?? 0)
        }
    }

    /// A Literal exactly `levels` messages deep.
    static func literal(levels: Int) -> Literal {
        levels % 2 == 1
            ? LiteralGen.nestedCollections((levels - 1) / 2, around: .int(42))
            : LiteralGen.nestedCollections((levels - 2) / 2, around: .none)
    }

    @Test func fortyFiveNestedCollectionsDecodeWithDefaultLimits() throws {
        let value = LiteralGen.nestedCollections(44, around: .collection([]))
        #expect(Self.messageLevels(value) == 90)
        #expect(try Literal(serializedBytes: try value.serializedBytes(), limits: .default) == value)
    }

    @Test func defaultLimitIsOneHundredLevels() throws {
        let atLimit = Self.literal(levels: 100)
        #expect(try Literal(serializedBytes: try atLimit.serializedBytes(), limits: .default) == atLimit)
        let beyond = try Self.literal(levels: 101).serializedBytes()
        expectRejected(Literal.self, beyond, code: .tooDeep, mentioning: ["sluice.v1.Literal", "100"])
    }

    @Test(arguments: [1, 2, 3, 7, 30, 64, 99, 100, 150])
    func exactBoundaryWithCustomLimit(levels: Int) throws {
        let value = Self.literal(levels: levels)
        #expect(Self.messageLevels(value) == levels)
        let bytes = try value.serializedBytes()
        #expect(try Literal(serializedBytes: bytes, limits: WireLimits(maxDepth: levels)) == value)
        #expect(try Literal(serializedBytes: bytes, limits: WireLimits(maxDepth: levels + 1)) == value)
        if levels > 1 {
            expectRejected(Literal.self, bytes, limits: WireLimits(maxDepth: levels - 1), code: .tooDeep, mentioning: ["sluice.v1."])
        }
    }

    /// Maps count their entry as a level: a map of an int is four messages deep (Literal,
    /// LiteralMap, the entry, the inner Literal).
    @Test func mapEntriesCountAsALevel() throws {
        let bytes = try Literal.map(["k": .int(1)]).serializedBytes()
        #expect(try Literal(serializedBytes: bytes, limits: WireLimits(maxDepth: 4)) == .map(["k": .int(1)]))
        expectRejected(Literal.self, bytes, limits: WireLimits(maxDepth: 3), code: .tooDeep, mentioning: ["sluice.v1.LiteralMap.LiteralsEntry.value"])
        expectRejected(Literal.self, bytes, limits: WireLimits(maxDepth: 2), code: .tooDeep, mentioning: ["sluice.v1.LiteralMap.literals"])
    }

    @Test func randomDeepLiteralsDecodeExactlyAtTheirDepth() async {
        await cooperativePropertyCheck(count: 100, input: LiteralGen.deepLiteral) { value in
            let levels = Self.messageLevels(value)
            #expect(levels <= WireLimits.default.maxDepth)
            let bytes = try value.serializedBytes()
            // Compared as bytes: the value may hold a NaN.
            #expect(try Literal(serializedBytes: bytes, limits: WireLimits(maxDepth: levels)).serializedBytes() == bytes)
            do throws(WireError) {
                _ = try Literal(serializedBytes: bytes, limits: WireLimits(maxDepth: levels - 1))
                Issue.record("\(levels) levels decoded with maxDepth \(levels - 1)")
            } catch {
                #expect(error.code == .tooDeep)
            }
        }
    }

    /// Depth counts every message type, not only literals: a workflow's branch nests nodes.
    @Test func workflowNestingIsCounted() throws {
        var node = Node(id: "leaf", kind: .task(TaskNode(task: Identifier(name: "t"))))
        for index in 0..<40 {
            node = Node(id: "b\(index)", kind: .branch(BranchNode(elseNode: node)))
        }
        let spec = WorkflowSpec(nodes: [node])
        // WorkflowSpec, then per branch Node and BranchNode, then the leaf Node, TaskNode, Identifier.
        let levels = 1 + 40 * 2 + 3
        let bytes = try spec.serializedBytes()
        #expect(try WorkflowSpec(serializedBytes: bytes, limits: WireLimits(maxDepth: levels)) == spec)
        expectRejected(WorkflowSpec.self, bytes, limits: WireLimits(maxDepth: levels - 1), code: .tooDeep, mentioning: ["sluice.v1."])
    }
}
