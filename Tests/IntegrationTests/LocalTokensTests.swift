import Foundation
import SluiceTestSupport
import Testing

/// `sluice up` makes its deployment's tokens and the CLI finds them; `sluice token` adds and
/// revokes principals while the services run.
@Suite(.serialized) struct LocalTokensTests {
    @Test("sluice up makes tokens the CLI uses unasked; a token made or revoked with sluice token takes effect without a restart")
    func upMakesTokensAndTokensRotateWithoutARestart() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-tokens-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        let local = ["SLUICE_DATA_DIR": data.path]
        let addresses = ["--admin", "tcp://127.0.0.1:0", "--scheduler", "tcp://127.0.0.1:0", "--catalog", "tcp://127.0.0.1:0"]
        let up = try await sluice(["up", "--detach", "--output", "json"] + addresses, token: nil, environment: local)
        #expect(up.status == 0, "\(up.errors)")
        defer { Task { _ = try? await sluice(["down"], token: nil, environment: local) } }
        let started = (try? JSONSerialization.jsonObject(with: Data(up.output.utf8))) as? [[String: Any]] ?? []
        let adminAddress = started.first { $0["service"] as? String == "admin" }?["address"] as? String ?? ""
        let admin = ["--admin", adminAddress]

        // Hashes only in the principals file; each token in a file of its own, for its owner alone.
        let principals = try String(contentsOf: data.appendingPathComponent("auth/principals.yaml"), encoding: .utf8)
        let credentials = data.appendingPathComponent("credentials")
        for use in ["cli", "scheduler", "executor"] {
            let tokenFile = credentials.appendingPathComponent("\(use).token")
            let token = try String(contentsOf: tokenFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(token.hasPrefix("sluice_") && !principals.contains(token))
            let mode = try FileManager.default.attributesOfItem(atPath: tokenFile.path)[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }

        // The CLI, told nothing, runs a workflow as the person who started the deployment.
        let workflow = data.appendingPathComponent("hello.yaml")
        try """
            tasks:
              - name: hello
                outputs: {y: int}
                script: echo 7
            workflows:
              - name: hello
                outputs: {result: $h.y}
                nodes:
                  - {id: h, task: hello}
            """.write(to: workflow, atomically: true, encoding: .utf8)
        let registered = try await sluice(["register", workflow.path] + admin, token: nil, environment: local)
        #expect(registered.status == 0, "\(registered.output)\(registered.errors)")
        let run = try await sluice(["run", "hello", "--wait"] + admin, token: nil, environment: local)
        #expect(run.status == 0, "\(run.output)\(run.errors)")

        // Elsewhere, with no token: refused, saying how to give one.
        let elsewhere = try await sluice(["executions"] + admin, token: nil, environment: ["SLUICE_DATA_DIR": "/nonexistent"])
        #expect(elsewhere.status == 1)
        #expect(elsewhere.errors.contains("needs a token with every call") && elsewhere.errors.contains("SLUICE_TOKEN"), "\(elsewhere.errors)")

        // A new viewer works within the reload interval, and stops working once revoked.
        let made = try await sluice(["token", "create", "--name", "vera", "--role", "viewer"], token: nil, environment: local)
        #expect(made.status == 0, "\(made.errors)")
        let veraToken = made.output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(veraToken.hasPrefix("sluice_"))
        let hash = try await sluice(["token", "hash"], token: nil, input: Data(veraToken.utf8))
        #expect(try String(contentsOf: data.appendingPathComponent("auth/principals.yaml"), encoding: .utf8)
            .contains(hash.output.trimmingCharacters(in: .whitespacesAndNewlines)))
        let listed = try await eventually(within: .seconds(10)) { () -> String? in
            let listing = try await sluice(["executions"] + admin, token: veraToken)
            return listing.status == 0 ? listing.output : nil
        }
        #expect(listed?.contains("hello") == true)
        let denied = try await sluice(["run", "hello"] + admin, token: veraToken)
        #expect(denied.errors.contains("vera (viewer) may not call create_execution"), "\(denied.errors)")

        let revoked = try await sluice(["token", "revoke", "--name", "vera"], token: nil, environment: local)
        #expect(revoked.status == 0, "\(revoked.errors)")
        let refused = try await eventually(within: .seconds(10)) { () -> String? in
            let listing = try await sluice(["executions"] + admin, token: veraToken)
            return listing.errors.contains("does not accept the token") ? listing.errors : nil
        }
        #expect(refused != nil, "the revoked token was still accepted after 10 s")

        let down = try await sluice(["down"], token: nil, environment: local)
        #expect(down.status == 0, "\(down.errors)")
    }
}
