import ArgumentParser

/// `sluice compose down`: stops and removes the containers; the data stays unless --volumes.
struct ComposeDownCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "down",
        abstract: "Stop and remove the containers; the volumes (admin's, the catalog's and PostgreSQL's data) stay unless --volumes.")

    @OptionGroup var compose: ComposeOptions

    @Flag(help: "Remove the named volumes too: every execution, signal and cached output is lost.")
    var volumes = false

    func run() async throws {
        try await reportingFailures {
            try await compose.deployment().run(["down", "--remove-orphans"] + (volumes ? ["--volumes"] : []))
        }
    }
}
