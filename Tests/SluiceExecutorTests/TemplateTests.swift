@testable import SluiceExecutor
import SluiceWire
import Testing

/// Filling `{{inputs.NAME}}` templates, without running anything.
@Suite struct TemplateTests {
    @Test func templatesAllowSpacesInsideTheBracesAndLeaveOtherTextAlone() throws {
        let text = try ShellTemplate.render("a {{inputs.x}} b {{  inputs.y\t}} c", inputs: ["x": .int(1), "y": .string("two")], quoting: .plain)
        #expect(text == "a 1 b two c")
    }

    @Test func aScriptGetsEachValueAsOneSingleQuotedWord() throws {
        let text = try ShellTemplate.render("echo {{inputs.x}}", inputs: ["x": .string("it's $HOME")], quoting: .shell)
        #expect(text == #"echo 'it'\''s $HOME'"#)
    }

    @Test func aTemplateOfAnotherFormIsRefused() {
        #expect(throws: TaskFailure.self) {
            try ShellTemplate.render("{{ outputs.x }}", inputs: ["x": .int(1)], quoting: .plain)
        }
    }

    @Test func theStderrTailKeepsTheLastLinesWithinItsSize() {
        var tail = OutputTail(capacity: 1 << 16)
        let text = (1...100).map { "line \($0)" }.joined(separator: "\n") + "\n"
        Array(text.utf8).withUnsafeBytes { tail.append($0) }
        #expect(tail.lastLines(3) == "line 98\nline 99\nline 100")
        #expect(tail.lastLines(100, maxBytes: 8) == "line 100")
    }

    @Test func aTailOfASmallCapacityKeepsTheEnd() {
        var tail = OutputTail(capacity: 4)
        for chunk in ["abc", "defg", "hi"] { Array(chunk.utf8).withUnsafeBytes { tail.append($0) } }
        #expect(tail.text == "fghi")
        #expect(tail.isTruncated)
        #expect(tail.totalBytes == 9)
    }
}
