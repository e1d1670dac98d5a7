import Foundation

/// The token a client sends when its caller names none, from the first of: `SLUICE_TOKEN`, the
/// file `SLUICE_TOKEN_FILE` names, and the token `sluice up` wrote for this use in its data
/// directory (`SLUICE_DATA_DIR`, else `.sluice` in the working directory). So a program run
/// beside `sluice up` is authenticated without saying anything, and one run elsewhere says
/// who it is with the variables.
public enum SluiceCredentials {
    /// Which of `sluice up`'s tokens a program uses: a person's (the admin role) or a worker's
    /// (the service role).
    public enum Use: String, Sendable {
        case client = "cli"
        case worker = "executor"
    }

    public static func token(for use: Use, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let token = environment["SLUICE_TOKEN"], !token.isEmpty { return token }
        if let path = environment["SLUICE_TOKEN_FILE"], !path.isEmpty { return read(path) }
        return read(localTokenPath(dataDirectory: localDataDirectory(environment: environment), use: use))
    }

    /// `sluice up`'s data directory when none is named: `SLUICE_DATA_DIR`, else `.sluice`.
    public static func localDataDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        environment["SLUICE_DATA_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? ".sluice"
    }

    /// Where `sluice up` keeps the token for `use`.
    public static func localTokenPath(dataDirectory: String, use: Use) -> String {
        URL(fileURLWithPath: dataDirectory).appendingPathComponent("credentials").appendingPathComponent("\(use.rawValue).token").path
    }

    /// A file's token, trailing newline dropped; none when it cannot be read (a call without one
    /// is then refused as UNAUTHENTICATED, which says what to do).
    private static func read(_ path: String) -> String {
        guard let data = FileManager.default.contents(atPath: path), data.count <= 4096 else { return "" }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
