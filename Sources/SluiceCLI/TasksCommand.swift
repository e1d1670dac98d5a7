import ArgumentParser
import SluiceKit

/// `sluice tasks`: lists registered tasks.
struct TasksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tasks",
        abstract: "List registered tasks (every version), or the versions of one.")

    @Option(help: "Only versions of this task.")
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
                let tasks = try await client.tasks(named: name, limit: limit)
                RegistryListing.print(
                    tasks, plural: "tasks", format: format, json: ExecutionJSON.task, table: ExecutionText.taskTable)
            }
        }
    }
}
