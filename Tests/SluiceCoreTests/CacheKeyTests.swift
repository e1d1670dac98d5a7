import SluiceCore
import SluiceWire
import Testing

@Suite("Cache keys")
struct CacheKeyTests {
    static let interface = TypedInterface(
        inputs: [Variable(name: "x", type: .simple(.int)), Variable(name: "label", type: .simple(.string))],
        outputs: [Variable(name: "y", type: .simple(.int))])

    static func task(version: String = "1", ignored: [String] = [], interface: TypedInterface = interface) -> TaskSpec {
        var task = TaskSpec()
        task.id = Identifier(name: "double", version: "code-1")
        task.interface = interface
        task.cache = CacheSettings(enabled: true, version: version, ignoredInputs: ignored)
        return task
    }

    @Test("maps built in different key orders hash the same, nested too")
    func keyOrderDoesNotMatter() throws {
        var first: [String: Literal] = [:]
        var second: [String: Literal] = [:]
        let names = (0..<50).map { "k\($0)" }
        for name in names { first[name] = .map(["a": .int(1), "b": .string(name)]) }
        for name in names.reversed() { second[name] = .map(["b": .string(name), "a": .int(1)]) }
        #expect(try CacheKeys.inputHash(first) == CacheKeys.inputHash(second))
    }

    @Test("the hash is a fixed function of the values, the same in every process and on every machine")
    func knownAnswer() throws {
        // Pinned from an independent implementation of the encoding (tag byte, little-endian u64
        // lengths and numbers, map keys by UTF-8 bytes): a change here means entries written by other processes or
        // earlier releases would no longer be found.
        let inputs: [String: Literal] = [
            "x": .int(7), "label": .string("héllo"), "ratio": .float(-0.0),
            "list": .collection([.bool(true), .none]), "nested": .map(["z": .int(1), "a": .int(2)]),
        ]
        #expect(try CacheKeys.inputHash(inputs) == "sha256:b577f8dc2a13366be5f1b75cbea28e9b99313afe7463a147f9f9d33466335c09")
    }

    @Test("ignored inputs do not change the key; the others do")
    func ignoredInputs() throws {
        let task = Self.task(ignored: ["label"])
        let a = try CacheKeys.key(for: task, inputs: ["x": .int(1), "label": .string("first")])
        let b = try CacheKeys.key(for: task, inputs: ["x": .int(1), "label": .string("second")])
        let c = try CacheKeys.key(for: task, inputs: ["x": .int(2), "label": .string("first")])
        #expect(a == b)
        #expect(a != c)
    }

    @Test("a different cache version or interface changes the key; a different code version does not")
    func versionAndInterface() throws {
        let inputs: [String: Literal] = ["x": .int(1), "label": .string("a")]
        let base = try #require(try CacheKeys.key(for: Self.task(), inputs: inputs))
        let bumped = try #require(try CacheKeys.key(for: Self.task(version: "2"), inputs: inputs))
        var widened = Self.interface
        widened.outputs.append(Variable(name: "z", type: .simple(.string)))
        let reshaped = try #require(try CacheKeys.key(for: Self.task(interface: widened), inputs: inputs))
        var rebuilt = Self.task()
        rebuilt.id?.version = "code-2"
        let sameCache = try #require(try CacheKeys.key(for: rebuilt, inputs: inputs))
        #expect(CacheKeys.digest(of: base) != CacheKeys.digest(of: bumped))
        #expect(CacheKeys.digest(of: base) != CacheKeys.digest(of: reshaped))
        #expect(CacheKeys.digest(of: base) == CacheKeys.digest(of: sameCache))
    }

    @Test("the interface hash ignores variable order and descriptions")
    func interfaceOrder() {
        var reordered = Self.interface
        reordered.inputs.reverse()
        reordered.inputs[0].description = "a new description"
        #expect(CacheKeys.interfaceHash(reordered) == CacheKeys.interfaceHash(Self.interface))
    }

    @Test("blobs are keyed by content hash, not URI; a blob with no content hash cannot be keyed")
    func blobsByContent() throws {
        let here = BlobRef(uri: "file:///data/a.csv", contentHash: "sha256:abc", format: "csv")
        let there = BlobRef(uri: "s3://bucket/a.csv", contentHash: "sha256:abc", format: "csv")
        #expect(try CacheKeys.inputHash(["data": .blob(here)]) == CacheKeys.inputHash(["data": .blob(there)]))
        #expect(throws: CacheKeyError.self) { try CacheKeys.inputHash(["data": .blob(BlobRef(uri: "file:///x"))]) }
    }

    @Test("tasks that do not ask for caching have no key")
    func disabled() throws {
        var task = Self.task()
        task.cache?.enabled = false
        #expect(try CacheKeys.key(for: task, inputs: [:]) == nil)
    }
}
