import Foundation
import SluiceRPC
import SluiceSettings

extension WorkerConfiguration {
    /// The settings of `services/executor/executor.yaml` over this configuration: the scheduler's
    /// address (or `SLUICE_SCHEDULER`, the variable the CLI reads too), the pool, slots, where
    /// shell attempts run, and how long polls and stops wait.
    public mutating func read(_ settings: SettingsReader) throws {
        schedulerAddress = try settings.string("scheduler", default: DefaultAddresses.scheduler, environmentVariable: "SLUICE_SCHEDULER")
        pool = try settings.string("pool", default: "")
        // 0, the default, is one slot per processor.
        let slotCount = try settings.int("slots", default: 0, in: 0...10_000)
        slots = slotCount == 0 ? ProcessInfo.processInfo.activeProcessorCount : slotCount
        let directory = try settings.string("workDirectory", default: "")
        workDirectory = directory.isEmpty ? nil : URL(fileURLWithPath: directory, isDirectory: true)
        keepAttemptDirectories = try settings.bool("keepAttemptDirectories", default: false)
        pollWait = try settings.duration("pollWait", default: .seconds(5), in: .milliseconds(100)...(.seconds(60)))
        killGracePeriod = try settings.duration("killGracePeriod", default: .seconds(3), in: .zero...(.seconds(600)))
        token = try AuthSettings.token(reading: settings)
        tls = try TLSSettings.files(reading: settings, serving: false)
    }
}
