import Foundation
import PostgresNIO

/// A PostgreSQL database named by a URL, as `--database` takes it:
/// `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=disable|prefer|require|verify-full]`,
/// with characters such as `@`, `/` or `:` in the user or password percent-encoded. The
/// password, when there is one, never appears in ``description``, in errors or in health replies.
///
/// `sslmode` means what it means to libpq: `prefer` (the default) and `require` encrypt without
/// checking the server's certificate, `verify-full` checks it and the host name.
public struct PostgresLocation: Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var sslMode: String

    /// `text` as a store's `database` setting: an SQLite file, or a PostgreSQL URL that parses.
    public static func checkedDatabase(_ text: String) throws -> String {
        guard !text.isEmpty else { throw PostgresLocationError("name the database: an SQLite file or a postgres:// URL") }
        if isURL(text) { _ = try PostgresLocation(url: text) }
        return text
    }

    /// Whether `text` names a PostgreSQL database rather than a file.
    public static func isURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    public init(url text: String) throws(PostgresLocationError) {
        guard Self.isURL(text), let components = URLComponents(string: text) else {
            // The text may hold a password that merely failed to parse: it is not repeated.
            throw PostgresLocationError(
                "the database URL is not a postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE URL (percent-encode @, / and : in a password)")
        }
        guard let host = components.host, !host.isEmpty else {
            throw PostgresLocationError("\(Self.redacted(text)) names no host")
        }
        guard let username = components.user, !username.isEmpty else {
            throw PostgresLocationError("\(Self.redacted(text)) names no user (postgres://USER@HOST/DATABASE)")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else {
            throw PostgresLocationError("\(Self.redacted(text)) names no database (postgres://USER@HOST/DATABASE)")
        }
        self.host = host
        self.port = components.port ?? 5432
        // URLComponents has decoded them already.
        self.username = username
        self.password = components.password
        self.database = database
        self.sslMode = "prefer"
        for item in components.queryItems ?? [] {
            guard item.name == "sslmode" else {
                throw PostgresLocationError("\(Self.redacted(text)): unknown parameter '\(item.name)'; only sslmode is read")
            }
            guard let mode = item.value, ["disable", "prefer", "require", "verify-full"].contains(mode) else {
                throw PostgresLocationError("\(Self.redacted(text)): sslmode is disable, prefer, require or verify-full")
            }
            self.sslMode = mode
        }
    }

    /// The URL without its password.
    public var description: String {
        "postgres://\(username)@\(host):\(port)/\(database)"
    }

    var clientConfiguration: PostgresClient.Configuration {
        var unverified = TLSConfiguration.makeClientConfiguration()
        unverified.certificateVerification = .none
        let tls: PostgresClient.Configuration.TLS = switch sslMode {
        case "disable": .disable
        case "require": .require(unverified)
        case "verify-full": .require(.makeClientConfiguration())
        default: .prefer(unverified)
        }
        return PostgresClient.Configuration(host: host, port: port, username: username, password: password, database: database, tls: tls)
    }

    /// The URL with everything between the scheme and the authority's last `@` (user and
    /// password) replaced.
    private static func redacted(_ text: String) -> String {
        guard let scheme = text.range(of: "://") else { return "the database URL" }
        let rest = text[scheme.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" }
        guard let at = authority.lastIndex(of: "@") else { return text }
        return String(text[..<scheme.upperBound]) + "***" + String(text[at...])
    }
}

public struct PostgresLocationError: Error, CustomStringConvertible, Sendable {
    public var description: String
    init(_ description: String) { self.description = description }
}
