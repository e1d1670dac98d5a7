#if canImport(Glibc)
internal import CMalloc
#endif

/// Sets glibc's allocator for a long-running service that allocates and frees the same blocks
/// over and over: an execution's node table, a batch of a thousand events, the reply holding
/// them; and that now and then receives a message of many megabytes.
///
/// By default glibc gives each block over a threshold (128 KB at first) a mapping of its own,
/// raises the threshold as such blocks are freed (up to 32 MB), and hands free memory at the top
/// of its heaps back to the kernel. The next execution's blocks then fault every page in again,
/// each one zeroed by the kernel: in the scheduler that was about 90 page faults and 2 to 3 ms of
/// CPU per cached run of 1,000 tasks (`make bench`'s W2 cached). With blocks up to 4 MB served
/// from the heaps, and free memory kept until more than 64 MB of it sits at a heap's top, those
/// blocks are reused instead. Larger blocks (a request near the wire's 16 MiB limit, and its
/// copies) keep a mapping of their own, returned to the kernel when freed: left in the heaps,
/// a hostile burst of them held each service at 250 to 500 MB long after it ended (`make abuse`);
/// mapped, the services return to within a few dozen MB of where they started.
///
/// A process started with `GLIBC_TUNABLES` keeps the settings its operator chose.
public enum AllocatorTuning {
    public struct Settings: Equatable, Sendable {
        /// Blocks at least this large get a mapping of their own.
        public var mmapThreshold: Int32
        /// Free memory at a heap's top beyond this goes back to the kernel.
        public var trimThreshold: Int32
    }

    public static let serviceSettings = Settings(mmapThreshold: 4 << 20, trimThreshold: 64 << 20)

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
