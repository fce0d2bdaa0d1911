// swift-tools-version:6.0
import PackageDescription

// threshold: toolchain only. No third-party packages, by design (councils security-review this code).
let package = Package(
    name: "threshold",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "ThresholdKit", targets: ["ThresholdKit"]),
        .executable(name: "threshold", targets: ["ThresholdCLI"]),
    ],
    targets: [
        .target(
            name: "ThresholdKit", path: "Sources/ThresholdKit",
            // The workbench's page, style sheet and script, as files (checked by `node --check` in CI), compiled
            // into the binary: the server needs no files at run time.
            resources: [
                .embedInCode("Service/Workbench/workbench.html"),
                .embedInCode("Service/Workbench/workbench.css"),
                .embedInCode("Service/Workbench/workbench.js"),
                // The REPL's help, one topic per command.
                .embedInCode("REPL/repl-help.txt"),
            ]),
        // Linux's epoll (a module map over <sys/epoll.h>: no C code), for the server's event loop.
        .systemLibrary(name: "CEpoll", path: "Sources/CEpoll"),
        .target(name: "ThresholdServer", dependencies: ["ThresholdKit", "CEpoll"], path: "Sources/ThresholdServer"),
        .executableTarget(
            name: "ThresholdCLI", dependencies: ["ThresholdKit", "ThresholdServer"], path: "Sources/ThresholdCLI"),
        .target(name: "ThresholdTestSupport", dependencies: ["ThresholdKit"], path: "Tests/ThresholdTestSupport"),
        .testTarget(
            name: "ThresholdKitTests", dependencies: ["ThresholdKit", "ThresholdTestSupport"],
            path: "Tests/ThresholdKitTests"),
        .testTarget(
            name: "ThresholdCLITests", dependencies: ["ThresholdKit", "ThresholdTestSupport"],
            path: "Tests/ThresholdCLITests"),
    ],
    swiftLanguageModes: [.v6]
)
