import Foundation
import SluiceKit

// Tasks and workflows written with the DSL, as users write them; shared by the DSL and local
// runner tests.

struct AddOneInput: Codable, Sendable { var x: Int }
struct AddOneOutput: Codable, Sendable { var y: Int }
struct SumInput: Codable, Sendable { var values: [Int] }
struct SumOutput: Codable, Sendable { var total: Int }
struct LabelInput: Codable, Sendable { var n: Int }
struct LabelOutput: Codable, Sendable { var label: String }
struct ChainInput: Codable, Sendable { var n: Int }
struct ChainOutput: Codable, Sendable { var result: Int }

enum Fixtures {
    static let addOne = SwiftTask("add-one", version: "1") { (input: AddOneInput) in
        AddOneOutput(y: input.x + 1)
    }

    static let sum = SwiftTask("sum", version: "1") { (input: SumInput) in
        SumOutput(total: input.values.reduce(0, +))
    }

    static let big = SwiftTask("big", version: "1") { (input: LabelInput) in
        LabelOutput(label: "big \(input.n)")
    }

    static let small = SwiftTask("small", version: "1") { (input: LabelInput) in
        LabelOutput(label: "small \(input.n)")
    }

    /// n → a: n+1 → b: n+2.
    static let chain = Workflow("chain", version: "1", input: ChainInput.self, output: ChainOutput.self) { wf in
        let a = wf.call(addOne, id: "a") { $0.x = wf.input(\.n) }
        let b = wf.call(addOne) { $0.x = a.y }
        return wf.outputs { $0.result = b.y }
    }

    /// n+1, n+10 and n+20, each from its own calls, summed: 3n + 31.
    static let fanOut = Workflow("fan-out", version: "1", input: ChainInput.self, output: ChainOutput.self) { wf in
        let n = wf.input(\.n)
        let first = wf.call(addOne) { $0.x = n }
        var parts = [first.y]
        for offset in [10, 20] {
            let shifted = wf.call(addOne) { $0.x = wf.call(sum) { $0.values = wf.collect([n, .constant(offset - 1)]) }.total }
            parts.append(shifted.y)
        }
        let total = wf.call(sum, id: "total") { $0.values = wf.collect(parts) }
        return wf.outputs { $0.result = total.total }
    }

    /// Labels n "big" above 10, else "small".
    static let sized = Workflow("sized", version: "1", input: ChainInput.self, output: LabelOutput.self) { wf in
        let n = wf.input(\.n)
        let size = wf.branch(id: "size", giving: LabelOutput.self) { b in
            b.when(n > 10) { wf.call(big, id: "big") { $0.n = n } }
            b.otherwise { wf.call(small, id: "small") { $0.n = n } }
        }
        return wf.outputs { $0.label = size.label }
    }

    /// The chain as a sub-workflow, plus one: n + 3.
    static let outer = Workflow("outer", version: "1", input: ChainInput.self, output: ChainOutput.self) { wf in
        let inner = wf.call(chain, id: "inner") { $0.n = wf.input(\.n) }
        let last = wf.call(addOne, id: "last") { $0.x = inner.result }
        return wf.outputs { $0.result = last.y }
    }

    /// A workflow around one task: n in, the task's y out.
    static func around(_ task: SwiftTask<AddOneInput, AddOneOutput>, name: String, retries: Retries? = nil, timeout: Duration? = nil) -> Workflow<ChainInput, ChainOutput> {
        Workflow(name, version: "1", input: ChainInput.self, output: ChainOutput.self) { wf in
            let call = wf.call(task, id: "only", retries: retries, timeout: timeout) { $0.x = wf.input(\.n) }
            return wf.outputs { $0.result = call.y }
        }
    }
}

/// Counts calls across concurrent task bodies.
actor Counter {
    private(set) var value = 0

    func next() -> Int {
        value += 1
        return value
    }
}

struct Boom: Error, CustomStringConvertible {
    var description: String { "boom" }
}
