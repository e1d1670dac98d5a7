import ArgumentParser
import SluiceKit

/// `sluice status EXECUTION`: where an execution stands, node by node.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show an execution: its phase, duration and error, a table of its nodes, and its outputs.")

    @Argument(help: "The execution's id.")
    var execution: String

    @Flag(help: "Show every input and output value whole (long ones are shortened otherwise).")
    var full = false

    @Flag(help: "List each element of a map node as a row of its own (a map is one row otherwise).")
    var elements = false

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var format: OutputOptions

    func run() async throws {
        try await reportingFailures {
            try await connection.withClient { client in
                async let execution = client.execution(self.execution)
                // A map's elements only when asked for: the map counts them.
                async let nodes = client.nodes(of: self.execution, leavingOutMapElements: !elements)
                let (found, nodeList) = try await (execution, nodes)
                let shortening = full ? nil : ValueShortening.status(of: found.id, json: format.json)
                if format.json {
                    printJSON(ExecutionJSON.execution(found, nodes: nodeList, shortening: shortening, elements: elements))
                } else {
                    print(ExecutionText.status(found, nodes: nodeList, shortening: shortening, elements: elements))
                }
            }
        }
    }
}
