// swift-tools-version: 6.2
// Sluice: a workflow orchestrator. The targets follow the architecture:
//   C interop      CNNG (nng), SluiceWireC (protoc-c output, committed), CMalloc (glibc's mallopt)
//   wire           SluiceWire: Swift value types for every message, bridged to protobuf-c
//   transport      SluiceTransport: async request/reply over nng
//   rpc            SluiceRPC: typed service hosting and calling over the transport
//   core domain    SluiceCore: type checks, the workflow compiler, JSON and text forms of values; no I/O
//                  SluiceEngine: the execution state machine, shared by the scheduler and in-process runs
//   services       SluiceAdmin, SluiceScheduler, SluiceCatalog: one library per service
//                  SluiceExecutor: the worker that pulls attempts and runs shell and Swift tasks
//   client         SluiceKit: what users import; SluiceCLI: the `sluice` command over it
//   executables    sluice-admin, sluice-scheduler, sluice-executor, sluice-catalog, sluice
import PackageDescription

let package = Package(
    name: "Sluice",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "SluiceWire", targets: ["SluiceWire"]),
        .library(name: "SluiceTransport", targets: ["SluiceTransport"]),
        .library(name: "SluiceRPC", targets: ["SluiceRPC"]),
        .library(name: "SluiceCore", targets: ["SluiceCore"]),
        .library(name: "SluiceEngine", targets: ["SluiceEngine"]),
        .library(name: "SluiceExecutor", targets: ["SluiceExecutor"]),
        .library(name: "SluiceKit", targets: ["SluiceKit"]),
        .library(name: "SluiceWorkflowFile", targets: ["SluiceWorkflowFile"]),
        // What the fuzz targets in Fuzz/ run (make fuzz).
        .library(name: "SluiceFuzzBodies", targets: ["SluiceFuzzBodies"]),
        .executable(name: "sluice", targets: ["sluice"]),
        .executable(name: "sluice-admin", targets: ["sluice-admin"]),
        .executable(name: "sluice-scheduler", targets: ["sluice-scheduler"]),
        .executable(name: "sluice-executor", targets: ["sluice-executor"]),
        .executable(name: "sluice-catalog", targets: ["sluice-catalog"]),
        .executable(name: "sluice-wire-bench", targets: ["sluice-wire-bench"]),
        .executable(name: "sluice-bench", targets: ["sluice-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.1.0"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0", traits: ["YAML"]),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.0.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.0.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess.git", from: "1.0.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.0"),
    ],
    targets: [
        // C interop
        .systemLibrary(name: "CNNG", path: "Sources/CNNG"),
        .systemLibrary(name: "CMalloc", path: "Sources/CMalloc"),
        .target(
            name: "SluiceWireC",
            path: "Sources/SluiceWireC",
            linkerSettings: [.linkedLibrary("protobuf-c")]
        ),

        // The metadata keys every service logs with.
        .target(name: "SluiceLogging"),
        // Metrics for Prometheus, served over HTTP.
        .target(
            name: "SluiceMetrics",
            dependencies: [
                "SluiceLogging",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),

        // Wire and transport
        .target(name: "SluiceWire", dependencies: ["SluiceWireC"]),
        .target(
            name: "SluiceTransport",
            dependencies: [
                "SluiceLogging", "CNNG", .product(name: "Logging", package: "swift-log"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "OrderedCollections", package: "swift-collections"),
            ]
        ),
        // Who a call comes from and what it may do: tokens, principals, roles.
        .target(
            name: "SluiceAuth",
            dependencies: ["SluiceCore", "SluiceWire", .product(name: "Crypto", package: "swift-crypto"), .product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "SluiceRPC",
            dependencies: [
                "SluiceAuth", "SluiceLogging", "SluiceWire", "SluiceTransport",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),

        // Core domain and client library
        .target(name: "SluiceCore", dependencies: ["SluiceWire", .product(name: "Crypto", package: "swift-crypto")]),
        .target(
            name: "SluiceEngine",
            dependencies: ["SluiceCore", .product(name: "DequeModule", package: "swift-collections")]
        ),
        .target(
            name: "SluiceWorkflowFile",
            dependencies: ["SluiceCore", "SluiceWire", .product(name: "Yams", package: "Yams")]
        ),
        .target(name: "SluiceFuzzBodies", dependencies: ["SluiceCore", "SluiceWire", "SluiceWorkflowFile"]),
        .target(
            name: "SluiceKit",
            dependencies: [
                "SluiceCore", "SluiceEngine", "SluiceExecutor", "SluiceRPC", "SluiceWire", "SluiceWorkflowFile",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),

        // Services
        // How every service reads its settings: defaults, a file, SLUICE_* variables, flags.
        .target(
            name: "SluiceSettings",
            dependencies: [
                "SluiceAuth", "SluiceCore", "SluiceTransport",
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // How admin and the catalog open their SQLite files, or their PostgreSQL databases.
        .target(name: "SluiceSQLite", dependencies: [.product(name: "GRDB", package: "GRDB.swift")]),
        .target(
            name: "SluicePostgres",
            dependencies: [
                "SluiceLogging", .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .target(
            name: "SluiceAdmin",
            dependencies: [
                "SluiceLogging", "SluiceCore", "SluicePostgres", "SluiceRPC", "SluiceSQLite", "SluiceSettings",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "SluiceScheduler",
            dependencies: [
                "SluiceLogging", "SluiceCore", "SluiceEngine", "SluiceRPC", "SluiceSettings",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "SluiceExecutor",
            dependencies: [
                "SluiceLogging", "SluiceCore", "SluiceRPC", "SluiceSettings", "SluiceWorkflowFile",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Subprocess", package: "swift-subprocess"),
            ]
        ),
        .target(
            name: "SluiceCatalog",
            dependencies: [
                "SluiceLogging", "SluiceRPC", "SluiceCore", "SluicePostgres", "SluiceSQLite", "SluiceSettings",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .target(
            name: "SluiceServiceRunner",
            dependencies: [
                "SluiceAuth", "SluiceLogging", "SluiceMetrics", "SluiceRPC", "SluiceSettings", "SluiceTransport", "CMalloc",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "SluiceCLI",
            dependencies: [
                "SluiceKit", "SluiceRPC", "SluiceExecutor",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Subprocess", package: "swift-subprocess"),
            ]
        ),

        // Executables: a few lines over their libraries
        .executableTarget(name: "sluice", dependencies: ["SluiceCLI"]),
        .executableTarget(name: "sluice-admin", dependencies: ["SluiceLogging", "SluiceAdmin", "SluiceServiceRunner"]),
        .executableTarget(name: "sluice-scheduler", dependencies: ["SluiceCore", "SluiceScheduler", "SluiceServiceRunner"]),
        .executableTarget(name: "sluice-executor", dependencies: ["SluiceExecutor", "SluiceServiceRunner"]),
        .executableTarget(name: "sluice-catalog", dependencies: ["SluiceLogging", "SluiceCatalog", "SluiceServiceRunner"]),

        // Benchmarks (make bench)
        .target(name: "BenchSupport", dependencies: ["SluiceAuth"], path: "Benchmarks/BenchSupport"),
        .executableTarget(
            name: "sluice-wire-bench",
            dependencies: ["SluiceRPC", "BenchSupport"],
            path: "Benchmarks/WireBench"
        ),

        .executableTarget(
            name: "sluice-bench",
            dependencies: [
                "SluiceExecutor", "SluiceRPC", "SluiceServiceRunner", "SluiceCore", "SluiceEngine", "SluiceAdmin", "SluiceKit", "BenchSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/ExecutionBench"
        ),

        // Tests
        .target(
            name: "SluiceTestSupport",
            dependencies: ["SluiceAuth", .product(name: "Subprocess", package: "swift-subprocess")],
            path: "Tests/SluiceTestSupport"
        ),
        .testTarget(
            name: "SluiceWireTests",
            dependencies: ["SluiceWire", "SluiceTestSupport", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(name: "SluiceCoreTests", dependencies: ["SluiceCore"]),
        .testTarget(name: "FuzzCorpusTests", dependencies: ["SluiceFuzzBodies"]),
        .testTarget(name: "SluiceEngineTests", dependencies: ["SluiceEngine", "SluiceCore"]),
        .testTarget(name: "SluiceAdminTests", dependencies: ["SluiceAdmin", "SluiceCore", "SluiceTestSupport"]),
        .testTarget(name: "SluiceSchedulerTests", dependencies: ["SluiceScheduler", "SluiceEngine", "SluiceRPC"]),
        .testTarget(name: "SluiceCatalogTests", dependencies: ["SluiceCatalog", "SluiceCore", "SluiceSettings", "SluiceTestSupport"]),
        .testTarget(name: "SluiceExecutorTests", dependencies: ["SluiceExecutor", "SluiceTestSupport"]),
        .testTarget(name: "SluiceKitTests", dependencies: ["SluiceKit", "SluiceTestSupport"]),
        .testTarget(name: "SluiceTransportTests", dependencies: ["SluiceTransport", "SluiceTestSupport"]),
        .testTarget(name: "SluiceAuthTests", dependencies: ["SluiceAuth"]),
        .testTarget(name: "SluiceRPCTests", dependencies: ["SluiceRPC", "SluiceTestSupport"]),
        .testTarget(name: "SluiceServiceRunnerTests", dependencies: ["SluiceServiceRunner"]),
        .testTarget(
            name: "SluiceSettingsTests",
            dependencies: ["SluiceSettings", "SluiceServiceRunner", "SluiceAdmin", "SluiceCatalog", "SluiceScheduler", "SluiceExecutor"]
        ),
        .testTarget(name: "IntegrationTests", dependencies: ["SluiceKit", "SluiceLogging", "SluiceRPC", "SluiceTestSupport", "ShopWorkflows"]),

        // The example package's workflows and tests (examples/swift), built and run here too, so
        // that `make test` shows the shipped example works, not only that it compiles.
        .target(name: "ShopWorkflows", dependencies: ["SluiceKit"], path: "examples/swift/Sources/ShopWorkflows"),
        .testTarget(name: "ShopTests", dependencies: ["ShopWorkflows", "SluiceKit"], path: "examples/swift/Tests/ShopTests"),
        // The video body, which `make demo` runs against its deployment.
        .executableTarget(name: "video-demo", dependencies: ["ShopWorkflows", "SluiceKit"], path: "examples/swift/Sources/video-demo"),
    ],
    swiftLanguageModes: [.v6]
)
