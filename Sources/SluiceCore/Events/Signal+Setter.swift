import SluiceWire

extension Signal {
    /// Who set it as people read it: the principal, with the name it gave beside it when it
    /// gave one ("ops-bot (as Ana Lima)").
    public var setter: String {
        guard !setBy.isEmpty else { return "" }
        return displayName.isEmpty || displayName == setBy ? setBy : "\(setBy) (as \(displayName))"
    }
}
