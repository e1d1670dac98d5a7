import Foundation
import SluiceWire
import SluiceWorkflowFile

/// The subgraph a shell dynamic task wrote to $SLUICE_SUBGRAPH: YAML as docs/workflow-yaml.md, "Dynamic nodes" says,
/// read with the workflow file reader. Admin compiles it against the registry afterwards; what
/// the file alone shows wrong (a key, a reference, a type) fails the attempt here.
enum ShellSubgraph {
    static func read(from file: URL, interface: TypedInterface, stderrTail: String) async throws(TaskFailure) -> DynamicResult {
        func failure(_ message: String) -> TaskFailure {
            TaskFailure(kind: .user, code: "InvalidSubgraph", message: message, stderrTail: stderrTail)
        }
        let text: String?
        do {
            text = try await ShellOutputs.readIfPresent(file)
        } catch {
            throw failure("cannot read the subgraph file: \(error)")
        }
        guard let text else {
            throw failure("the dynamic task wrote no subgraph: write it as YAML to the file named by $SLUICE_SUBGRAPH")
        }
        do {
            return try WorkflowFile.subgraph(text, source: "the subgraph file", interface: interface)
        } catch {
            throw failure(error.description)
        }
    }
}
