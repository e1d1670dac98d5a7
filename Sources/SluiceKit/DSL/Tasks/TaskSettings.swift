/// How often a task is retried after it fails, and how long it waits in between.
///
///     Retries(3, backoff: .seconds(1), multiplier: 2, maxBackoff: .seconds(30))
public struct Retries: Sendable, Hashable {
    /// Retries after the task's own failure (an error thrown by its body). 0: none.
    public var maxRetries: Int
    /// The wait before the first retry.
    public var backoff: Duration
    /// Each retry waits this many times longer than the one before (at least 1).
    public var multiplier: Double
    /// The longest wait between two attempts; nil for no limit.
    public var maxBackoff: Duration?
    /// Retries after system errors (an executor lost, a missed heartbeat), counted apart;
    /// nil for the scheduler's default.
    public var systemRetries: Int?

    public init(_ maxRetries: Int, backoff: Duration = .zero, multiplier: Double = 1, maxBackoff: Duration? = nil, systemRetries: Int? = nil) {
        self.maxRetries = maxRetries
        self.backoff = backoff
        self.multiplier = multiplier
        self.maxBackoff = maxBackoff
        self.systemRetries = systemRetries
    }

    /// No retry after a failure of the task itself.
    public static let none = Retries(0)

    /// The wire form. Negative counts mean none.
    public var policy: RetryPolicy {
        RetryPolicy(
            maxRetries: UInt32(clamping: max(maxRetries, 0)),
            initialBackoff: backoff > .zero ? backoff : nil,
            backoffMultiplier: multiplier,
            maxBackoff: maxBackoff,
            maxSystemRetries: UInt32(clamping: max(systemRetries ?? 0, 0)))
    }
}

/// Whether and how a task's outputs are cached, keyed by its name, this version, its interface
/// and its inputs.
///
///     Caching(version: "2", ignoring: ["verbose"])
public struct Caching: Sendable, Hashable {
    public var enabled: Bool
    /// Part of the cache key: change it to invalidate earlier entries.
    public var version: String
    /// One producer at a time: concurrent runs with the same key wait for the first.
    public var serialize: Bool
    /// Inputs left out of the cache key.
    public var ignoredInputs: [String]

    public init(version: String, serialize: Bool = false, ignoring ignoredInputs: [String] = []) {
        self.enabled = true
        self.version = version
        self.serialize = serialize
        self.ignoredInputs = ignoredInputs
    }

    /// No caching (also overrides a task's caching for one node).
    public static let disabled: Caching = {
        var caching = Caching(version: "")
        caching.enabled = false
        return caching
    }()

    /// The wire form.
    public var settings: CacheSettings {
        CacheSettings(enabled: enabled, version: version, serialize: serialize, ignoredInputs: ignoredInputs)
    }
}

/// Everything about a task besides its name, version and body.
public struct TaskOptions: Sendable, Hashable {
    public var description: String
    public var retries: Retries?
    /// Per attempt.
    public var timeout: Duration?
    /// An attempt whose executor stays silent this long is lost; nil for the default.
    public var heartbeatTimeout: Duration?
    /// The executor pool that runs it; "" is the default pool.
    public var pool: String
    public var cache: Caching?
    public var labels: [String: String]
    /// The version of the task's code, for the record; it does not invalidate cached outputs.
    public var codeVersion: String

    public init(
        description: String = "", retries: Retries? = nil, timeout: Duration? = nil, heartbeatTimeout: Duration? = nil,
        pool: String = "", cache: Caching? = nil, labels: [String: String] = [:], codeVersion: String = ""
    ) {
        self.description = description
        self.retries = retries
        self.timeout = timeout
        self.heartbeatTimeout = heartbeatTimeout
        self.pool = pool
        self.cache = cache
        self.labels = labels
        self.codeVersion = codeVersion
    }

    /// The spec of a task with these options: what every kind of Swift task registers.
    func spec(id: Identifier, interface: TypedInterface, kind: TaskSpec.Kind) -> TaskSpec {
        TaskSpec(
            id: id, interface: interface, kind: kind, cache: cache?.settings, retries: retries?.policy, timeout: timeout,
            pool: pool, description: description, labels: labels, codeVersion: codeVersion, heartbeatTimeout: heartbeatTimeout)
    }
}

extension Array where Element == any TaskDefinition {
    /// The specs of the tasks, each once: what a subgraph or a body declares it may call.
    var declaredSpecs: [TaskSpec] {
        var declared: [TaskSpec] = []
        for task in self {
            guard let spec = try? task.spec, !declared.contains(spec) else { continue }
            declared.append(spec)
        }
        return declared
    }
}
