import Foundation

/// Runs blocking file work (reading a task's outputs, removing its directory) on a thread of
/// its own, so that a large file or tree never holds one of the cooperative pool's few threads.
func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread {
            continuation.resume(with: Result { try work() })
        }
    }
}
