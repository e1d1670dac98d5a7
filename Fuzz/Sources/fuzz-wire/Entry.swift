import FuzzEntry

/// The target's main, under the name SwiftPM links as main (see Package.swift).
@_cdecl("fuzz_wire_main")
func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer("wire", argc, argv)
}
