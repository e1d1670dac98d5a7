// swift-tools-version: 6.2
// Sluice's fuzz targets: libFuzzer executables, one per place untrusted bytes or text enter
// (scripts/fuzz.sh builds them with -sanitize=fuzzer,address and runs each; make fuzz). Each
// calls its body in SluiceFuzzBodies, which FuzzCorpusTests also runs over Fuzz/Corpus.
//
// SwiftPM links an executable with main aliased to <module>_main, which -parse-as-library
// (needed for libFuzzer) never emits: so each target defines <module>_main itself and runs
// libFuzzer's driver (FuzzEntry's runFuzzer; LLVMFuzzerRunDriver is declared by FuzzDriver),
// and libFuzzer's own main is never linked.
import PackageDescription

let targets = ["wire", "workflow-yaml", "json", "literal-text", "shell-outputs"]

let package = Package(
    name: "SluiceFuzz",
    // Named, so that the dependency is "Sluice" whatever the checkout's folder is called.
    dependencies: [.package(name: "Sluice", path: "..")],
    targets: [
        .target(name: "FuzzDriver"),
        .target(name: "FuzzEntry", dependencies: ["FuzzDriver", .product(name: "SluiceFuzzBodies", package: "Sluice")]),
    ] + targets.map { name in
        .executableTarget(name: "fuzz-\(name)", dependencies: ["FuzzEntry"], path: "Sources/fuzz-\(name)")
    }
)
