import ArgumentParser
import Foundation
import SluiceKit

/// `sluice register FILE...`: reads workflow files and registers what they define.
struct RegisterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "register",
        abstract: "Register the tasks and workflows of YAML workflow files.",
        discussion: """
            Every file is read and checked first; nothing is registered if one has a mistake. Then \
            the tasks are registered, then the workflows, each sub-workflow before the workflows \
            that use it. Registering unchanged content again changes nothing.
            """)

    @Argument(help: "Workflow files (docs/workflow-yaml.md).")
    var files: [String]

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var format: OutputOptions

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one workflow file") }
    }

    func run() async throws {
        try await reportingFailures {
            let combined = try WorkflowFile.load(contentsOf: files.map { URL(fileURLWithPath: $0) })
            try await connection.withClient { client in
                var results: [JSONValue] = []
                for task in combined.tasks {
                    let registration = try await client.register(task: task)
                    report("task", registration, into: &results)
                }
                for workflow in combined.workflows {
                    let registration = try await client.register(workflow: workflow)
                    report("workflow", registration, into: &results)
                }
                if format.json { printJSON(.array(results)) }
            }
        }
    }

    private func report(_ kind: String, _ registration: Registration, into results: inout [JSONValue]) {
        if format.json {
            results.append(.object([
                ("kind", .string(kind)), ("name", .string(registration.id.name)), ("version", .string(registration.id.version)),
                ("created", .bool(registration.created)), ("digest", .string(registration.digest)),
            ]))
        } else {
            print("\(registration.created ? "registered" : "unchanged ")  \(kind.padding(toLength: 8, withPad: " ", startingAt: 0))  \(registration.id.versionedName)")
        }
    }
}
