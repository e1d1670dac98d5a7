import SluiceTestSupport
import Foundation
import SluiceKit
import SluiceRPC
import SluiceWire
import Testing

/// A map workflow from a workflow file, on real processes: admin, catalog, scheduler and the
/// shell executor.
@Suite("Map nodes on real services", .serialized)
struct MapEndToEndTests {
    @Test("the map example runs one node per chapter, gathers the thumbnails in order, and a second run is all cache hits")
    func theMapExampleRunsAndCaches() async throws {
        let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("examples")
        let file = try WorkflowFile.load(contentsOf: examples.appendingPathComponent("map.yaml"))
        try await Cluster.with(tasks: file.tasks, workflows: file.workflows, slots: 4) { cluster, client in
            let first = try await client.start("thumbnails", inputs: ["video": .string("talk.mp4"), "count": .int(6)])
            let ended = try await client.waitForEnd(first.id)
            #expect(ended.phase == .succeeded, "\(ended.error.map { "\($0.code): \($0.message)" } ?? "")")
            let images = (0..<6).map { Literal.string("talk.mp4@\($0 * 60)s.png") }
            #expect(ended.outputs["images"] == .collection(images))
            #expect(ended.outputs["first"] == .string("talk.mp4@0s.png"))
            let nodes = try await client.nodes(first.id)
            #expect(nodes["thumbs"]?.kind == .map)
            #expect(nodes["thumbs"]?.elements == 6)
            let withoutElements = try await client.call(.listNodeExecutions(ListNodeExecutionsRequest(executionID: first.id, withoutMapElements: true)))
            if case .listNodeExecutions(let listed) = withoutElements {
                #expect(listed.nodes.map(\.nodeID).sorted() == ["chapters", "thumbs"])
                #expect(listed.nodes.first { $0.nodeID == "thumbs" }?.elementCounts == ElementCounts(succeeded: 6), "the map counts its elements")
            }
            #expect((0..<6).allSatisfy { nodes["thumbs[\($0)]"]?.phase == .succeeded && nodes["thumbs[\($0)]"]?.parentNodeID == "thumbs" })
            #expect(nodes["thumbs[3]"]?.inputs["start"] == .int(180))
            #expect(nodes["thumbs[3]"]?.cache?.status == .populated)

            let second = try await client.start("thumbnails", inputs: ["video": .string("talk.mp4"), "count": .int(6)])
            let again = try await client.waitForEnd(second.id)
            #expect(again.outputs == ended.outputs)
            let cached = try await client.nodes(second.id)
            #expect((0..<6).allSatisfy { cached["thumbs[\($0)]"]?.cache?.status == .hit }, "every element is served from the cache")
            #expect(cached["thumbs[2]"]?.cache?.source?.executionID == first.id)
            #expect(cached["thumbs[2]"]?.attempts.isEmpty == true, "no element ran")

            // sluice status: the map is one row counting its elements; --elements lists them.
            let status = try await sluice(["status", second.id, "--admin", cluster.adminAddress])
            #expect(status.status == 0, "\(status.errors)")
            #expect(status.output.contains("6 elements: 6 succeeded (6 cached)"), "\(status.output)")
            #expect(!status.output.contains("thumbs[3]"))
            // The API pages through a map's elements, in the order they started.
            let sluiceClient = try SluiceClient(endpoints: SluiceEndpoints(admin: cluster.adminAddress, environment: [:]), token: TestPrincipals.adminToken)
            let firstPage = try await sluiceClient.nodes(of: second.id, parent: "thumbs", limit: 4)
            #expect(firstPage.nodes.count == 4 && !firstPage.nextPageToken.isEmpty)
            let secondPage = try await sluiceClient.nodes(of: second.id, parent: "thumbs", limit: 4, pageToken: firstPage.nextPageToken)
            #expect(Set((firstPage.nodes + secondPage.nodes).map(\.nodeID)) == Set((0..<6).map { "thumbs[\($0)]" }))
            #expect(secondPage.nodes.count == 2)
            #expect(secondPage.nextPageToken.isEmpty)
            let refused = await #expect(throws: ServiceError.self) {
                try await sluiceClient.nodes(of: second.id, parent: "thumbs", pageToken: "not-a-token")
            }
            #expect(refused?.code == .invalidArgument)
            await sluiceClient.close()

            let listed = try await sluice(["status", second.id, "--elements", "--admin", cluster.adminAddress])
            #expect(listed.output.contains("thumbs[3]"), "\(listed.output)")

            // sluice watch: progress lines instead of a line per element event.
            let watched = try await sluice(["watch", first.id, "--admin", cluster.adminAddress])
            #expect(watched.output.contains("thumbs  6/6 elements done: 6 succeeded"), "\(watched.output)")
            #expect(!watched.output.contains("thumbs[3]"), "\(watched.output)")
            // sluice cache inspect: the map's elements summed up on one line.
            let inspected = try await sluice(["cache", "inspect", second.id, "--admin", cluster.adminAddress])
            #expect(inspected.output.contains("map thumbs, 6 elements: 6 hits"), "\(inspected.output)")
            #expect(!inspected.output.contains("thumbs[3]"))
        }
    }
}
