/// Polls `probe` until it gives a value, for at most `limit`.
func eventually<T>(within limit: Duration, _ probe: () async throws -> T?) async throws -> T? {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
        if let value = try await probe() { return value }
        try await Task.sleep(for: .milliseconds(200))
    }
    return nil
}
