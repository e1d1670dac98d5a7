import Foundation
import SluiceKit
import Testing

// Map calls as users write them, built into map nodes and run in-process.

private struct Chapter: Codable, Sendable { var title: String; var start: Int }
private struct Video: Codable, Sendable { var name: String; var chapters: [Chapter] }
private struct ThumbInput: Codable, Sendable { var chapter: Chapter; var video: String }
private struct Thumb: Codable, Sendable { var image: String; var bytes: Int }
private struct Album: Codable, Sendable { var images: [String]; var sizes: [Int]; var second: String }
private struct MaybeThumb: Codable, Sendable { var image: String? }
private struct MaybeAlbum: Codable, Sendable { var images: [String?] }

private enum Thumbs {
    static let make = SwiftTask("thumbnail", version: "1") { (input: ThumbInput) in
        Thumb(image: "\(input.video)@\(input.chapter.start).png", bytes: input.chapter.title.count)
    }

    static let picky = SwiftTask("picky-thumbnail", version: "1") { (input: ThumbInput) -> MaybeThumb in
        guard input.chapter.start > 0 else { throw TaskFailure(code: "NoFrame", message: "no frame before the start") }
        return MaybeThumb(image: "\(input.chapter.start).png")
    }

    static let album = Workflow("album", version: "1", input: Video.self, output: Album.self) { wf in
        let thumbs = wf.map(make, id: "thumbs", concurrency: 2) {
            $0.chapter = .each(wf.input(\.chapters))
            $0.video = wf.input(\.name)
        }
        return wf.outputs {
            $0.images = thumbs.image
            $0.sizes = thumbs.bytes
            $0.second = thumbs.image[1]
        }
    }

    static let chapters = [Chapter(title: "intro", start: 0), Chapter(title: "middle", start: 60), Chapter(title: "end", start: 120)]
}

@Suite struct MapCallTests {
    @Test func aMapCallBuildsAMapNodeWithItsMappedInputsAndOptions() throws {
        let spec = Thumbs.album.spec
        #expect(Thumbs.album.problems.isEmpty, "\(Thumbs.album.problems)")
        let node = try #require(spec.nodes.first)
        guard case .map(let map) = node.kind else {
            Issue.record("not a map node")
            return
        }
        #expect(map.task == Identifier(name: "thumbnail", version: "1"))
        #expect(map.mappedInputs == ["chapter"])
        #expect(map.concurrency == 2)
        #expect(node.inputs["video"] != nil)
        _ = try Thumbs.album.compiled()
    }

    @Test func aMapRunsInProcessOneElementPerListElementInOrder() async throws {
        let run = try await LocalRunner().run(Thumbs.album, input: Video(name: "talk", chapters: Thumbs.chapters))
        #expect(run.phase == .succeeded)
        let album = try run.output(as: Album.self)
        #expect(album.images == ["talk@0.png", "talk@60.png", "talk@120.png"])
        #expect(album.sizes == [5, 6, 3])
        #expect(album.second == "talk@60.png")
        #expect(run.phase(of: "thumbs[2]") == .succeeded)
        #expect(run.node("thumbs")?.elements == 3)
        #expect(run.node("thumbs[1]")?.parentNodeID == "thumbs")
    }

    @Test func partialSuccessGivesNoneForTheFailedElements() async throws {
        let workflow = Workflow("picky-album", version: "1", input: Video.self, output: MaybeAlbum.self) { wf in
            let thumbs = wf.map(Thumbs.picky, id: "thumbs", success: .atLeast(2)) {
                $0.chapter = .each(wf.input(\.chapters))
                $0.video = "v"
            }
            return wf.outputs { $0.images = thumbs.image }
        }
        let run = try await LocalRunner().run(workflow, input: Video(name: "talk", chapters: Thumbs.chapters))
        #expect(try run.output(as: MaybeAlbum.self).images == [nil, "60.png", "120.png"])
        #expect(run.phase(of: "thumbs[0]") == .failed)
        #expect(run.node("thumbs[0]")?.error?.code == "NoFrame")
    }

    @Test func mistakesAreReportedWhereTheyAre() {
        let workflow = Workflow("bad-maps", version: "1", input: Video.self, output: Album.self) { wf in
            _ = wf.map(Thumbs.make, id: "nothing-mapped") {
                $0.chapter = .constant(Thumbs.chapters[0])
                $0.video = "v"
            }
            _ = wf.map(Thumbs.make, id: "no-room", concurrency: 0) {
                $0.chapter = .each(wf.input(\.chapters))
                $0.video = "v"
            }
            _ = wf.call(Thumbs.make, id: "not-a-map") {
                $0.chapter = .each(wf.input(\.chapters))
                $0.video = "v"
            }
            return wf.outputs { $0.images = .constant(["a"]); $0.sizes = .constant([1]); $0.second = "a" }
        }
        let problems = workflow.problems
        #expect(problems.contains { $0.nodeID == "nothing-mapped" && $0.message.contains("at least one input set to .each(list)") })
        #expect(problems.contains { $0.nodeID == "no-room" && $0.message == "concurrency must be positive, is 0" })
        #expect(problems.contains { $0.nodeID == "not-a-map" && $0.input == "chapter" && $0.message.contains("only wf.map does") })
    }
}
