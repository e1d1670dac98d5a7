import ArgumentParser

/// `sluice compose status`: the containers, their state and health.
struct ComposeStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "List the deployment's containers with their state and health.")

    @OptionGroup var compose: ComposeOptions

    func run() async throws {
        try await reportingFailures {
            try await compose.deployment().run(["ps"])
        }
    }
}
