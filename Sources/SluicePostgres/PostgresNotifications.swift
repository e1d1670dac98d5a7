import Logging
import PostgresNIO
import Synchronization
import SluiceLogging

/// The payloads `NOTIFY`ed on one channel of a database, handed to every subscriber: how one
/// process hears of commits another made. From the first subscription on, one pooled
/// connection listens; when it is lost, a new one listens. Subscribers get nil each time
/// listening (re)starts, meaning "something may have changed unheard": what committed before
/// the listening began is theirs to read again.
public final class PostgresNotifications: Sendable {
    private let database: PostgresStore
    private let channel: String
    private let subscribers = Mutex<[UInt64: AsyncStream<String?>.Continuation]>([:])
    private let nextID = Atomic<UInt64>(0)
    private let listening = Mutex<Task<Void, Never>?>(nil)

    public init(database: PostgresStore, channel: String) {
        self.database = database
        self.channel = channel
    }

    deinit { listening.withLock { $0?.cancel() } }

    /// Every payload notified from now on; nil whenever listening (re)starts.
    public func subscribe() -> AsyncStream<String?> {
        let (stream, continuation) = AsyncStream<String?>.makeStream(bufferingPolicy: .bufferingNewest(10_000))
        let id = nextID.add(1, ordering: .relaxed).newValue
        subscribers.withLock { $0[id] = continuation }
        continuation.onTermination = { [weak self] _ in
            _ = self?.subscribers.withLock { $0.removeValue(forKey: id) }
        }
        listening.withLock { task in
            if task == nil { task = listen() }
        }
        return stream
    }

    private func listen() -> Task<Void, Never> {
        Task { [database, channel, weak self] in
            while !Task.isCancelled {
                do {
                    try await database.client.withConnection { connection in
                        try await connection.listen(on: channel) { notifications in
                            self?.broadcast(nil)
                            for try await notification in notifications {
                                try Task.checkCancellation()
                                self?.broadcast(notification.payload)
                            }
                        }
                    }
                } catch where !Task.isCancelled {
                    database.logger.warning(
                        "lost the connection listening for changes; listening again",
                        metadata: [LogKey.error: "\(String(reflecting: error))"])
                } catch {}
                try? await Task.sleep(for: .milliseconds(500))
            }
        }
    }

    private func broadcast(_ payload: String?) {
        for continuation in subscribers.withLock({ Array($0.values) }) { continuation.yield(payload) }
    }
}
