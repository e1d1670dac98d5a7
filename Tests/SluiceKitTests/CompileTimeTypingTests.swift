import Foundation
import Testing

/// Mistakes that must not compile. Each case fills one hole in an otherwise correct program;
/// the same program with the hole filled correctly must compile, so that a broken set-up cannot
/// pass for a refusal.
@Suite struct CompileTimeTypingTests {
    private static let program = """
        import SluiceKit

        struct AddOneInput: Codable, Sendable { var x: Int }
        struct AddOneOutput: Codable, Sendable { var y: Int }
        struct LabelOutput: Codable, Sendable { var label: String }
        struct ChainInput: Codable, Sendable { var n: Int }
        struct ChainOutput: Codable, Sendable { var result: Int }

        let addOne = SwiftTask("add-one", version: "1") { (input: AddOneInput) in AddOneOutput(y: input.x + 1) }
        let label = SwiftTask("label", version: "1") { (input: AddOneInput) in LabelOutput(label: "\\(input.x)") }
        let count = SignalKey<Int>("count")

        let chain = Workflow("chain", version: "1", input: ChainInput.self, output: ChainOutput.self) { wf in
            let n = wf.input(\\.n)
            let named = wf.call(label) { $0.x = n }
            _ = named
            let a = wf.call(addOne) { $0.x = n }
            let b = wf.call(addOne) { $0.x = a.y }
            /*workflow*/
            return wf.outputs { $0.result = b.y }
        }

        func supply(_ client: SluiceClient) async throws {
            var signals = LocalSignals()
            try signals.set(count, to: 3)
            try await client.signal(count, of: "ex-1", to: 4)
            /*client*/
        }
        """

    private func verdict(_ hole: String, _ line: String) async throws -> SwiftCompiler.Verdict {
        try await SwiftCompiler.typecheck(Self.program.replacingOccurrences(of: "/*\(hole)*/", with: line))
    }

    @Test func theProgramWithCorrectLinesCompiles() async throws {
        let correct = Self.program
            .replacingOccurrences(of: "/*workflow*/", with: "_ = wf.call(addOne) { $0.x = b.y }; _ = wf.input(\\.n)")
            .replacingOccurrences(of: "/*client*/", with: "try signals.set(count, to: 5)")
        let verdict = try await SwiftCompiler.typecheck(correct)
        #expect(verdict.compiled, "\(verdict.diagnostics.prefix(2_000))")
    }

    @Test(arguments: [
        ("a wrong output name", "workflow", "_ = a.total", "no dynamic member 'total'"),
        ("a wrong input name", "workflow", "_ = wf.call(addOne) { $0.z = b.y }", "no dynamic member 'z'"),
        ("a future of the wrong type bound to an input", "workflow", "_ = wf.call(addOne) { $0.x = named.label }", "cannot assign value of type 'Future<String>' to type 'Future<Int>'"),
        ("a constant of the wrong type bound to an input", "workflow", "_ = wf.call(addOne) { $0.x = \"seven\" }", "'Int' and 'String'"),
        ("a wrong workflow input name", "workflow", "_ = wf.input(\\.m)", "has no member 'm'"),
        ("a field of a value that has none", "workflow", "_ = a.y.name", "no dynamic member 'name'"),
        ("a signal value of the wrong type", "client", "try signals.set(count, to: \"three\")", "'String'"),
        ("a signal sent with the wrong type", "client", "try await client.signal(count, of: \"ex-1\", to: 2.5)", "'Double'"),
    ])
    func aMistakeIsACompileError(_ what: String, _ hole: String, _ line: String, _ expected: String) async throws {
        let verdict = try await verdict(hole, line)
        #expect(!verdict.compiled, "\(what) compiled")
        #expect(verdict.errors.contains { $0.contains(expected) }, "\(what): \(verdict.errors.joined(separator: "\n").prefix(1_000))")
    }
}
