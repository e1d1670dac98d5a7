import SluiceKit
import Testing

/// Reading an execution's outputs as Swift values.
@Suite struct ExecutionOutputTests {
    struct Point: Decodable, Equatable {
        var x: Int
        var y: Double
    }

    let execution = Execution(id: "e1", phase: .succeeded, outputs: [
        "total": .int(71),
        "point": .map(["x": .int(1), "y": .float(2.5)]),
        "names": .collection([.string("a"), .string("b")]),
        "broken": .error(LiteralError(message: "the task failed", kind: .user)),
    ])

    @Test func outputsDecodeAsTheTypeAskedFor() throws {
        #expect(try execution.output("total", as: Int.self) == 71)
        #expect(try execution.output("total", as: Double.self) == 71)
        #expect(try execution.output("point", as: Point.self) == Point(x: 1, y: 2.5))
        #expect(try execution.output("names", as: [String].self) == ["a", "b"])
        let total: Int = try execution.output("total")
        #expect(total == 71)
    }

    @Test func aMissingOutputNamesThoseThereAre() {
        #expect(throws: ServiceError.notFound("execution e1 has no output 'count' (it has broken, names, point, total)")) {
            try execution.output("count", as: Int.self)
        }
    }

    @Test func aValueOfAnotherTypeOrAnErrorValueIsRefused() {
        let wrong = #expect(throws: ServiceError.self) { try execution.output("names", as: Int.self) }
        #expect(wrong?.code == .invalidArgument)
        #expect(wrong?.message.hasPrefix("output 'names' of execution e1 is not a Int") == true)
        #expect(throws: ServiceError.invalidArgument("output 'broken' of execution e1 is an error: the task failed")) {
            try execution.output("broken", as: String.self)
        }
    }
}
