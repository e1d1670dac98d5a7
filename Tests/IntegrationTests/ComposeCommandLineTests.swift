import Foundation
import SluiceTestSupport
import Testing

/// `sluice compose`'s refusals, which come before any container is touched. The deployment
/// itself is tested for real by scripts/test-containers.sh (make test runs it).
@Suite struct ComposeCommandLineTests {
    static let composeFolder = BuiltProducts.repository.appendingPathComponent("compose").path

    func sluice(_ arguments: [String], environment: [String: String] = [:]) async throws -> ProcessOutcome {
        var variables = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SLUICE_") }
        variables.merge(environment) { $1 }
        return try await runProcess(BuiltProducts.executable("sluice").path, arguments, environment: variables)
    }

    @Test func aFolderWithoutComposeFilesIsRefusedNamingIt() async throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-compose-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        for command in [["compose", "up"], ["compose", "down"], ["compose", "status"]] {
            let result = try await sluice(command, environment: ["SLUICE_COMPOSE_DIR": empty.path])
            #expect(result.status == 1)
            #expect(result.errorText.contains("no compose.yaml in \(empty.path)"), "\(result.errorText)")
        }
    }

    @Test func anAddressComposeCannotPublishIsRefused() async throws {
        let result = try await sluice(["compose", "up", "--directory", Self.composeFolder, "--admin", "tcp://10.1.2.3:7100"])
        #expect(result.status == 1)
        #expect(result.errorText.contains("compose publishes admin on loopback, so its address must be tcp://127.0.0.1:PORT, not tcp://10.1.2.3:7100"), "\(result.errorText)")
    }

    @Test func aComposeProgramThatIsNotInstalledIsNamed() async throws {
        let result = try await sluice(
            ["compose", "status", "--directory", Self.composeFolder], environment: ["SLUICE_COMPOSE": "no-such-compose up"])
        #expect(result.status == 1)
        #expect(result.errorText.contains("SLUICE_COMPOSE names no-such-compose, which is not on PATH"), "\(result.errorText)")
    }
}
