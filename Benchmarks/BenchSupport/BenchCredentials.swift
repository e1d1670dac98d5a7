import Foundation
import SluiceAuth

/// The benchmarks run with authentication on, as a deployment does: one principal with the
/// admin and service roles, whose principals file and token the services started from this
/// process get in SLUICE_PRINCIPALS and SLUICE_TOKEN (see ``environment``).
public enum BenchCredentials {
    /// The token every client of the benchmarks sends.
    public static let token = Token.generate()

    private static let path: String = {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-bench-principals-\(getpid()).yaml").path
        let file = PrincipalsFile(entries: [.init(name: "bench", roles: [.admin, .service], tokenHashes: [Token.hash(token)])])
        do {
            try file.write(to: path)
        } catch {
            fatalError("cannot write the benchmarks' principals file: \(error)")
        }
        atexit { unlink(FileManager.default.temporaryDirectory.appendingPathComponent("sluice-bench-principals-\(getpid()).yaml").path) }
        return path
    }()

    /// What a service started by a benchmark adds to the environment it inherits.
    public static var environment: [String: String] {
        ["SLUICE_PRINCIPALS": path, "SLUICE_TOKEN": token]
    }
}
