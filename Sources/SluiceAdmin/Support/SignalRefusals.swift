import SluiceWire

/// Refusals of signal calls that both the service and the store raise, worded once.
enum SignalRefusals {
    /// An ended execution's gates will never run, so a signal for one would wait forever.
    static func ended(_ execution: Execution) -> ServiceError {
        .failedPrecondition(
            "execution \(execution.id) has ended (\(execution.phase.name)); its signals can no longer be set")
    }
}
