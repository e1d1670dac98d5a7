import ArgumentParser

/// `sluice`: the command-line tool.
public struct SluiceCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "sluice",
        abstract: "Sluice: typed workflows that pause for people, fan out, and reuse cached results.",
        subcommands: [HealthCommand.self]
    )

    public init() {}
}
