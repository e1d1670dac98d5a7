import Logging
import ServiceLifecycle
import SluiceAuth
import SluiceLogging

/// Reads the principals file again whenever it changes, so that tokens are added, rotated and
/// revoked without a restart: edits take effect within `interval`. A file made wrong by an edit
/// is logged and the principals read before stay.
struct PrincipalsFileWatcher: Service {
    let authenticator: Authenticator
    var interval: Duration = .seconds(2)
    let logger: Logger

    /// Runs until the service shuts down.
    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await Task.sleep(for: interval)
                } catch {
                    return
                }
                reload()
            }
        }
    }

    private func reload() {
        do {
            if let count = try authenticator.reloadIfChanged() {
                logger.notice("principals file read again", metadata: [LogKey.count: "\(count)"])
            }
        } catch {
            logger.error("principals file not read again; the principals read before stay", metadata: [LogKey.error: "\(error)"])
        }
    }
}
