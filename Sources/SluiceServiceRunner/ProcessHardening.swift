#if canImport(Glibc)
internal import CMalloc
#endif

/// A service's process holds its token (in its environment or memory); the tasks an executor
/// runs are processes of the same user, which could otherwise read it from /proc/PID/environ
/// or attach a debugger. Undumpable, the process is out of their reach (and leaves no core dump).
enum ProcessHardening {
    static func refuseInspection() {
        #if canImport(Glibc)
        _ = sluice_refuse_inspection()
        #endif
    }
}
