import ArgumentParser
import Foundation
import SluiceKit
import Subprocess

/// `sluice graph TARGET`: a workflow, or an execution as it ran, as a picture.
struct GraphCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Draw a workflow, or an execution as it ran: DOT, Mermaid, or SVG and PNG through Graphviz's dot.",
        discussion: """
            For an execution, each node shows its phase and cache status (colour and label), \
            dynamic subgraphs and sub-workflows are drawn inside their nodes, and a map is one \
            box counting its elements.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case dot, mermaid, svg, png
    }

    @Argument(help: "An execution's id, or a workflow as NAME or NAME:VERSION (the latest when no version).")
    var target: String

    @Option(help: "dot, mermaid, svg or png (svg and png need Graphviz's dot).")
    var format: Format = .dot

    @Option(name: .shortAndLong, help: "Write the picture to this file instead of standard output.")
    var output: String?

    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        guard !target.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ValidationError("TARGET is empty; give an execution's id or a workflow's name")
        }
    }

    func run() async throws {
        try await reportingFailures {
            let graph = try await connection.withClient { try await Self.graph(of: target, $0) }
            let bytes: [UInt8]
            switch format {
            case .dot: bytes = Array(GraphText.dot(graph).utf8)
            case .mermaid: bytes = Array(GraphText.mermaid(graph).utf8)
            case .svg, .png: bytes = try await Self.render(GraphText.dot(graph), as: format.rawValue)
            }
            if let output {
                try Data(bytes).write(to: URL(fileURLWithPath: output))
            } else {
                FileHandle.standardOutput.write(Data(bytes))
            }
        }
    }

    /// The execution `target` names, as it ran; else the workflow it names.
    static func graph(of target: String, _ client: SluiceClient) async throws -> ExecutionGraph {
        let execution: SluiceWire.Execution
        do {
            execution = try await client.execution(target)
        } catch let error as ServiceError where error.code == .notFound {
            do {
                return ExecutionGraph(workflow: try await client.workflow(try Identifier(parsing: target)))
            } catch let missing as ServiceError where missing.code == .notFound || missing.code == .invalidArgument {
                throw ServiceError(.notFound, "no execution or workflow is named '\(target)'")
            }
        }
        guard let pinned = execution.spec?.workflow else { throw ServiceError(.internal, "execution \(target) names no workflow") }
        async let workflow = client.workflow(pinned)
        async let nodes = client.nodes(of: target, leavingOutMapElements: true)
        return ExecutionGraph(workflow: try await workflow, nodes: try await nodes)
    }

    /// DOT drawn by Graphviz's `dot` as `format` (svg or png).
    static func render(_ dot: String, as format: String) async throws -> [UInt8] {
        let drawn: (ok: Bool, picture: [UInt8], complaint: String)
        do {
            let result = try await Subprocess.run(
                .name("dot"), arguments: ["-T\(format)"], input: .string(dot), output: .bytes(limit: 64 << 20), error: .string(limit: 64 << 10))
            drawn = (result.terminationStatus.isSuccess, result.standardOutput, result.standardError)
        } catch {
            throw ValidationError("drawing \(format) needs Graphviz's dot, which could not be run (\(error)); "
                + "install it (apt-get install graphviz), or use --format dot or mermaid")
        }
        guard drawn.ok else { throw ValidationError("Graphviz's dot failed: \(drawn.complaint)") }
        return drawn.picture
    }
}
