import Foundation
import ShopWorkflows
import SluiceKit

/// Runs the product video body on a deployment (`sluice up`, with SLUICE_SCHEDULER and
/// SLUICE_ADMIN set as it prints them, or the defaults): serves its tasks from this process,
/// registers and runs the workflow, and prints its outputs, how long it took against the
/// longest chain of calls and against running every call in turn, and the execution's id.
@main struct VideoDemo {
    static func main() async throws {
        let worker = try SluiceWorker(workflows: [productVideo], slots: 8)
        let serving = Task { try await worker.run() }
        defer { serving.cancel() }

        let client = try SluiceClient()
        try await client.register(productVideo)
        let input = ProductVideo(video: "knife-care.mp4", subtitles: "knife-care.srt", formats: ["webm", "mp4", "hls"])
        let started = ContinuousClock.now
        let handle = try await client.start(productVideo, input: input)
        print("started \(handle.id)")
        let published = try await handle.result(timeout: .minutes(2))
        let took = ContinuousClock.now - started
        print("encodings:  \(published.encodings.joined(separator: ", "))")
        print("thumbnails: \(published.thumbnails.joined(separator: ", "))")
        print("ads:        \(published.ads.joined(separator: ", "))")
        let milliseconds = took.components.seconds * 1000 + took.components.attoseconds / 1_000_000_000_000_000
        let sequential = VideoWork.sequential(formats: input.formats.count, chapters: published.thumbnails.count)
        print("took \(milliseconds) ms: its longest chain of calls takes \(VideoWork.criticalPath) ms, every call in turn \(sequential) ms")
        print("execution \(handle.id)")
    }
}
