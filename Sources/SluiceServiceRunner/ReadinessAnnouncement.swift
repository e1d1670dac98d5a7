import Foundation
import ServiceLifecycle

/// Prints the line that scripts and tests read to learn a service's bound addresses
/// ("sluice-admin listening on tcp://127.0.0.1:7100"). It runs inside the service group, which
/// installs its SIGTERM and SIGINT handlers before starting any service: so once the line is
/// out, a SIGTERM means a graceful shutdown, never the signal's default of killing the process.
struct ReadinessAnnouncement: Service {
    let line: String

    func run() async throws {
        // Unbuffered, so the line arrives even when stdout is a pipe.
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
        try await gracefulShutdown()
    }
}
