import Foundation
import SluiceCore
import SluiceWire

/// What a finished shell task produced: outputs.json, or for a task with one output, its stdout.
enum ShellOutputs {
    /// outputs.json over this size is refused rather than read into memory.
    static let fileLimit = 64 << 20

    /// The task's outputs, read as their declared types and checked against the interface. Any
    /// problem is a USER error "BadOutputs" naming the output.
    static func read(
        from file: URL, stdout: OutputTail, interface: TypedInterface, stderrTail: String
    ) async throws(TaskFailure) -> [String: Literal] {
        func failure(_ message: String) -> TaskFailure {
            TaskFailure(kind: .user, code: "BadOutputs", message: message, stderrTail: stderrTail)
        }
        var types: [String: LiteralType] = [:]
        for output in interface.outputs {
            if let type = output.type { types[output.name] = type }
        }
        let json: String?
        do {
            json = try await readIfPresent(file)
        } catch {
            throw failure("cannot read outputs.json: \(error)")
        }
        let outputs: [String: Literal]
        if let json {
            do {
                outputs = try LiteralJSON.decodeObject(json, types: types)
            } catch {
                throw failure("outputs.json: \(error.description)")
            }
        } else if interface.outputs.count == 1, let only = interface.outputs.first, let type = only.type {
            // Convenience: a task with one output may print it instead of writing outputs.json.
            guard !stdout.isTruncated else {
                throw failure("output \(only.name): stdout is over \(stdout.capacity) bytes; write large outputs to outputs.json")
            }
            let text = stdout.text.trimmingCharacters(in: .whitespacesAndNewlines)
            do {
                outputs = [only.name: try Literal.parse(text, as: type)]
            } catch {
                throw failure("output \(only.name): stdout is not a \(type.typeDescription): \(error.description)")
            }
        } else if interface.outputs.isEmpty {
            outputs = [:]
        } else {
            let names = interface.outputs.map(\.name).joined(separator: ", ")
            throw failure("the task wrote no outputs.json (it declares the outputs \(names))")
        }
        do {
            return try interface.checkOutputs(outputs)
        } catch let error as InputBindingError {
            throw failure(error.problems.map { "output \($0.input): \($0.message)" }.joined(separator: "; "))
        } catch {
            throw failure("\(error)")
        }
    }

    static func readIfPresent(_ file: URL) async throws -> String? {
        try await offPool {
            let files = FileManager.default
            guard files.fileExists(atPath: file.path) else { return nil }
            let size = (try files.attributesOfItem(atPath: file.path)[.size] as? NSNumber)?.intValue ?? 0
            guard size <= fileLimit else {
                throw OutputsFileTooLarge(size: size)
            }
            return String(decoding: try Data(contentsOf: file), as: UTF8.self)
        }
    }
}

private struct OutputsFileTooLarge: Error, CustomStringConvertible {
    let size: Int
    var description: String { "it is \(size) bytes, over the limit of \(ShellOutputs.fileLimit)" }
}
