import Foundation
import SluiceTestSupport

/// Runs the Swift compiler on code that uses SluiceKit, against the modules this test binary
/// was built with, to show what compiles and what does not. Type-checking only: a file takes
/// a fraction of a second.
enum SwiftCompiler {
    /// What the compiler said about one file.
    struct Verdict: Sendable, CustomStringConvertible {
        let status: Int32
        let diagnostics: String

        var compiled: Bool { status == 0 }
        /// Short, for test expectations that show the value; the diagnostics go in messages.
        var description: String { "exit status \(status), \(errors.count) error(s)" }
        /// The error lines, without the source excerpts the compiler prints under them.
        var errors: [String] {
            diagnostics.split(separator: "\n").map(String.init).filter { $0.contains(": error: ") }
        }
    }

    /// The package root: the nearest directory above this file holding Package.swift.
    static let root: URL = {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while directory.path != "/" {
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) { return directory }
            directory.deleteLastPathComponent()
        }
        fatalError("no Package.swift above \(#filePath)")
    }()

    /// The build products directory: where this test binary is, with the Swift modules in `Modules`.
    private static let products: URL = {
        let binary = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: binary).deletingLastPathComponent()
    }()

    /// Module maps of the C modules SluiceKit's dependencies import: the package's own and
    /// those of checked-out packages (the build's scratch directory is two levels up).
    private static let moduleMaps: [String] = {
        let scratch = products.deletingLastPathComponent().deletingLastPathComponent()
        let sourceDirectories = [root.appendingPathComponent("Sources")]
            + ((try? FileManager.default.contentsOfDirectory(atPath: scratch.appendingPathComponent("checkouts").path)) ?? [])
                .map { scratch.appendingPathComponent("checkouts/\($0)/Sources") }
        var maps: [String] = []
        for sources in sourceDirectories {
            for target in (try? FileManager.default.contentsOfDirectory(atPath: sources.path)) ?? [] {
                for place in ["module.modulemap", "include/module.modulemap"] {
                    let map = sources.appendingPathComponent("\(target)/\(place)").path
                    if FileManager.default.fileExists(atPath: map) { maps.append(map) }
                }
            }
        }
        return maps
    }()

    /// Type-checks `files` as one module (`-parse-as-library`, so `@main` is allowed and
    /// statements belong in functions), with `modules` as more module search paths.
    static func typecheck(_ files: [URL], modules: [URL] = []) async throws -> Verdict {
        try await run(["-typecheck", "-parse-as-library"], files, modules: modules)
    }

    /// Type-checks `source` as one file.
    static func typecheck(_ source: String) async throws -> Verdict {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-typecheck-\(UUID().uuidString).swift")
        try source.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        return try await typecheck([file])
    }

    /// Compiles `files` into the module `name` in `directory`, for other files to import.
    static func emitModule(_ name: String, _ files: [URL], into directory: URL) async throws -> Verdict {
        try await run(
            ["-emit-module", "-parse-as-library", "-module-name", name, "-emit-module-path",
             directory.appendingPathComponent("\(name).swiftmodule").path],
            files, modules: [])
    }

    private static func run(_ mode: [String], _ files: [URL], modules: [URL]) async throws -> Verdict {
        let search = ([products.appendingPathComponent("Modules")] + modules).flatMap { ["-I", $0.path] }
        let cModules = moduleMaps.flatMap { map in
            ["-Xcc", "-fmodule-map-file=\(map)", "-Xcc", "-I\(URL(fileURLWithPath: map).deletingLastPathComponent().path)"]
        }
        let outcome = try await runProcess(
            "/usr/bin/env", ["swiftc"] + mode + search + cModules + files.map(\.path))
        return Verdict(status: outcome.status, diagnostics: outcome.errorText + outcome.outputText)
    }
}
