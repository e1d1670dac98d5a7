import SluiceCore
import SluiceWire
import Testing

@Suite struct DigestTests {
    typealias S = Spec

    @Test func theDigestIsSHA256InLowercaseHex() {
        #expect(ContentDigest.sha256(Array("abc".utf8))
            == "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    private func spec(x: Int64, labels: [String: String] = [:]) -> WorkflowSpec {
        var spec = S.workflow("digest", outputs: [S.variable("total", S.int)], nodes: [
            S.taskNode("a", "add", inputs: ["x": .literal(.int(x)), "y": .literal(.int(2))]),
        ], bindings: ["total": S.future("a", "total")])
        spec.labels = labels
        return spec
    }

    @Test func theSameWorkflowAlwaysHasTheSameDigest() throws {
        let first = try WorkflowCompiler.compile(spec(x: 1), registry: S.registry).digest
        let second = try WorkflowCompiler.compile(spec(x: 1), registry: S.registry).digest
        #expect(first == second)
    }

    @Test func theOrderOfMapEntriesDoesNotChangeTheDigest() throws {
        // Dictionaries of different capacities filled in opposite orders iterate differently.
        var small: [String: String] = [:]
        var large: [String: String] = [:]
        large.reserveCapacity(1000)
        for index in 0..<50 { small["label\(index)"] = "\(index)" }
        for index in (0..<50).reversed() { large["label\(index)"] = "\(index)" }
        #expect(Array(small.keys) != Array(large.keys))

        let one = try WorkflowCompiler.compile(spec(x: 1, labels: small), registry: S.registry).digest
        let other = try WorkflowCompiler.compile(spec(x: 1, labels: large), registry: S.registry).digest
        #expect(one == other)
    }

    @Test func anyChangeToTheWorkflowChangesItsDigest() throws {
        #expect(try WorkflowCompiler.compile(spec(x: 1), registry: S.registry).digest
            != WorkflowCompiler.compile(spec(x: 2), registry: S.registry).digest)
    }

    @Test func theDigestIsOfThePinnedSpec() throws {
        var registry = S.registry
        let before = try WorkflowCompiler.compile(spec(x: 1), registry: registry)
        registry.tasks.append(S.shellTask("add", version: "3", inputs: [S.variable("x", S.int), S.variable("y", S.int)],
                                          outputs: [S.variable("total", S.int)]))
        let after = try WorkflowCompiler.compile(spec(x: 1), registry: registry)

        #expect(before.digest != after.digest)
        #expect(before.digest == ContentDigest.sha256(try #require(before.spec).serializedBytes()))
    }
}
