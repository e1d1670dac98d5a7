import SluiceCore
import SluiceWire
import Testing

@Suite struct InterfaceBindingTests {
    let interface = TypedInterface(
        inputs: [
            Variable(name: "n", type: .simple(.int)),
            Variable(name: "label", type: .simple(.string), defaultValue: .string("none given")),
            Variable(name: "tags", type: .collection(.simple(.string))),
        ],
        outputs: [Variable(name: "total", type: .simple(.int))])

    @Test func defaultsFillInWhatIsNotGiven() throws {
        let bound = try interface.bindInputs(["n": .int(1), "tags": .collection([])])
        #expect(bound == ["n": .int(1), "label": .string("none given"), "tags": .collection([])])
    }

    @Test func givenValuesWinOverDefaults() throws {
        let bound = try interface.bindInputs(["n": .int(1), "label": .string("mine"), "tags": .collection([])])
        #expect(bound["label"] == .string("mine"))
    }

    @Test func everyUnknownAndMistypedInputIsReportedAtOnce() {
        let error = #expect(throws: InputBindingError.self) {
            try interface.bindInputs(["n": .string("one"), "tags": .collection([.string("a"), .int(2)]), "colour": .string("red")])
        }
        #expect(error?.problems == [
            InputProblem(input: "colour", message: "unknown input (declared: n, label, tags)"),
            InputProblem(input: "n", message: "expected int, found a string \"one\""),
            InputProblem(input: "tags", message: "[1]: expected string, found an int (2)"),
        ])
    }

    @Test func inputsWithoutDefaultsAreRequired() {
        let error = #expect(throws: InputBindingError.self) { try interface.bindInputs([:]) }
        #expect(error?.problems == [
            InputProblem(input: "n", message: "missing required input"),
            InputProblem(input: "tags", message: "missing required input"),
        ])
    }

    @Test func outputsMustAllBeThereAndNoMore() throws {
        #expect(try interface.checkOutputs(["total": .int(3)]) == ["total": .int(3)])
        #expect(throws: InputBindingError.self) { try interface.checkOutputs([:]) }
        #expect(throws: InputBindingError.self) { try interface.checkOutputs(["total": .int(3), "more": .int(1)]) }
        #expect(throws: InputBindingError.self) { try interface.checkOutputs(["total": .float(3)]) }
    }
}
