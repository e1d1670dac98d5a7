import Foundation
import SluiceExecutor
import SluiceWire
import Testing

/// Shell tasks run by a worker, as the scheduler sees their results.
@Suite struct ShellTaskTests {
    @Test func commandArgumentsAreFilledFromTheInputsAndOutputsJSONIsRead() async throws {
        let completion = try await withWorker { scheduler, _ in
            scheduler.enqueue(shellAssignment(
                "a1",
                command: [
                    "/bin/sh", "-c", #"printf '{"greeting": "%s|%s", "count": %s}' "$1" "$2" "$2" > "$SLUICE_OUTPUTS""#,
                    "sh", "{{inputs.name}}", "{{ inputs.count }}",
                ],
                inputs: ["name": .string("big world"), "count": .int(3)],
                outputs: ["greeting": string, "count": int]))
            return try await scheduler.completion(of: "a1")
        }
        #expect(completion.error == nil, "\(String(describing: completion.error))")
        // One argument per template, spaces and all: no shell split the command.
        #expect(completion.outputs == ["greeting": .string("big world|3"), "count": .int(3)])
        #expect(completion.startedAt != nil && completion.endedAt != nil)
    }

    @Test func aScriptGetsValuesQuotedSoThatTheyCannotRunCommands() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let hostile = #"it's"; touch injected1; echo "$(touch injected2)" `touch injected3` $HOME '"#
        let completion = try await withWorker { scheduler, _ in
            scheduler.enqueue(shellAssignment(
                "a1", script: "printf '%s' {{inputs.text}}; touch ran",
                inputs: ["text": .string(hostile)], outputs: ["echoed": string], workingDirectory: scratch.path))
            return try await scheduler.completion(of: "a1")
        }
        #expect(completion.outputs == ["echoed": .string(hostile)], "\(String(describing: completion.error))")
        #expect(scratch.exists("ran"), "the script ran in the task's working directory")
        for file in ["injected1", "injected2", "injected3"] {
            #expect(!scratch.exists(file), "the value ran a command that created \(file)")
        }
    }

    @Test func theEnvironmentNamesTheInputsTheOutputsAndTheAttempt() async throws {
        let completion = try await withWorker { scheduler, _ in
            var assignment = shellAssignment(
                "a1",
                script: #"""
                cat "$SLUICE_INPUTS" > /dev/null || exit 9
                printf '{"seen": "%s %s %s %s"}' "$SLUICE_EXECUTION_ID" "$SLUICE_NODE_ID" "$SLUICE_ATTEMPT" "$GREETING" > "$SLUICE_OUTPUTS"
                """#,
                inputs: ["n": .int(1)], outputs: ["seen": string])
            if case .shell(var shell)? = assignment.task?.kind {
                shell.env = ["GREETING": "hi"]
                assignment.task?.kind = .shell(shell)
            }
            scheduler.enqueue(assignment)
            return try await scheduler.completion(of: "a1")
        }
        #expect(completion.outputs == ["seen": .string("exec-1 n-a1 1 hi")], "\(String(describing: completion.error))")
    }

    @Test func aSingleOutputCanBePrintedInsteadOfWritten() async throws {
        let completion = try await withWorker { scheduler, _ in
            scheduler.enqueue(shellAssignment("a1", command: ["echo", "  42  "], outputs: ["answer": int]))
            return try await scheduler.completion(of: "a1")
        }
        #expect(completion.outputs == ["answer": .int(42)], "\(String(describing: completion.error))")
    }

    @Test func aNonZeroExitFailsWithTheLastLinesOfStderr() async throws {
        let completion = try await withWorker { scheduler, _ in
            scheduler.enqueue(shellAssignment(
                "a1", script: "i=1; while [ $i -le 30 ]; do echo line$i >&2; i=$((i+1)); done; exit 3", outputs: ["x": int]))
            return try await scheduler.completion(of: "a1")
        }
        let error = try #require(completion.error)
        #expect(error.kind == .user)
        #expect(error.code == "NonZeroExit")
        #expect(error.message == "exit status 3")
        #expect(error.nodeID == "n-a1")
        #expect(error.attempt == 1)
        let lines = error.stderrTail.split(separator: "\n")
        #expect(lines.count == 20)
        #expect(lines.first == "line11")
        #expect(lines.last == "line30")
    }

    @Test func mistypedOrMissingOutputsFailNamingTheOutput() async throws {
        let (mistyped, missing, unwritten) = try await withWorker { scheduler, _ in
            scheduler.enqueue(
                shellAssignment("typed", script: #"echo '{"count": "three"}' > "$SLUICE_OUTPUTS""#, outputs: ["count": int]),
                shellAssignment("missing", script: #"echo '{"a": 1}' > "$SLUICE_OUTPUTS""#, outputs: ["a": int, "b": int]),
                shellAssignment("unwritten", script: "echo nothing", outputs: ["a": int, "b": int]))
            return (
                try await scheduler.completion(of: "typed"), try await scheduler.completion(of: "missing"),
                try await scheduler.completion(of: "unwritten"))
        }
        for (completion, named) in [(mistyped, "count"), (missing, "b"), (unwritten, "b")] {
            let error = try #require(completion.error, "\(completion.attemptID) succeeded")
            #expect(error.code == "BadOutputs")
            #expect(error.kind == .user)
            #expect(error.message.contains(named), "\(error.message)")
        }
    }

    @Test func aTemplateNamingNoInputFailsBeforeAnythingRuns() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let completion = try await withWorker { scheduler, _ in
            scheduler.enqueue(shellAssignment(
                "a1", script: "touch ran; echo {{inputs.nope}}", inputs: ["n": .int(1)], workingDirectory: scratch.path))
            return try await scheduler.completion(of: "a1")
        }
        let error = try #require(completion.error)
        #expect(error.code == "BadTemplate")
        #expect(error.kind == .user)
        #expect(error.message.contains("nope"))
        #expect(!scratch.exists("ran"))
    }

    @Test("a list too large for one argument fails naming the input and pointing to $SLUICE_INPUTS, which holds it whole")
    func aTooLongArgumentPointsToTheInputsFile() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let rows = Literal.collection((0..<40_000).map { .int(Int64($0)) })
        let completion = try await withWorker { scheduler, _ in
            scheduler.enqueue(shellAssignment(
                "a1", script: "touch ran; echo {{inputs.rows}} | wc -c", inputs: ["rows": rows, "n": .int(1)],
                outputs: ["count": int], workingDirectory: scratch.path))
            // The same list, read from the file.
            scheduler.enqueue(shellAssignment(
                "a2", script: #"python3 -c 'import json, os; print(len(json.load(open(os.environ["SLUICE_INPUTS"]))["rows"]))'"#,
                inputs: ["rows": rows], outputs: ["count": int]))
            return (try await scheduler.completion(of: "a1"), try await scheduler.completion(of: "a2"))
        }
        let error = try #require(completion.0.error)
        #expect(error.code == "ArgumentTooLong")
        #expect(error.kind == .user)
        #expect(error.message.contains("{{inputs.rows}}"), "\(error.message)")
        #expect(error.message.contains("$SLUICE_INPUTS"))
        #expect(!scratch.exists("ran"))
        #expect(completion.1.outputs == ["count": .int(40_000)], "\(String(describing: completion.1.error))")
    }

    @Test func aTimeoutKillsTheTaskAndWhatItStarted() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let completion = try await withWorker { scheduler, _ in
            scheduler.enqueue(shellAssignment(
                "a1", script: "echo $$ > shell.pid; echo still working >&2; sleep 60 & echo $! > sleep.pid; wait",
                workingDirectory: scratch.path, timeout: .milliseconds(500)))
            return try await scheduler.completion(of: "a1")
        }
        let error = try #require(completion.error)
        #expect(error.code == "Timeout")
        #expect(error.kind == .timeout, "the kind, not the code, tells the scheduler it timed out")
        #expect(error.stderrTail == "still working", "what it wrote before it was stopped explains the timeout")
        let shell = try #require(scratch.pid(in: "shell.pid"))
        let sleeper = try #require(scratch.pid(in: "sleep.pid"))
        #expect(try await waitUntilEnded(shell), "the task's shell still runs")
        #expect(try await waitUntilEnded(sleeper), "the process the task started still runs")
    }

    @Test func aWorkerThatRunsNoShellTasksRefusesThemAsASystemError() async throws {
        let completion = try await withWorker(configure: { $0.runsShellTasks = false }) { scheduler, _ in
            #expect(try await scheduler.wait(for: "a poll") { $0.polls.first }.executor?.runsShell == false)
            scheduler.enqueue(shellAssignment("a1", command: ["true"]))
            return try await scheduler.completion(of: "a1")
        }
        let error = try #require(completion.error)
        #expect(error.kind == .system)
        #expect(error.code == "Unsupported")
    }
}
