@testable import SluiceAdmin
import SluiceWire
import Testing

@Suite("Decoded workflows kept in memory")
struct RegisteredWorkflowCacheTests {
    static func registered(_ description: String) -> RegisteredWorkflow {
        RegisteredWorkflow(
            compiled: CompiledWorkflow(), submitted: WorkflowSpec(description: description), digest: description,
            registeredAt: Timestamp(seconds: 0))
    }

    static func key(_ version: String, digest: String = "d") -> RegisteredWorkflowCache.Key {
        .init(name: "w", version: version, digest: digest)
    }

    @Test("an entry is found only under its name, version and digest")
    func keyedByDigestToo() {
        let cache = RegisteredWorkflowCache()
        cache.keep(Self.registered("one"), as: Self.key("1"), bytes: 10)
        #expect(cache.workflow(Self.key("1"))?.submitted.description == "one")
        #expect(cache.workflow(Self.key("1", digest: "other")) == nil)
        #expect(cache.workflow(Self.key("2")) == nil)
    }

    @Test("past its byte limit the oldest entries go first; an entry larger than the limit is not kept")
    func boundedBySize() {
        let cache = RegisteredWorkflowCache(byteLimit: 100)
        cache.keep(Self.registered("1"), as: Self.key("1"), bytes: 40)
        cache.keep(Self.registered("2"), as: Self.key("2"), bytes: 40)
        cache.keep(Self.registered("3"), as: Self.key("3"), bytes: 40)
        #expect(cache.workflow(Self.key("1")) == nil)
        #expect(cache.workflow(Self.key("2")) != nil && cache.workflow(Self.key("3")) != nil)
        cache.keep(Self.registered("big"), as: Self.key("big"), bytes: 101)
        #expect(cache.workflow(Self.key("big")) == nil)
        #expect(cache.count == 2)
    }

    @Test("the latest version is looked up each time: a newer registration is used at once")
    func latestFollowsRegistrations() async throws {
        let admin = try await AdminFixture()
        _ = try await admin.createGreeting()
        var second = Samples.greetingWorkflow
        second.id = Identifier(name: "greeting", version: "2")
        second.description = "Greets someone, again"
        try await admin.register(second)
        let execution = try await admin.create(ExecutionSpec(workflow: Identifier(name: "greeting"), inputs: ["who": .string("Bo")]))
        #expect(execution.spec?.workflow?.version == "2")
        let latest = try await admin.store.workflow(Identifier(name: "greeting"))
        #expect(latest?.submitted.description == "Greets someone, again")
        #expect(try await admin.store.workflow(Identifier(name: "greeting", version: "1"))?.submitted.description == "Greets someone")
    }
}
