import Foundation

/// Where the service executables are: $SLUICE_BIN_DIR, else beside the running `sluice`.
enum ServiceBinaries {
    static func directory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let override = environment["SLUICE_BIN_DIR"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        let executable = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        return executable.resolvingSymlinksInPath().deletingLastPathComponent()
    }

    /// The path of `sluice-<service>`, or an error saying where it was looked for.
    static func executable(_ service: String, in directory: URL) throws -> String {
        let path = directory.appendingPathComponent("sluice-\(service)").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw CLIError("sluice-\(service) is not in \(directory.path); build it (swift build) or set SLUICE_BIN_DIR to the directory that holds it")
        }
        return path
    }
}
