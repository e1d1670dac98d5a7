import PropertyBased
import SluiceTestSupport
import Testing
@testable import SluiceWire

/// Equal values give equal bytes: maps are written in UTF-8 order of their keys, whatever order
/// they were built in.
@Suite struct CanonicalEncodingTests {
    /// Keys whose UTF-8 order differs from the order of Swift's `<` (which compares normalised
    /// strings) and from UTF-16 order: "e\u{301}z" sorts before "f" by bytes but after it by `<`;
    /// U+FF61 sorts before U+1F600 in UTF-8 but after it in UTF-16.
    static let trickyKeys = ["", "a", "A", "aa", "ab", "e\u{301}z", "f", "é", "\u{FF61}", "😀", "Ω", "ω", "z", "~", "\u{7F}"]

    static func manyKeys(_ count: Int) -> [String] {
        (0..<count).map { index in
            switch index % 4 {
            case 0: "k\(index)"
            case 1: "ключ-\(index)"
            case 2: "🔑\(index)"
            default: "\(index)-e\u{301}"
            }
        } + trickyKeys
    }

    /// The same entries inserted in `order`, into a dictionary of the given capacity.
    static func build<V>(_ entries: [(String, V)], order: [Int], capacity: Int) -> [String: V] {
        var result = [String: V](minimumCapacity: capacity)
        for index in order { result[entries[index].0] = entries[index].1 }
        return result
    }

    static func byteOrdered(_ keys: some Sequence<String>) -> [String] {
        keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    @Test func insertionOrderDoesNotChangeTheBytes() async throws {
        let entries = Self.manyKeys(200).enumerated().map { ($1, Literal.int(Int64($0))) }
        let reference = try Literal.map(Self.build(entries, order: Array(entries.indices), capacity: 0)).serializedBytes()
        var iterationOrders: Set<[String]> = []
        await propertyCheck(count: 50, input: Gen<[Int]>.shuffled(Array(entries.indices)), Gen.int(in: 0...2000)) { order, capacity in
            let map = Self.build(entries, order: order, capacity: capacity)
            iterationOrders.insert(Array(map.keys))
            let bytes = try Literal.map(map).serializedBytes()
            #expect(bytes == reference)
        }
        // The dictionaries really did iterate in different orders.
        #expect(iterationOrders.count > 1)
    }

    @Test func entriesAreWrittenInUTF8KeyOrder() throws {
        let keys = Self.manyKeys(60)
        let map = Dictionary(uniqueKeysWithValues: keys.map { ($0, Literal.bool(true)) })
        let literalMap = try LiteralMap(literals: map).serializedBytes()
        #expect(WireBytes.mapKeys(literalMap, field: 1) == Self.byteOrdered(keys))
        // The tricky pair really is ordered differently by Swift's `<`.
        #expect(("e\u{301}z" < "f") != "e\u{301}z".utf8.lexicographicallyPrecedes("f".utf8))
    }

    /// The comparison maps are sorted with agrees with comparing the UTF-8 bytes one by one,
    /// for every pair: prefixes, empty strings, long strings and keys that `<` orders otherwise.
    @Test func utf8PrecedesIsTheOrderOfTheBytes() {
        let keys = Self.manyKeys(40) + [String(repeating: "x", count: 40), String(repeating: "x", count: 41) + "é"]
        for left in keys {
            for right in keys {
                #expect(left.utf8Precedes(right) == left.utf8.lexicographicallyPrecedes(right.utf8), "\(left) vs \(right)")
            }
        }
    }

    /// Every map of every message is sorted, not only Literal's.
    @Test func stringMapsAndBindingMapsAreSortedToo() throws {
        let keys = Self.manyKeys(40)
        let labels = Dictionary(uniqueKeysWithValues: keys.map { ($0, "v") })
        let outputs = Dictionary(uniqueKeysWithValues: keys.map { ($0, Binding.literal(.none)) })
        let task = try TaskSpec(labels: labels).serializedBytes()
        #expect(WireBytes.mapKeys(task, field: 11) == Self.byteOrdered(keys))
        let workflow = try WorkflowSpec(outputs: outputs, labels: labels).serializedBytes()
        #expect(WireBytes.mapKeys(workflow, field: 4) == Self.byteOrdered(keys))
        #expect(WireBytes.mapKeys(workflow, field: 7) == Self.byteOrdered(keys))
        let execution = try ExecutionSpec(inputs: Dictionary(uniqueKeysWithValues: keys.map { ($0, Literal.int(1)) })).serializedBytes()
        #expect(WireBytes.mapKeys(execution, field: 2) == Self.byteOrdered(keys))
    }

    /// The same entries, inserted in reverse order into a dictionary with room to spare.
    static func reinserted<V>(_ dictionary: [String: V]) -> [String: V] {
        var copy = [String: V](minimumCapacity: dictionary.count * 3 + 7)
        for (key, value) in dictionary.reversed() { copy[key] = value }
        return copy
    }

    /// Rebuilds every map inside `literal` in reverse insertion order and a larger capacity.
    static func rebuilt(_ literal: Literal) -> Literal {
        switch literal {
        case .collection(let elements): return .collection(elements.map(rebuilt))
        case .map(let entries):
            var copy = [String: Literal](minimumCapacity: entries.count * 3 + 7)
            for (key, value) in entries.reversed() { copy[key] = rebuilt(value) }
            return .map(copy)
        default: return literal
        }
    }

    @Test func equalLiteralsBuiltDifferentlyEncodeIdentically() async {
        await cooperativePropertyCheck(count: 300, input: LiteralGen.literal) { value in
            let original = try value.serializedBytes()
            let rebuilt = try Self.rebuilt(value).serializedBytes()
            #expect(rebuilt == original)
        }
    }

    @Test func equalSpecsBuiltDifferentlyEncodeIdentically() async {
        await cooperativePropertyCheck(count: 100, input: SpecGen.workflowSpec) { spec in
            var copy = spec
            copy.labels = Self.reinserted(spec.labels)
            copy.outputs = Self.reinserted(spec.outputs)
            copy.nodes = spec.nodes.map { node in
                var node = node
                node.inputs = Self.reinserted(node.inputs)
                return node
            }
            let original = try spec.serializedBytes()
            let rebuilt = try copy.serializedBytes()
            #expect(rebuilt == original)
        }
    }

    /// Decoding accepts entries in any order (and duplicate keys, the last winning), and
    /// re-encoding puts them in canonical order.
    @Test func decodingUnsortedEntriesReencodesSorted() throws {
        func entry(_ key: String, _ value: Int64) -> [UInt8] {
            WireBytes.field(1, WireBytes.field(1, key) + WireBytes.field(2, WireBytes.varintField(1, UInt64(bitPattern: value))))
        }
        let unsorted = entry("z", 1) + entry("é", 2) + entry("a", 3) + entry("z", 4)
        let decoded = try LiteralMap(serializedBytes: unsorted, limits: .default)
        #expect(decoded == LiteralMap(literals: ["a": .int(3), "é": .int(2), "z": .int(4)]))
        #expect(try decoded.serializedBytes() == entry("a", 3) + entry("z", 4) + entry("é", 2))
    }
}
