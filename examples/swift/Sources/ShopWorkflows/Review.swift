import SluiceKit

// A person in the loop, after Flyte's human-in-the-loop example: a number is typed in, a
// result is approved before it is used.

public struct Number: Codable, Sendable {
    public var a: Int
    public init(a: Int) { self.a = a }
}

public struct Shifted: Codable, Sendable {
    public var o0: Int
}

public struct ReviewResult: Codable, Sendable {
    public var x: Int
    public var z: Int
}

/// The review's signals, named once with their value types.
public enum ReviewSignals {
    public static let userInput = SignalKey<Int>("user_input_name")
    public static let approval = ApprovalKey("approval_name")
}

/// a + 5.
public let shift = SwiftTask("shift", version: "1") { (input: Number) in
    Shifted(o0: input.a + 5)
}

/// x = a + 5 at once; z = (the number typed in + 5) + 5, once someone approves its first step.
public let review = Workflow("review", version: "1", input: Number.self, output: ReviewResult.self) { wf in
    let x = wf.call(shift) { $0.a = wf.input(\.a) }
    let typed = wf.waitForInput(ReviewSignals.userInput, description: "Which number?", timeout: .hours(1))
    let y = wf.call(shift) { $0.a = typed }
    let approved = wf.approve(y.o0, ReviewSignals.approval, description: "Use this number?", timeout: .hours(2))
    let z = wf.call(shift) { $0.a = approved }
    return wf.outputs {
        $0.x = x.o0
        $0.z = z.o0
    }
}
