import Foundation
import SluiceWire
import Synchronization

/// Decides who a request comes from and whether it may make its call: the token in its header
/// names a principal of the principals file, whose roles must allow what the call needs.
///
/// The file is read again when it changes (see ``reloadIfChanged()``), so tokens are added,
/// rotated and revoked without a restart. With authentication off, every caller is
/// ``Principal/anonymous``: a choice made explicitly and logged by the service that makes it.
public final class Authenticator: Sendable {
    public enum Mode: Sendable, Equatable {
        case off
        case principalsFile(String)
    }

    public let mode: Mode
    private let state: Mutex<State>

    private struct State {
        var principals: [String: Principal] = [:]
        /// What the file was when last read, to tell whether it changed.
        var version: FileVersion?
    }

    private struct FileVersion: Equatable {
        var modified: Date?
        var size: Int?
        var inode: Int?
    }

    /// Every caller is anonymous and may do everything.
    public static let off = Authenticator(mode: .off, principals: [:], version: nil)

    /// Reads the principals file; a file that cannot be read or is wrong is an error here, before
    /// the service listens.
    public convenience init(principalsFile path: String) throws(PrincipalsFile.Problem) {
        let version = Self.version(of: path)
        let file = try PrincipalsFile.read(path: path)
        self.init(mode: .principalsFile(path), principals: file.byTokenHash, version: version)
    }

    /// Principals given directly, for services run inside a test or another program.
    public convenience init(principals: PrincipalsFile) {
        self.init(mode: .principalsFile(""), principals: principals.byTokenHash, version: nil)
    }

    private init(mode: Mode, principals: [String: Principal], version: FileVersion?) {
        self.mode = mode
        self.state = Mutex(State(principals: principals, version: version))
    }

    public var principalCount: Int { Set(state.withLock { $0.principals.values.map(\.name) }).count }

    /// The caller of `call` on `service`, when its token is known and its roles allow `access`;
    /// UNAUTHENTICATED or PERMISSION_DENIED otherwise, naming what is missing but never a token.
    public func principal(
        for token: String, calling call: String, needing access: CallAccess, on service: String
    ) throws(ServiceError) -> Principal {
        guard mode != .off else { return .anonymous }
        if access == .anyone {
            return state.withLock { $0.principals[Token.hash(token)] } ?? .anonymous
        }
        guard !token.isEmpty else {
            throw ServiceError(
                .unauthenticated,
                "the \(service) service needs a token with every call and \(call) came without one; "
                    + "give one with --token or SLUICE_TOKEN (a protobuf client sets header.token)")
        }
        guard token.utf8.count <= 512, let principal = state.withLock({ $0.principals[Token.hash(token)] }) else {
            throw ServiceError(.unauthenticated, "the \(service) service does not accept the token \(call) came with")
        }
        guard principal.may(access) else {
            let needed = access.roles.map(\.rawValue)
            let wording = needed.count == 1 ? "the \(needed[0]) role" : "one of the roles " + needed.joined(separator: ", ")
            throw ServiceError(
                .permissionDenied, "\(principal.described) may not call \(call) on the \(service) service, which needs \(wording)")
        }
        return principal
    }

    /// Whether `token` names a principal (always, with authentication off): asked of a large
    /// request before it is decoded.
    public func knows(_ token: String) -> Bool {
        guard mode != .off else { return true }
        guard !token.isEmpty, token.utf8.count <= 512 else { return false }
        return state.withLock { $0.principals[Token.hash(token)] } != nil
    }

    /// Reads the principals file again if it changed since it was last read. A file that is now
    /// wrong leaves the principals as they were, and is reported to the caller to log.
    /// Returns how many principals were read, or nil when nothing changed.
    @discardableResult
    public func reloadIfChanged() throws(PrincipalsFile.Problem) -> Int? {
        guard case .principalsFile(let path) = mode, !path.isEmpty else { return nil }
        let version = Self.version(of: path)
        guard version != state.withLock({ $0.version }) else { return nil }
        let file: PrincipalsFile
        do {
            file = try PrincipalsFile.read(path: path)
        } catch {
            // Not read again until it changes once more: one report per change.
            state.withLock { $0.version = version }
            throw error
        }
        state.withLock { $0 = State(principals: file.byTokenHash, version: version) }
        return file.entries.count
    }

    private static func version(of path: String) -> FileVersion? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return nil }
        return FileVersion(
            modified: attributes[.modificationDate] as? Date, size: attributes[.size] as? Int,
            inode: (attributes[.systemFileNumber] as? NSNumber)?.intValue)
    }
}
