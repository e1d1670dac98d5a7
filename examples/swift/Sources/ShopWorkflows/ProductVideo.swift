import SluiceKit

// A workflow body written as plain code, after the video pipeline of the talk Sluice was
// started from: a product video gets its subtitles embedded and is encoded in several formats,
// its chapters are found and each gets a thumbnail, and its subtitles are analysed to place
// ads. The tasks sleep to stand for real work; each call runs as soon as its inputs exist, so
// the body takes about as long as its longest chain of calls, not the sum of them all.

public struct ProductVideo: Codable, Sendable {
    public var video: String
    public var subtitles: String
    public var formats: [String]
    public init(video: String, subtitles: String, formats: [String]) {
        self.video = video
        self.subtitles = subtitles
        self.formats = formats
    }
}

public struct PublishedVideo: Codable, Sendable, Equatable {
    public var encodings: [String]
    public var thumbnails: [String]
    public var ads: [String]
}

public struct VideoFile: Codable, Sendable { public var video: String }
public struct Subtitles: Codable, Sendable { public var subtitles: String }
public struct Embedding: Codable, Sendable { public var video: String; public var subtitles: String }
public struct Encoding: Codable, Sendable { public var video: String; public var format: String }
public struct EncodedFile: Codable, Sendable { public var file: String }
public struct Chapters: Codable, Sendable { public var starts: [Int] }
public struct Still: Codable, Sendable { public var video: String; public var second: Int }
public struct Topics: Codable, Sendable { public var topics: [String] }
public struct AdRequest: Codable, Sendable { public var topics: [String]; public var chapters: [Int] }
public struct AdSlots: Codable, Sendable { public var ads: [String] }

/// How long each task pretends to work, in milliseconds.
public enum VideoWork {
    public static let embed = 400, encode = 500, chapters = 300, thumbnail = 200, analyse = 300, ads = 200

    /// The longest chain of calls: embed, then encode.
    public static var criticalPath: Int { embed + encode }

    /// Every call one after the other, for `chapters` chapters and `formats` formats.
    public static func sequential(formats: Int, chapters: Int) -> Int {
        embed + formats * encode + self.chapters + chapters * thumbnail + analyse + ads
    }
}

private func work(_ milliseconds: Int) async throws {
    try await Task.sleep(for: .milliseconds(milliseconds))
}

public let embedSubtitles = SwiftTask("embed-subtitles", version: "1") { (input: Embedding) in
    try await work(VideoWork.embed)
    return VideoFile(video: "\(input.video)+subtitles")
}

public let encodeVideo = SwiftTask("encode-video", version: "1") { (input: Encoding) in
    try await work(VideoWork.encode)
    return EncodedFile(file: "\(input.video).\(input.format)")
}

/// A chapter every 90 seconds of a (pretend) six-minute video.
public let findChapters = SwiftTask("find-chapters", version: "1") { (input: VideoFile) in
    try await work(VideoWork.chapters)
    return Chapters(starts: [0, 90, 180, 270])
}

public let extractThumbnail = SwiftTask("extract-thumbnail", version: "1") { (input: Still) in
    try await work(VideoWork.thumbnail)
    return EncodedFile(file: "\(input.video)@\(input.second)s.jpg")
}

public let analyseSubtitles = SwiftTask("analyse-subtitles", version: "1") { (input: Subtitles) in
    try await work(VideoWork.analyse)
    return Topics(topics: ["cooking", "knives"])
}

public let placeAds = SwiftTask("place-ads", version: "1") { (input: AdRequest) in
    try await work(VideoWork.ads)
    return AdSlots(ads: zip(input.chapters.dropFirst(), input.topics.cycled(input.chapters.count)).map { "\($1)@\($0)s" })
}

extension Array {
    fileprivate func cycled(_ count: Int) -> [Element] {
        isEmpty ? [] : (0..<count).map { self[$0 % self.count] }
    }
}

/// The body: plain code. Calls return futures at once; `try await ... .value` waits (the body
/// stops there and runs again once the value is there), so it comes as late as it can.
public let publishVideo = WorkflowBody(
    "publish-video", version: "1",
    calls: [embedSubtitles, encodeVideo, findChapters, extractThumbnail, analyseSubtitles, placeAds]
) { (input: ProductVideo, wf: Workflow<ProductVideo, PublishedVideo>.Builder) in
    let embedded = wf.call(embedSubtitles) {
        $0.video = .constant(input.video)
        $0.subtitles = .constant(input.subtitles)
    }
    // Each encoding waits for the embedding, and they all run at once.
    let encodings = input.formats.map { format in
        wf.call(encodeVideo) {
            $0.video = embedded.video
            $0.format = .constant(format)
        }
    }
    let topics = wf.call(analyseSubtitles) { $0.subtitles = .constant(input.subtitles) }
    let chapters = wf.call(findChapters) { $0.video = .constant(input.video) }
    let ads = wf.call(placeAds) {
        $0.topics = topics.topics
        $0.chapters = chapters.starts
    }
    // How many thumbnails is known only once the chapters are: the body reads them.
    let starts = try await chapters.starts.value
    let thumbnails = starts.map { second in
        wf.call(extractThumbnail) {
            $0.video = embedded.video
            $0.second = .constant(second)
        }
    }
    return wf.outputs {
        $0.encodings = wf.collect(encodings.map(\.file))
        $0.thumbnails = wf.collect(thumbnails.map(\.file))
        $0.ads = ads.ads
    }
}

public let productVideo = Workflow("product-video", version: "1", input: ProductVideo.self, output: PublishedVideo.self) { wf in
    let published = wf.call(publishVideo, id: "publish") {
        $0.video = wf.input(\.video)
        $0.subtitles = wf.input(\.subtitles)
        $0.formats = wf.input(\.formats)
    }
    return wf.outputs {
        $0.encodings = published.encodings
        $0.thumbnails = published.thumbnails
        $0.ads = published.ads
    }
}
