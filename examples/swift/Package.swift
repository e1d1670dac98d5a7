// swift-tools-version: 6.0
// A user's own package on Sluice: workflows in a library, a worker that serves their Swift
// tasks, a client that runs them, and unit tests that run them in-process. The dependency
// points at this repository's checkout (a directory named "sluice"); from elsewhere use
// .package(url: "<your clone of Sluice>", branch: "main").
import PackageDescription

let package = Package(
    name: "shop",
    platforms: [.macOS(.v15)],
    dependencies: [.package(path: "../..")],
    targets: [
        .target(name: "ShopWorkflows", dependencies: [.product(name: "SluiceKit", package: "sluice")]),
        .executableTarget(name: "shop-worker", dependencies: ["ShopWorkflows", .product(name: "SluiceKit", package: "sluice")]),
        .executableTarget(name: "shop-client", dependencies: ["ShopWorkflows", .product(name: "SluiceKit", package: "sluice")]),
        .executableTarget(name: "video-demo", dependencies: ["ShopWorkflows", .product(name: "SluiceKit", package: "sluice")]),
        .testTarget(name: "ShopTests", dependencies: ["ShopWorkflows", .product(name: "SluiceKit", package: "sluice")]),
    ])
