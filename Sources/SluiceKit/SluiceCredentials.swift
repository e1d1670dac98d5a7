import Foundation
import SluiceAuth

/// The token a client sends when its caller names none, from the first of: `SLUICE_TOKEN`, the
/// file `SLUICE_TOKEN_FILE` names, and the token `sluice up` wrote for this use in its data
/// directory (`SLUICE_DATA_DIR`, else `.sluice` in the working directory), this last only for
/// services on this machine. So a program run beside `sluice up` is authenticated without
/// saying anything, one run elsewhere says who it is with the variables, and `sluice up`'s
/// admin token is never sent to another machine unasked.
public enum SluiceCredentials {
    /// Which of `sluice up`'s tokens a program uses: a person's (the admin role) or a worker's
    /// (the service role).
    public enum Use: String, Sendable {
        case client = "cli"
        case worker = "executor"
    }

    public static func token(
        for use: Use, reaching addresses: [String], environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String {
        if let token = environment["SLUICE_TOKEN"], !token.isEmpty { return token }
        if let path = environment["SLUICE_TOKEN_FILE"], !path.isEmpty { return read(path) }
        guard addresses.allSatisfy(isOnThisMachine) else { return "" }
        return read(localTokenPath(dataDirectory: localDataDirectory(environment: environment), use: use))
    }

    /// ipc:// and inproc:// addresses, and tcp:// ones (TLS or not) on a loopback host.
    static func isOnThisMachine(_ address: String) -> Bool {
        if address.hasPrefix("ipc://") || address.hasPrefix("inproc://") { return true }
        guard let start = address.range(of: "://") else { return false }
        var host = address[start.upperBound...]
        if host.hasPrefix("["), let end = host.firstIndex(of: "]") {
            host = host[host.index(after: host.startIndex)..<end]
        } else if let colon = host.lastIndex(of: ":") {
            host = host[..<colon]
        }
        return host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// `sluice up`'s data directory when none is named: `SLUICE_DATA_DIR`, else `.sluice`.
    public static func localDataDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        environment["SLUICE_DATA_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? ".sluice"
    }

    /// Where `sluice up` keeps the token for `use`.
    public static func localTokenPath(dataDirectory: String, use: Use) -> String {
        URL(fileURLWithPath: dataDirectory).appendingPathComponent("credentials").appendingPathComponent("\(use.rawValue).token").path
    }

    /// A file's token; none when it cannot be read (a call without one is then refused as
    /// UNAUTHENTICATED, which says what to do).
    private static func read(_ path: String) -> String {
        (try? TokenFile.read(path)) ?? ""
    }
}
