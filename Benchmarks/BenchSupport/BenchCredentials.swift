import Foundation
import SluiceAuth

/// The benchmarks run with authentication on, as a deployment does: one principal with the
/// admin and service roles, whose principals file and token the services started from this
/// process find in SLUICE_PRINCIPALS and SLUICE_TOKEN.
public enum BenchCredentials {
    /// The token every client of the benchmarks sends.
    public static let token: String = {
        let token = Token.generate()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-bench-principals-\(getpid()).yaml").path
        let file = PrincipalsFile(entries: [.init(name: "bench", roles: [.admin, .service], tokenHashes: [Token.hash(token)])])
        do {
            try file.write(to: path)
        } catch {
            fatalError("cannot write the benchmarks' principals file: \(error)")
        }
        setenv("SLUICE_PRINCIPALS", path, 1)
        setenv("SLUICE_TOKEN", token, 1)
        atexit { unlink(FileManager.default.temporaryDirectory.appendingPathComponent("sluice-bench-principals-\(getpid()).yaml").path) }
        return token
    }()

    /// Makes the principals file and sets the variables, before any service starts.
    public static func install() {
        _ = token
    }
}
