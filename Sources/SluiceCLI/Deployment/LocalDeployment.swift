import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The four services on one machine, each its own process: started in dependency order, each
/// waited for until it says it is ready, stopped in reverse order.
struct LocalDeployment {
    struct Settings {
        var dataDirectory: URL
        var binaries: URL
        var admin: String
        var scheduler: String
        var catalog: String
        var slots: Int
        var startTimeout: Duration
        /// Whether to start the stock executor (shell tasks); off for deployments whose tasks all
        /// run on workers of their own.
        var executor = true
        /// Whether the services check tokens (the default), or take every call.
        var authentication = true
    }

    /// The services to start, in dependency order.
    var services: [String] {
        ["admin", "catalog", "scheduler"] + (settings.executor ? ["executor"] : [])
    }

    /// One started service.
    struct Running {
        var name: String
        var pid: pid_t
        /// Where it listens, as it reported; for the executor, what it polls.
        var address: String
        var log: ServiceLog
    }

    /// A service that did not come up, with its log's last lines.
    struct StartFailure: Error, CustomStringConvertible {
        let service: String
        let reason: String
        let logTail: String
        var description: String { "sluice-\(service) \(reason)" }
    }

    let settings: Settings

    var logDirectory: URL { settings.dataDirectory.appendingPathComponent("logs") }
    var workDirectory: URL { settings.dataDirectory.appendingPathComponent("work") }
    var database: URL { settings.dataDirectory.appendingPathComponent("admin.sqlite") }
    var catalogDatabase: URL { settings.dataDirectory.appendingPathComponent("catalog.sqlite") }
    var credentials: LocalCredentials { LocalCredentials(dataDirectory: settings.dataDirectory) }

    /// Starts every service, or none: when one fails, those already started are stopped.
    /// `onStarted` sees each one as it comes up.
    func start(onStarted: (Running) -> Void) async throws -> [Running] {
        for directory in [settings.dataDirectory, logDirectory, workDirectory] {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        }
        let executables = try services.map { name in
            (name, try ServiceBinaries.executable(name, in: settings.binaries))
        }
        var environment = ProcessInfo.processInfo.environment
        environment["SLUICE_ADMIN"] = settings.admin
        environment["SLUICE_SCHEDULER"] = settings.scheduler
        environment["SLUICE_CATALOG"] = settings.catalog
        // The deployment's own credentials, never ones the caller's shell holds.
        for variable in ["SLUICE_TOKEN", "SLUICE_TOKEN_FILE", "SLUICE_PRINCIPALS", "SLUICE_AUTH_OFF"] {
            environment[variable] = nil
        }
        if settings.authentication {
            try credentials.ensure()
            environment["SLUICE_PRINCIPALS"] = credentials.principalsFile.path
        } else {
            environment["SLUICE_AUTH_OFF"] = "true"
        }

        var running: [Running] = []
        do {
            for (name, executable) in executables {
                var own = environment
                if settings.authentication, name == "scheduler" || name == "executor" {
                    own["SLUICE_TOKEN_FILE"] = credentials.tokenFile(name).path
                }
                let service = try await startOne(name, executable, arguments: arguments(for: name, after: running), environment: own)
                running.append(service)
                // Later services dial the addresses the earlier ones reported (a port 0 becomes a real one).
                if name == "admin" { environment["SLUICE_ADMIN"] = service.address }
                if name == "scheduler" { environment["SLUICE_SCHEDULER"] = service.address }
                if name == "catalog" { environment["SLUICE_CATALOG"] = service.address }
                onStarted(service)
            }
        } catch {
            await Self.stop(running)
            throw error
        }
        return running
    }

    private func arguments(for name: String, after running: [Running]) -> [String] {
        func address(_ service: String, _ fallback: String) -> String {
            running.first { $0.name == service }?.address ?? fallback
        }
        switch name {
        case "admin": return ["--listen", settings.admin, "--database", database.path]
        case "catalog": return ["--listen", settings.catalog, "--database", catalogDatabase.path]
        case "scheduler":
            return ["--listen", settings.scheduler, "--admin", address("admin", settings.admin),
                    "--catalog", address("catalog", settings.catalog)]
        default: return ["--scheduler", address("scheduler", settings.scheduler), "--slots", "\(settings.slots)", "--work-dir", workDirectory.path]
        }
    }

    private func startOne(_ name: String, _ executable: String, arguments: [String], environment: [String: String]) async throws -> Running {
        let logPath = logDirectory.appendingPathComponent("\(name).log").path
        let log = ServiceLog(path: logPath)
        let pid: pid_t
        do {
            pid = try ProcessSpawner.spawn(executable, arguments, environment: environment, log: logPath)
        } catch {
            throw StartFailure(service: name, reason: "could not be started: \(error)", logTail: "")
        }
        let starting = Running(name: name, pid: pid, address: "", log: log)
        let clock = ContinuousClock()
        let deadline = clock.now + settings.startTimeout
        while true {
            if let line = log.readinessLine(of: name) {
                return Running(name: name, pid: pid, address: Self.address(in: line), log: log)
            }
            if let status = ProcessSpawner.exitStatus(ofChild: pid) {
                throw StartFailure(service: name, reason: "exited with status \(status) before it was ready", logTail: log.tail())
            }
            if clock.now >= deadline {
                await Self.stop([starting])
                throw StartFailure(service: name, reason: "did not say it was ready within \(Self.seconds(settings.startTimeout))", logTail: log.tail())
            }
            do {
                try await Task.sleep(for: .milliseconds(50))
            } catch {
                // Interrupted while this one was starting: it is not in the caller's list yet.
                await Self.stop([starting])
                throw error
            }
        }
    }

    static func seconds(_ duration: Duration) -> String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return seconds == seconds.rounded() ? "\(Int(seconds)) s" : "\(seconds) s"
    }

    /// "listening on ADDR" → ADDR; the executor's "ID polling ADDR with N slots" → "polling ADDR".
    static func address(in line: String) -> String {
        if let range = line.range(of: "listening on ") {
            return String(line[range.upperBound...]).split(separator: " ").first.map(String.init) ?? ""
        }
        if let range = line.range(of: "polling ") {
            return "polling " + (String(line[range.upperBound...]).split(separator: " ").first.map(String.init) ?? "")
        }
        return line
    }

    /// SIGTERM to each, last started first, waiting up to `grace` for each to end before SIGKILL.
    /// Works for this process's children (reaping them) and for services started by an earlier
    /// `sluice up --detach`. Returns the names that had to be killed.
    @discardableResult
    static func stop(_ services: [Running], grace: Duration = .seconds(10), report: (Running, Bool) -> Void = { _, _ in }) async -> [String] {
        var killed: [String] = []
        for service in services.reversed() {
            // In a task of its own: stopping must wait out the grace time even when the caller
            // was cancelled (an interrupted start), whose sleeps would return at once.
            let pid = service.pid
            let ended = await Task { await terminate(pid, grace: grace) }.value
            if !ended { killed.append(service.name) }
            report(service, ended)
        }
        return killed
    }

    /// True when it ended on SIGTERM within the grace time.
    private static func terminate(_ pid: pid_t, grace: Duration) async -> Bool {
        func ended() -> Bool {
            ProcessSpawner.exitStatus(ofChild: pid) != nil || !ProcessSpawner.isAlive(pid)
        }
        if ended() { return true }
        ProcessSpawner.send(SIGTERM, to: pid)
        let clock = ContinuousClock()
        let deadline = clock.now + grace
        while clock.now < deadline {
            if ended() { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        ProcessSpawner.send(SIGKILL, to: pid)
        for _ in 0..<100 where !ended() {
            try? await Task.sleep(for: .milliseconds(20))
        }
        return false
    }
}
