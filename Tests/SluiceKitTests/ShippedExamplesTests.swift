import Foundation
import Testing

/// The Swift example package in examples/swift builds against this SluiceKit: its workflows
/// as a module, and its worker, client and tests against that module.
@Suite struct ShippedExamplesTests {
    private let example = SwiftCompiler.root.appendingPathComponent("examples/swift")

    private func sources(_ directory: String) throws -> [URL] {
        let folder = example.appendingPathComponent(directory)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }
        #expect(!names.isEmpty, "no Swift files in \(directory)")
        return names.sorted().map { folder.appendingPathComponent($0) }
    }

    @Test func theExamplePackageBuilds() async throws {
        let modules = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-examples-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: modules, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: modules) }

        let library = try await SwiftCompiler.emitModule("ShopWorkflows", try sources("Sources/ShopWorkflows"), into: modules)
        try #require(library.compiled, "ShopWorkflows: \(library.diagnostics.prefix(2_000))")
        for target in ["Sources/shop-worker", "Sources/shop-client", "Tests/ShopTests"] {
            let verdict = try await SwiftCompiler.typecheck(try sources(target), modules: [modules])
            #expect(verdict.compiled, "\(target): \(verdict.diagnostics.prefix(2_000))")
        }
    }
}
