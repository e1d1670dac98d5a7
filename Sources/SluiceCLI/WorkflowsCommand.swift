import ArgumentParser
import SluiceKit

/// `sluice workflows`: lists registered workflows.
struct WorkflowsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workflows",
        abstract: "List registered workflows (every version), or the versions of one.")

    @Option(help: "Only versions of this workflow.")
    var name: String = ""

    @Option(help: "At most this many.")
    var limit: Int = 100

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var format: OutputOptions

    func validate() throws {
        try RegistryListing.validate(limit: limit)
    }

    func run() async throws {
        try await reportingFailures {
            try await connection.withClient { client in
                let workflows = try await client.workflows(named: name, limit: limit)
                RegistryListing.print(
                    workflows, plural: "workflows", format: format, json: ExecutionJSON.workflow, table: ExecutionText.workflowTable)
            }
        }
    }
}
