import FuzzDriver
import SluiceFuzzBodies

/// The target whose body libFuzzer's callback feeds: set once, before the driver starts, and
/// read only by the callback, which libFuzzer calls on one thread. (A C callback cannot capture.)
nonisolated(unsafe) private var fuzzedTarget = ""

/// Runs libFuzzer's driver with every input going through FuzzBodies' body for `target`; a broken
/// invariant is a crash, so that libFuzzer keeps the input.
public func runFuzzer(_ target: String, _ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    fuzzedTarget = target
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { data, size in
        let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
        do {
            try FuzzBodies.run(fuzzedTarget, bytes)
        } catch {
            fatalError("\(error)")
        }
        return 0
    }
}
