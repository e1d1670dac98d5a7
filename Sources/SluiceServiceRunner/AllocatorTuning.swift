#if canImport(Glibc)
internal import CMalloc
#endif

/// Sets glibc's allocator for a long-running service that allocates and frees the same large
/// blocks over and over: an execution's node table, a batch of a thousand events, the reply
/// holding them.
///
/// By default glibc gives each block over a threshold (128 KB at first) a mapping of its own,
/// and hands free memory at the top of its heaps back to the kernel. The next execution's
/// blocks then fault every page in again, each one zeroed by the kernel: in the scheduler that
/// was about 90 page faults and 2 to 3 ms of CPU per cached run of 1,000 tasks (`make bench`'s
/// W2 cached). With blocks up to 32 MB served from the heaps, and free memory kept until more
/// than 64 MB of it sits at a heap's top, those blocks are reused instead. Resident memory stays
/// near the service's high-water mark, as with any allocator that caches; the parked benchmark's
/// 10,000 waiting executions measured the same either way.
///
/// A process started with `GLIBC_TUNABLES` keeps the settings its operator chose.
public enum AllocatorTuning {
    public struct Settings: Equatable, Sendable {
        /// Blocks at least this large get a mapping of their own: 32 MB, the most glibc's own
        /// adjustment of the threshold would reach.
        public var mmapThreshold: Int32
        /// Free memory at a heap's top beyond this goes back to the kernel.
        public var trimThreshold: Int32
    }

    public static let serviceSettings = Settings(mmapThreshold: 32 << 20, trimThreshold: 64 << 20)

    /// The settings to apply in a process with this environment: none when the operator tunes
    /// glibc's allocator through `GLIBC_TUNABLES`.
    public static func settings(environment: [String: String]) -> Settings? {
        environment["GLIBC_TUNABLES"] == nil ? serviceSettings : nil
    }

    /// Applies ``settings(environment:)``; true when they were applied.
    @discardableResult
    public static func apply(environment: [String: String]) -> Bool {
        guard let settings = settings(environment: environment) else { return false }
        #if canImport(Glibc)
        // mallopt returns 1 on success; setting either threshold also stops glibc from moving
        // them itself.
        return mallopt(M_MMAP_THRESHOLD, settings.mmapThreshold) == 1
            && mallopt(M_TRIM_THRESHOLD, settings.trimThreshold) == 1
        #else
        return false
        #endif
    }
}
