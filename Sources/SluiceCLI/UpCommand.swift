import ArgumentParser
import Foundation
import SluiceKit

/// `sluice up`: the whole system on this machine, each service its own process.
struct UpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Start admin, catalog, scheduler and an executor on this machine.",
        discussion: """
            The services are the sluice-* executables beside sluice (or in $SLUICE_BIN_DIR). \
            The executor runs shell tasks; Swift tasks run on workers of your own, pointed at the \
            scheduler (--no-executor leaves the stock executor out). \
            Admin keeps its database in DATA/admin.sqlite, the executor works in DATA/work, and \
            each service logs to DATA/logs/<service>.log. The services check a token on every call: \
            the first start makes DATA/auth/principals.yaml and tokens in DATA/credentials (yours, with \
            the admin role, in cli.token), which sluice commands run from the same directory use \
            without being told (else set SLUICE_DATA_DIR or SLUICE_TOKEN). In the foreground, Ctrl-C (or SIGTERM) \
            stops them all, last started first. With --detach, sluice returns once they are up \
            and `sluice down` stops them.
            """)

    @Option(name: .customLong("data-dir"), help: "Where the services keep their state, logs and tokens (default: $SLUICE_DATA_DIR, else .sluice).")
    var dataDirOption: String?

    var dataDir: String { dataDirOption ?? SluiceCredentials.localDataDirectory() }

    @Flag(help: "Return once the services are up, leaving them running; stop them with `sluice down`.")
    var detach = false

    @Option(help: "How many task attempts the executor runs at once.")
    var slots: Int = 4

    @Flag(inversion: .prefixedNo, help: "Start the stock executor, which runs shell tasks (--no-executor when workers of your own run every task).")
    var executor = true

    @Flag(help: "Start the services with authentication off: they take every call, from anyone who can reach them.")
    var noAuth = false

    @Option(help: "Seconds to wait for each service to say it is ready.")
    var startTimeout: Double = 30

    @OptionGroup var addresses: ListenOptions
    @OptionGroup var format: OutputOptions

    func validate() throws {
        guard slots > 0 else { throw ValidationError("--slots must be positive") }
        guard startTimeout > 0 else { throw ValidationError("--start-timeout must be positive") }
    }

    func run() async throws {
        try await reportingFailures {
            let data = URL(fileURLWithPath: dataDir).standardizedFileURL
            try refuseIfAlreadyUp(data)
            let endpoints = addresses.endpoints
            let deployment = LocalDeployment(settings: .init(
                dataDirectory: data, binaries: ServiceBinaries.directory(),
                admin: endpoints.admin, scheduler: endpoints.scheduler, catalog: endpoints.catalog,
                slots: slots, startTimeout: .milliseconds(Int64(startTimeout * 1000)), executor: executor,
                authentication: !noAuth))

            // Watching for Ctrl-C starts before the first service does, so that none is left behind.
            let signals = TerminationSignals()
            let running: [LocalDeployment.Running]
            do {
                running = try await withInterruption(signals) {
                    try await deployment.start { service in
                        if !format.json { print(Self.row(service)) }
                    }
                }
            } catch let failure as LocalDeployment.StartFailure {
                printToStandardError("error: \(failure.description)")
                if !failure.logTail.isEmpty {
                    printToStandardError("last lines of \(deployment.logDirectory.appendingPathComponent("\(failure.service).log").path):\n\(failure.logTail)")
                }
                throw ExitCode.failure
            } catch is CancellationError {
                printToStandardError("interrupted; the services started so far are stopped")
                throw ExitCode(130)
            }
            if format.json { printJSON(Self.json(running)) }

            if !format.json, !noAuth {
                let found = dataDir == SluiceCredentials.localDataDirectory()
                    ? "sluice commands run from here use it" : "set SLUICE_DATA_DIR=\(dataDir) for sluice commands to use it"
                print("Your token (admin role, as \(LocalCredentials.personName())) is in \(deployment.credentials.tokenFile("cli").path); \(found)")
            }
            if detach {
                try PidFile(services: running.map {
                    PidFile.Service(name: $0.name, pid: $0.pid, address: $0.address, log: $0.log.path)
                }).write(dataDirectory: data)
                if !format.json { print("Sluice is up. Stop it with: sluice down --data-dir \(dataDir)") }
                return
            }
            if !format.json { print("Sluice is up. Press Ctrl-C to stop it.") }
            try await runUntilStopped(running, signals: signals)
        }
    }

    /// A detached deployment from the same data directory that still runs.
    private func refuseIfAlreadyUp(_ data: URL) throws {
        guard let recorded = try PidFile.read(dataDirectory: data) else { return }
        let alive = recorded.services.filter { ProcessSpawner.runs($0.pid, executableNamed: "sluice-\($0.name)") }
        guard alive.isEmpty else {
            let running = alive.map { "\($0.name) pid \($0.pid)" }.joined(separator: ", ")
            // A service that died on its own is not restarted alone: down, then up, brings the
            // deployment back whole.
            let dead = recorded.services.map(\.name).filter { name in !alive.contains { $0.name == name } }
            let ended = dead.isEmpty ? "" : "; \(dead.joined(separator: ", ")) \(dead.count == 1 ? "has" : "have") stopped"
            throw CLIError("Sluice already runs from \(dataDir) (\(running)\(ended)); stop it with: sluice down --data-dir \(dataDir)")
        }
        PidFile.remove(dataDirectory: data)
    }

    /// Starting is abandoned (and what started is stopped) when a signal arrives meanwhile.
    private func withInterruption<T: Sendable>(
        _ signals: TerminationSignals, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                if await signals.next() != nil { throw CancellationError() }
                return nil
            }
            defer { group.cancelAll() }
            while let result = try await group.next() {
                if let value = result { return value }
            }
            throw CancellationError()
        }
    }

    /// Until a signal, or until a service ends on its own (which is a failure).
    private func runUntilStopped(_ running: [LocalDeployment.Running], signals: TerminationSignals) async throws {
        enum Reason: Sendable { case signal(Int32), exited(String, Int32) }
        let reason: Reason = await withTaskGroup(of: Reason?.self) { group in
            group.addTask {
                await signals.next().map { .signal($0) }
            }
            let watched = running.map { ($0.name, $0.pid) }
            group.addTask {
                while !Task.isCancelled {
                    for (name, pid) in watched {
                        if let status = ProcessSpawner.exitStatus(ofChild: pid) { return .exited(name, status) }
                    }
                    try? await Task.sleep(for: .milliseconds(250))
                }
                return nil
            }
            defer { group.cancelAll() }
            while let next = await group.next() {
                if let reason = next { return reason }
            }
            return .signal(SIGTERM)
        }
        switch reason {
        case .signal:
            if !format.json { print("\nstopping Sluice") }
            await LocalDeployment.stop(running) { service, graceful in
                if !format.json { print("  \(service.name) \(graceful ? "stopped" : "killed after 10s")") }
            }
        case .exited(let name, let status):
            printToStandardError("error: sluice-\(name) ended on its own with status \(status); stopping the others")
            if let service = running.first(where: { $0.name == name }) {
                printToStandardError("last lines of \(service.log.path):\n\(service.log.tail())")
            }
            await LocalDeployment.stop(running.filter { $0.name != name })
            throw ExitCode.failure
        }
    }

    static func row(_ service: LocalDeployment.Running) -> String {
        "\(service.name.padding(toLength: 10, withPad: " ", startingAt: 0))  \(service.address)  (pid \(service.pid), log \(service.log.path))"
    }

    static func json(_ running: [LocalDeployment.Running]) -> JSONValue {
        .array(running.map { service in
            .object([("service", .string(service.name)), ("address", .string(service.address)),
                     ("pid", .integer(Int64(service.pid))), ("log", .string(service.log.path))])
        })
    }
}
