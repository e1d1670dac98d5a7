import ArgumentParser
import SluiceKit

/// `sluice cache …`: what each node of an execution got from the cache, and the catalog's entries.
struct CacheCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache",
        abstract: "Inspect cache hits, and list, show and evict cached task outputs.",
        subcommands: [Inspect.self, List.self, Show.self, Evict.self, Stats.self])

    /// An empty KEY (an unset shell variable, say) is refused here, with what to give instead.
    static func checkKey(_ key: String) throws {
        try checkNotEmpty(key, "KEY", "give an entry's key (its digest) or a prefix of it, as `sluice cache ls` shows")
    }

    /// An argument or option given as empty text is refused rather than read as "any": an
    /// empty `--version` (an unset shell variable) must not evict every version of a task.
    static func checkNotEmpty(_ value: String?, _ name: String, _ instead: String) throws {
        guard let value, value.trimmingCharacters(in: .whitespaces).isEmpty else { return }
        throw ValidationError("\(name) is empty; \(instead)")
    }

    struct Inspect: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Each task and dynamic node's cache status and key, and for a hit the execution and node that produced the value.")

        @Argument(help: "The execution's id.") var execution: String
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var format: OutputOptions

        func validate() throws {
            try CacheCommand.checkNotEmpty(execution, "EXECUTION", "give an execution's id, as `sluice executions` shows")
        }

        func run() async throws {
            try await reportingFailures {
                let nodes = try await connection.withClient { try await $0.nodes(of: execution) }
                if format.json {
                    printJSON(.array(nodes.filter(CacheText.runsATask).map { node in
                        .object([("node", .string(node.nodeID)), ("cache", node.cache.map(ExecutionJSON.cache) ?? .null)])
                    }))
                } else {
                    print(CacheText.inspection(nodes))
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "ls", abstract: "Cached entries, newest first.")

        @Option(help: "Only this task's entries.") var task: String?
        @Option(help: "Only entries of this cache version.") var version: String?
        @Option(help: "At most this many, up to 1,000.") var limit: Int = 100
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var format: OutputOptions

        func validate() throws {
            try CacheCommand.checkNotEmpty(task, "--task", "give a task's name, or leave --task out for every task")
            try CacheCommand.checkNotEmpty(version, "--version", "give a cache version, or leave --version out for every version")
            // The catalog reads 0 as its standard page and caps a page at 1,000.
            guard (1...1_000).contains(limit) else { throw ValidationError("--limit must be from 1 to 1,000, not \(limit)") }
        }

        func run() async throws {
            try await reportingFailures {
                let entries = try await connection.withCache {
                    try await $0.entries(task: task ?? "", version: version ?? "", limit: limit)
                }
                if format.json {
                    printJSON(.array(entries.map { CacheText.json($0, withOutputs: false) }))
                } else {
                    print(entries.isEmpty ? "no cached entries" : CacheText.entries(entries))
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One entry with its outputs and provenance.")

        @Argument(help: "The entry's key (its digest), or an unambiguous prefix such as the 12 digits `cache ls` shows.")
        var key: String
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var format: OutputOptions

        func validate() throws { try CacheCommand.checkKey(key) }

        func run() async throws {
            try await reportingFailures {
                let entry = try await connection.withCache { try await $0.entry(key) }
                if format.json { printJSON(CacheText.json(entry, withOutputs: true)) } else { print(CacheText.entry(entry)) }
            }
        }
    }

    struct Evict: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove entries: one key, a task's (of one cache version), or everything an execution produced.")

        @Argument(help: "The entry's key or an unambiguous prefix.") var key: String?
        @Option(help: "Every entry of this task.") var task: String?
        @Option(help: "With --task: only this cache version.") var version: String?
        @Option(help: "Every entry this execution produced.") var execution: String?
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var format: OutputOptions

        func validate() throws {
            let chosen = [key != nil, task != nil, execution != nil].filter { $0 }.count
            guard chosen == 1 else { throw ValidationError("give exactly one of KEY, --task NAME or --execution ID") }
            if version != nil, task == nil { throw ValidationError("--version goes with --task") }
            if let key { try CacheCommand.checkKey(key) }
            try CacheCommand.checkNotEmpty(task, "--task", "give the name of the task whose entries to evict")
            try CacheCommand.checkNotEmpty(version, "--version", "give a cache version, or leave --version out to evict every version of the task")
            try CacheCommand.checkNotEmpty(execution, "--execution", "give an execution's id, as `sluice executions` shows")
        }

        func run() async throws {
            try await reportingFailures {
                let eviction: SluiceCache.Eviction
                if let key { eviction = .entry(digest: key) }
                else if let task { eviction = .task(name: task, version: version ?? "") }
                else { eviction = .execution(id: execution ?? "") }
                let evicted = try await connection.withCache { try await $0.evict(eviction) }
                if format.json { printJSON(.object([("evicted", .integer(Int64(evicted)))])) } else {
                    print("evicted \(evicted) entr\(evicted == 1 ? "y" : "ies")")
                }
            }
        }
    }

    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Entries, hits, misses and puts since the catalog's store was created.")

        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var format: OutputOptions

        func run() async throws {
            try await reportingFailures {
                let stats = try await connection.withCache { try await $0.stats() }
                let fields: [(String, UInt64)] = [
                    ("entries", stats.entries), ("hits", stats.hits), ("misses", stats.misses),
                    ("puts", stats.puts), ("active_reservations", stats.activeReservations),
                ]
                if format.json {
                    printJSON(.object(fields.map { ($0.0, .integer(Int64(clamping: $0.1))) }))
                } else {
                    print(TextTable(rows: fields.map { [$0.0.replacingOccurrences(of: "_", with: " "), "\($0.1)"] }).rendered)
                }
            }
        }
    }
}
