import SluiceWire

/// Where a workflow body's node is between decisions (see ``BodyNodeHandler``): what is
/// recorded (``BodyProgress``), and what the engine keeps to answer quickly.
struct BodyState: Sendable {
    var progress = BodyProgress()
    /// Its calls that have not ended.
    var unended = 0
    /// The calls a decision has read, whose values each later decision gets.
    var read: Set<String> = []
    /// Calls not read that ended since the last decision was sent: the next one gets their
    /// values too, so that a body reading several values in a row need not take a decision
    /// for each. Not recorded; after a restart the body asks again for what it reads.
    var fresh: [String] = []
}
