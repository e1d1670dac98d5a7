import Foundation
import SluiceAuth

/// The principals every service a test starts checks tokens against, written once per test
/// process: the services run with authentication on, as they do by default.
public enum TestPrincipals {
    /// "tester": registers, runs, approves (the admin role).
    public static let adminToken = Token.generate()
    /// "sluice-services": the scheduler's and executors' calls (the service role).
    public static let serviceToken = Token.generate()
    /// "otto": an operator in the group "release".
    public static let operatorToken = Token.generate()
    /// "vera": reads only.
    public static let viewerToken = Token.generate()
    /// "exec-b": another executor's principal, for showing that one executor cannot act for another.
    public static let otherServiceToken = Token.generate()

    public static let file = PrincipalsFile(entries: [
        .init(name: "tester", roles: [.admin], tokenHashes: [Token.hash(adminToken)]),
        .init(name: "sluice-services", roles: [.service], tokenHashes: [Token.hash(serviceToken)]),
        .init(name: "otto", roles: [.operator], groups: ["release"], tokenHashes: [Token.hash(operatorToken)]),
        .init(name: "vera", roles: [.viewer], tokenHashes: [Token.hash(viewerToken)]),
        .init(name: "exec-b", roles: [.service], tokenHashes: [Token.hash(otherServiceToken)]),
    ])

    /// The file's path, written on first use and removed when the test process exits.
    public static let path: String = {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-test-principals-\(getpid()).yaml").path
        do {
            try file.write(to: path)
        } catch {
            fatalError("cannot write the tests' principals file: \(error)")
        }
        atexit { unlink(TestPrincipals.path) }
        return path
    }()

    /// What a service process started by a test gets: the principals file, and the token it
    /// calls other services with.
    public static var serviceEnvironment: [String: String] {
        ["SLUICE_PRINCIPALS": path, "SLUICE_TOKEN": serviceToken]
    }
}
