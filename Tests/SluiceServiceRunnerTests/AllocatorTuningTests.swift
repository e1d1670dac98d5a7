import SluiceServiceRunner
import Testing

@Suite("Allocator tuning of a service process")
struct AllocatorTuningTests {
    @Test("a service keeps large freed blocks for reuse unless its operator tunes glibc")
    func settingsFollowTheEnvironment() {
        #expect(AllocatorTuning.settings(environment: [:]) == AllocatorTuning.serviceSettings)
        #expect(AllocatorTuning.settings(environment: ["SLUICE_ADMIN": "tcp://127.0.0.1:7401"]) == AllocatorTuning.serviceSettings)
        #expect(AllocatorTuning.settings(environment: ["GLIBC_TUNABLES": "glibc.malloc.trim_threshold=1048576"]) == nil)
        #expect(!AllocatorTuning.apply(environment: ["GLIBC_TUNABLES": "glibc.malloc.trim_threshold=1048576"]))
    }
}
