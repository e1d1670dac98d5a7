import Foundation
import SluiceAuth

/// How a service knows its callers (`auth.principals`, `auth.off`) and what it calls other
/// services with (`auth.token`, `auth.tokenFile`). The variables are shared by every service,
/// as the addresses are, so that one set of them configures a whole deployment:
/// `SLUICE_PRINCIPALS`, `SLUICE_AUTH_OFF`, `SLUICE_TOKEN`, `SLUICE_TOKEN_FILE`.
public enum AuthSettings {
    /// Who may call a service that serves. Authentication is on unless `auth.off` says
    /// otherwise; on, it needs a principals file, and a service without one does not start.
    public static func authenticator(reading settings: SettingsReader) throws -> Authenticator {
        let off = try settings.bool("auth.off", default: false, environmentVariable: "SLUICE_AUTH_OFF")
        let path = try settings.string("auth.principals", default: "", environmentVariable: "SLUICE_PRINCIPALS")
        if off { return .off }
        guard !path.isEmpty else {
            throw SettingsError(
                "the \(settings.service) service checks a token on every call and needs a principals file: give it with "
                    + "--principals FILE (or SLUICE_PRINCIPALS, or auth.principals in the configuration file); "
                    + "`sluice token create` makes one. To run with no authentication at all, say so with --no-auth "
                    + "(or SLUICE_AUTH_OFF=true)")
        }
        do {
            return try Authenticator(principalsFile: path)
        } catch {
            throw SettingsError("\(settings.sources["auth.principals"] ?? "auth.principals"): \(error)")
        }
    }

    /// The token a service sends with its own calls: `auth.token`, else the contents of
    /// `auth.tokenFile` (a mounted secret, trailing newline ignored), else none.
    public static func token(reading settings: SettingsReader) throws -> String {
        let token = try settings.string("auth.token", default: "", environmentVariable: "SLUICE_TOKEN")
        let file = try settings.string("auth.tokenFile", default: "", environmentVariable: "SLUICE_TOKEN_FILE")
        if !token.isEmpty { return token }
        guard !file.isEmpty else { return "" }
        let source = settings.sources["auth.tokenFile"] ?? "auth.tokenFile"
        do {
            return try TokenFile.read(file)
        } catch {
            throw SettingsError("\(source): \(error)")
        }
    }
}
