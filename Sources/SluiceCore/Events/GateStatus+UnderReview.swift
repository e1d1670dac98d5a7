import SluiceWire

extension GateStatus {
    /// The value an approve gate has under review, from the inputs recorded with it: an approve
    /// gate takes one input, the value it passes on when approved. Nil for other gates.
    public func underReview(in inputs: [String: Literal]) -> Literal? {
        kind == .approve ? inputs.values.first : nil
    }
}
