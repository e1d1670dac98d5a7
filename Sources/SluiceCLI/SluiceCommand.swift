import ArgumentParser

/// `sluice`: the command-line tool.
public struct SluiceCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "sluice",
        abstract: "Sluice: typed workflows that pause for people, fan out, and reuse cached results.",
        subcommands: [
            UpCommand.self, DownCommand.self, ComposeCommand.self, HealthCommand.self,
            RegisterCommand.self, WorkflowsCommand.self, TasksCommand.self,
            RunCommand.self, StatusCommand.self, WatchCommand.self, ExecutionsCommand.self, AbortCommand.self,
            SignalCommand.self, ApproveCommand.self, RejectCommand.self, SignalsCommand.self,
            CacheCommand.self, GraphCommand.self, TokenCommand.self,
        ]
    )

    public init() {}
}
