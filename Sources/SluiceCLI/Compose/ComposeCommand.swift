import ArgumentParser

/// `sluice compose …`: the services in containers on this Docker host, with compose/compose.yaml.
struct ComposeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compose",
        abstract: "Run Sluice's services in containers with Docker compose (compose/compose.yaml).",
        discussion: """
            The compose files are in a Sluice checkout's compose/ folder (--directory or \
            $SLUICE_COMPOSE_DIR to name another). The services publish their ports on loopback at \
            the addresses the other commands use, so `sluice run`, `sluice approve` and the rest \
            reach them as they reach `sluice up`. The compose program is $SLUICE_COMPOSE when \
            set, else `docker compose`, else docker-compose.
            """,
        subcommands: [ComposeUpCommand.self, ComposeDownCommand.self, ComposeStatusCommand.self])
}

/// Which compose deployment: the same options for up, down and status.
struct ComposeOptions: ParsableArguments {
    @Option(help: "The folder holding compose.yaml (default: $SLUICE_COMPOSE_DIR, else ./compose).")
    var directory: String?

    @Option(help: "The compose project's name.")
    var project: String = "sluice"

    /// With compose.postgres.yaml on top when `postgres`. Down and status name both files, so
    /// that they cover what either kind of `up` started, PostgreSQL's server and volume included.
    func deployment(postgres: Bool = true) throws -> ComposeProject {
        ComposeProject(directory: try ComposeProject.directory(directory), name: project, postgres: postgres)
    }
}
