import Foundation
import PostgresNIO

/// A PostgreSQL database named by a URL, as `--database` takes it:
/// `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=disable|prefer|require]`.
/// The password, when there is one, never appears in ``description`` or in health replies.
public struct PostgresLocation: Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var sslMode: String

    /// Whether `text` names a PostgreSQL database rather than a file.
    public static func isURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    public init(url text: String) throws(PostgresLocationError) {
        guard Self.isURL(text), let components = URLComponents(string: text) else {
            throw PostgresLocationError("'\(Self.redacted(text))' is not a postgres:// URL")
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
        self.username = username.removingPercentEncoding ?? username
        self.password = components.password.map { $0.removingPercentEncoding ?? $0 }
        self.database = database
        self.sslMode = "prefer"
        for item in components.queryItems ?? [] {
            guard item.name == "sslmode" else {
                throw PostgresLocationError("\(Self.redacted(text)): unknown parameter '\(item.name)'; only sslmode is read")
            }
            guard let mode = item.value, ["disable", "prefer", "require"].contains(mode) else {
                throw PostgresLocationError("\(Self.redacted(text)): sslmode is disable, prefer or require")
            }
            self.sslMode = mode
        }
    }

    /// The URL without its password.
    public var description: String {
        "postgres://\(username)@\(host):\(port)/\(database)"
    }

    var clientConfiguration: PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS = switch sslMode {
        case "disable": .disable
        case "require": .require(.makeClientConfiguration())
        default: .prefer(.makeClientConfiguration())
        }
        return PostgresClient.Configuration(host: host, port: port, username: username, password: password, database: database, tls: tls)
    }

    private static func redacted(_ text: String) -> String {
        text.replacing(/:[^:@\/]*@/, with: ":***@")
    }
}

public struct PostgresLocationError: Error, CustomStringConvertible, Sendable {
    public var description: String
    init(_ description: String) { self.description = description }
}
