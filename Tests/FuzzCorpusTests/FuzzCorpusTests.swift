import Foundation
import SluiceFuzzBodies
import Testing

/// Every input committed under Fuzz/Corpus/<target>/ (the seeds, and each input a fuzzer found a
/// crash or a broken invariant with) through its fuzz target's body, without the sanitizers: what
/// once crashed stays fixed.
@Suite struct FuzzCorpusTests {
    static let corpus = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/Corpus")

    @Test(arguments: FuzzBodies.all.map(\.name))
    func everyCommittedInputPasses(_ target: String) throws {
        let folder = Self.corpus.appendingPathComponent(target)
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { !$0.lastPathComponent.hasPrefix(".") }
        #expect(!files.isEmpty, "Fuzz/Corpus/\(target) holds no inputs")
        let body = try #require(FuzzBodies.all.first { $0.name == target }?.body)
        for file in files.sorted(by: { $0.path < $1.path }) {
            let bytes = [UInt8](try Data(contentsOf: file))
            #expect(throws: Never.self, "\(target)/\(file.lastPathComponent)") { try body(bytes) }
        }
    }
}
