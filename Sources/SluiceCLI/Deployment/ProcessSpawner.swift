import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Starts service processes with posix_spawn, so that each child begins with an empty signal
/// mask and default signal dispositions: a child of a process whose threads block or ignore
/// SIGTERM would otherwise inherit that and never shut down gracefully. Each child gets its own
/// process group, so a Ctrl-C in the terminal reaches `sluice` alone, which stops the services in
/// order.
enum ProcessSpawner {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs `executable` with stdin from /dev/null and stdout and stderr appended to `log`.
    static func spawn(
        _ executable: String, _ arguments: [String], environment: [String: String], log: String
    ) throws(Failure) -> pid_t {
        #if os(Linux)
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        #else
        var actions: posix_spawn_file_actions_t?
        var attributes: posix_spawnattr_t?
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }

        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        closeOnExec()

        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard status == 0 else {
            throw Failure(description: "cannot start \(executable): \(String(cString: strerror(status)))")
        }
        return pid
    }

    /// Marks every descriptor above stderr close-on-exec, so that nothing else `sluice` holds open
    /// goes to a service that outlives it: a pipe to whoever reads sluice's output (a test, or a
    /// script's `$(sluice up --detach)`) would otherwise stay open until the services stop, and
    /// the reader would wait for them.
    private static func closeOnExec() {
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for descriptor in open.compactMap(Int32.init) where descriptor > 2 {
            let flags = fcntl(descriptor, F_GETFD)
            if flags >= 0 { _ = fcntl(descriptor, F_SETFD, flags | FD_CLOEXEC) }
        }
    }

    /// For a child of this process: its exit status once it has ended (reaping it); nil while it
    /// runs, and for processes that are not its children.
    static func exitStatus(ofChild pid: pid_t) -> Int32? {
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        // 0: still running; -1: not (or no longer) a child of this process.
        if result <= 0 { return nil }
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which are macros C exposes and Swift does not.
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    /// For any process: whether it still runs (a zombie of another parent counts as ended soon).
    static func isAlive(_ pid: pid_t) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }

    static func send(_ signal: Int32, to pid: pid_t) {
        _ = kill(pid, signal)
    }

    /// Linux: whether the process's command line names `executable` (as the program, or as the
    /// script an interpreter runs), so that `sluice down` never signals a process that merely
    /// reuses a recorded pid. Elsewhere it cannot tell and trusts the record.
    static func runs(_ pid: pid_t, executableNamed name: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else {
            return !FileManager.default.fileExists(atPath: "/proc/self") && isAlive(pid)
        }
        let arguments = data.split(separator: 0).prefix(2).map { String(decoding: $0, as: UTF8.self) }
        return arguments.contains { URL(fileURLWithPath: $0).lastPathComponent == name }
    }
}
