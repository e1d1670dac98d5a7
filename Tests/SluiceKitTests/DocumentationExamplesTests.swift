import Foundation
import Testing

/// The Swift examples of docs/swift-dsl.md compile, in the order they appear, as one file:
/// declarations at the top level, blocks marked `<!-- compiled in a function -->` as the body
/// of an async throwing function. A block marked `<!-- not compiled: why -->` is left out.
@Suite struct DocumentationExamplesTests {
    struct Block {
        enum Placement { case topLevel, inFunction, notCompiled }
        let placement: Placement
        let code: String
        let line: Int
    }

    /// The ```swift blocks of `markdown`, each placed by the marker on the line before it.
    static func blocks(of markdown: String) -> [Block] {
        let lines = markdown.components(separatedBy: "\n")
        var blocks: [Block] = []
        var index = 0
        while index < lines.count {
            let fence = lines[index].trimmingCharacters(in: .whitespaces)
            guard fence == "```swift" else {
                index += 1
                continue
            }
            let indent = lines[index].prefix { $0 == " " }.count
            let marker = index > 0 ? lines[index - 1].trimmingCharacters(in: .whitespaces) : ""
            let placement: Block.Placement =
                marker.hasPrefix("<!-- not compiled") ? .notCompiled
                : marker == "<!-- compiled in a function -->" ? .inFunction : .topLevel
            var code: [String] = []
            let start = index + 1
            index += 1
            while index < lines.count, lines[index].trimmingCharacters(in: .whitespaces) != "```" {
                code.append(String(lines[index].dropFirst(min(indent, lines[index].prefix { $0 == " " }.count))))
                index += 1
            }
            blocks.append(Block(placement: placement, code: code.joined(separator: "\n"), line: start + 1))
            index += 1
        }
        return blocks
    }

    @Test func theSwiftGuideExamplesCompile() async throws {
        let guide = SwiftCompiler.root.appendingPathComponent("docs/swift-dsl.md")
        let blocks = Self.blocks(of: try String(contentsOf: guide, encoding: .utf8))
        #expect(blocks.filter { $0.placement != .notCompiled }.count >= 10, "the guide's examples were not found")
        var source = "import SluiceKit\nimport Testing\n"
        for (number, block) in blocks.enumerated() {
            source += "\n// docs/swift-dsl.md:\(block.line)\n"
            switch block.placement {
            case .topLevel: source += block.code + "\n"
            case .inFunction: source += "func example\(number)() async throws {\n\(block.code)\n}\n"
            case .notCompiled: continue
            }
        }
        let verdict = try await SwiftCompiler.typecheck(source)
        let errors = verdict.errors.joined(separator: "\n")
        #expect(verdict.compiled, "\(errors.prefix(3_000))")
    }
}
