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
        let a = wf.call(addOne, id: "a", ["x": wf.input("n", as: Int.self)])
        let b = wf.call(addOne, ["x": a["y", as: Int.self]])
        return ["result": b["y", as: Int.self]]
    }

    /// n+1, n+10 and n+20, each from its own calls, summed: 3n + 31.
    static let fanOut = Workflow("fan-out", version: "1", input: ChainInput.self, output: ChainOutput.self) { wf in
        let n = wf.input("n", as: Int.self)
        let first = wf.call(addOne, ["x": n])
        var parts = [first["y", as: Int.self]]
        for offset in [10, 20] {
            let shifted = wf.call(addOne, ["x": wf.call(sum, ["values": [n, wf.literal(offset - 1)]])["total", as: Int.self]])
            parts.append(shifted["y", as: Int.self])
        }
        let total = wf.call(sum, id: "total", ["values": wf.collect(parts)])
        return ["result": total["total", as: Int.self]]
    }

    /// Labels n "big" above 10, else "small".
    static let sized = Workflow("sized", version: "1", input: ChainInput.self, output: LabelOutput.self) { wf in
        let n = wf.input("n", as: Int.self)
        let size = wf.branch(id: "size") { b in
            b.when(n > 10) { wf.call(big, id: "big", ["n": n]) }
            b.otherwise { wf.call(small, id: "small", ["n": n]) }
        }
        return ["label": size["label", as: String.self]]
    }

    /// The chain as a sub-workflow, plus one: n + 3.
    static let outer = Workflow("outer", version: "1", input: ChainInput.self, output: ChainOutput.self) { wf in
        let inner = wf.call(chain, id: "inner", ["n": wf.input("n", as: Int.self)])
        let last = wf.call(addOne, id: "last", ["x": inner["result", as: Int.self]])
        return ["result": last["y", as: Int.self]]
    }

    /// A workflow around one task: n in, the task's y out.
    static func around(_ task: SwiftTask<AddOneInput, AddOneOutput>, name: String, retries: Retries? = nil, timeout: Duration? = nil) -> Workflow<ChainInput, ChainOutput> {
        Workflow(name, version: "1", input: ChainInput.self, output: ChainOutput.self) { wf in
            let call = wf.call(task, id: "only", ["x": wf.input("n", as: Int.self)], retries: retries, timeout: timeout)
            return ["result": call["y", as: Int.self]]
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
