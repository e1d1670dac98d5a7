extension AdminService {
    /// Wakes this admin's long polls for what other admins commit to a store they share (see
    /// ``AdminStoreChange``), until cancelled; returns at once for a store only this process
    /// writes. A deployment runs it beside the server.
    public func followStoreChanges() async {
        guard let changes = store.changes() else { return }
        for await change in changes {
            switch change {
            case .feed?:
                feedWakeUps.changed(.feed)
            case .events(let executionID)?:
                eventWakeUps.changed(executionID)
            case .ended(let executionID)?:
                endWakeUps.changed(executionID)
            case nil:
                // Some changes may have gone unheard: every waiting call reads again.
                feedWakeUps.changedEveryKey()
                eventWakeUps.changedEveryKey()
                endWakeUps.changedEveryKey()
            }
        }
    }
}
