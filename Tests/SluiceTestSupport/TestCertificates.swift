import Foundation

/// A CA of the tests' own, made with openssl, and certificates it signs: for `localhost`
/// (services) and for a client; and a second, unrelated CA with a client certificate of its
/// own, which the first CA's services must refuse. EC keys, so that making them takes
/// milliseconds.
public struct TestCertificates: Sendable {
    public let directory: URL

    public func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    public var ca: String { path("ca.pem") }
    public var serverCertificate: String { path("server.pem") }
    public var serverKey: String { path("server.key") }
    public var clientCertificate: String { path("client.pem") }
    public var clientKey: String { path("client.key") }
    public var rogueCA: String { path("rogue-ca.pem") }
    public var rogueClientCertificate: String { path("rogue-client.pem") }
    public var rogueClientKey: String { path("rogue-client.key") }

    public static func make() async throws -> TestCertificates {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let script = """
            set -e
            key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:prime256v1 -out "$1" 2>/dev/null; }
            ca() { key "$1.key"; openssl req -x509 -new -key "$1.key" -out "$1.pem" -days 2 -subj "/CN=$2" 2>/dev/null; }
            signed() {
              key "$1.key"
              openssl req -new -key "$1.key" -out "$1.csr" -subj "/CN=$3" 2>/dev/null
              printf 'subjectAltName=DNS:%s\\n' "$3" > "$1.ext"
              openssl x509 -req -in "$1.csr" -CA "$2.pem" -CAkey "$2.key" -CAcreateserial -out "$1.pem" -days 2 -extfile "$1.ext" 2>/dev/null
            }
            ca ca "Sluice test CA"
            signed server ca localhost
            signed client ca sluice-client
            ca rogue-ca "Someone else's CA"
            signed rogue-client rogue-ca sluice-client
            """
        let outcome = try await runProcess("/bin/bash", ["-c", script], directory: directory)
        guard outcome.status == 0 else {
            throw CertificateFailure(description: "openssl could not make the test certificates: \(outcome.errorText)")
        }
        return TestCertificates(directory: directory)
    }

    public func remove() {
        try? FileManager.default.removeItem(at: directory)
    }

    struct CertificateFailure: Error, CustomStringConvertible {
        let description: String
    }
}
