import Foundation
import SluiceRPC
import SluiceTestSupport
import SluiceTransport
import SluiceWire
import Testing

/// The services on TLS only, with client certificates required, from a CA the test makes with
/// openssl: a workflow runs through all four; a caller with no certificate, or one another CA
/// signed, is refused, as is a client that does not trust the services' CA.
@Suite("TLS between every party", .serialized)
struct TLSEndToEndTests {
    typealias S = ShellSpecs

    static let cachedSquare: TaskSpec = {
        var task = S.task("tls-square", inputs: ["x": S.int], outputs: ["y": S.int], script: "x={{inputs.x}}; echo $(( x * x ))")
        task.cache = CacheSettings(enabled: true, version: "1")
        return task
    }()
    static let squared = S.workflow("tls-squared", outputs: ["result": S.int], nodes: [
        S.node("sq", cachedSquare, ["x": S.future("", "n")]),
    ], bindings: ["result": S.future("sq", "y")])

    @Test("a workflow runs with every service on tls+tcp:// and mutual TLS; callers without the CA's certificate are refused")
    func servicesOnTLSOnly() async throws {
        let certificates = try await TestCertificates.make()
        defer { certificates.remove() }
        let serving = ["--tls-certificate", certificates.serverCertificate, "--tls-key", certificates.serverKey,
                       "--tls-ca", certificates.ca, "--tls-require-client-certificates"]
        let listen = "tls+tcp://localhost:0"
        let admin = try await ServiceProcess("admin", listen: listen, arguments: serving)
        let catalog = try await ServiceProcess("catalog", listen: listen, arguments: serving)
        let scheduler = try await ServiceProcess(
            "scheduler", listen: listen, arguments: serving + ["--admin", admin.address, "--catalog", catalog.address])
        let executor = try await ServiceProcess(
            "executor", listen: nil,
            arguments: ["--scheduler", scheduler.address, "--tls-ca", certificates.ca,
                        "--tls-certificate", certificates.clientCertificate, "--tls-key", certificates.clientKey],
            readyMarker: " polling ")
        defer { Task { for service in [executor, scheduler, catalog, admin] { await service.stop() } } }
        #expect(admin.address.hasPrefix("tls+tcp://localhost:") && !admin.address.hasSuffix(":0"), "\(admin.address)")

        let trusted = TLSFiles(certificate: certificates.clientCertificate, key: certificates.clientKey, ca: certificates.ca)
        let client = try AdminClient(address: admin.address, token: TestPrincipals.adminToken, options: RequestClientOptions(tls: trusted))
        defer { Task { await client.close() } }
        do {
            try await client.register(tasks: [Self.cachedSquare], workflows: [Self.squared])
            let first = try await client.start("tls-squared", inputs: ["n": .int(9)])
            #expect(try await client.waitForEnd(first.id).outputs == ["result": .int(81)])
            let second = try await client.start("tls-squared", inputs: ["n": .int(9)])
            #expect(try await client.waitForEnd(second.id).outputs == ["result": .int(81)])
            #expect(try await client.nodes(second.id)["sq"]?.cache?.status == .hit, "the scheduler reached the catalog over TLS")
        } catch {
            Issue.record("\(error)\n--- admin\n\(admin.log.suffix(2000))\n--- scheduler\n\(scheduler.log.suffix(2000))\n--- executor\n\(executor.log.suffix(2000))")
        }

        // Each of these reaches the port and is refused in the handshake: no reply comes.
        let plainAddress = admin.address.replacingOccurrences(of: "tls+tcp://", with: "tcp://")
        let refused: [(String, String, TLSFiles?)] = [
            ("no client certificate", admin.address, TLSFiles(ca: certificates.ca)),
            ("a certificate another CA signed", admin.address,
             TLSFiles(certificate: certificates.rogueClientCertificate, key: certificates.rogueClientKey, ca: certificates.ca)),
            ("a client that trusts another CA", admin.address,
             TLSFiles(certificate: certificates.clientCertificate, key: certificates.clientKey, ca: certificates.rogueCA)),
            ("plain TCP to the TLS port", plainAddress, nil),
        ]
        for (what, address, tls) in refused {
            let caller = try AdminClient(address: address, token: TestPrincipals.adminToken, options: RequestClientOptions(tls: tls))
            await #expect(throws: ServiceError.self, "\(what) was answered") { try await caller.health(timeout: .seconds(2)) }
            await caller.close()
        }
        #expect(throws: ServiceError.self, "a TLS address without a CA is refused before dialing") {
            try AdminClient(address: admin.address, token: TestPrincipals.adminToken)
        }

        // The CLI, told the CA and its certificate.
        let health = try await sluice([
            "health", "--admin", admin.address, "--scheduler", scheduler.address, "--catalog", catalog.address,
            "--tls-ca", certificates.ca, "--tls-certificate", certificates.clientCertificate, "--tls-key", certificates.clientKey,
        ])
        #expect(health.status == 0, "\(health.output)\(health.errors)")
        #expect(health.output.components(separatedBy: "SERVING").count - 1 == 3, "\(health.output)")
    }

    @Test("a service told to listen on tls+tcp:// without a certificate does not start, and says what it needs")
    func tlsWithoutACertificateIsRefused() async throws {
        let outcome = try await runProcess(
            BuiltProducts.executable("sluice-admin").path, ["--listen", "tls+tcp://localhost:0"], environment: ServiceProcess.environment)
        #expect(outcome.status != 0)
        #expect(outcome.errorText.contains("a tls+tcp:// address needs tls.certificate and tls.key"), "\(outcome.errorText)")
    }
}
