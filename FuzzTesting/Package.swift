// swift-tools-version: 6.1
// libFuzzer targets for Rapport, after swift-nio-http2's FuzzTesting/ package.
//
// Build and run with ./run.sh, which builds with `swift build -c debug --sanitize=fuzzer
// --sanitize=address -Xswiftc -sanitize=fuzzer,address` (run.sh says why not the shorter forms):
// libFuzzer brings `main`, each fuzzer only defines `LLVMFuzzerTestOneInput`.
import PackageDescription

let package = Package(
    name: "FuzzTesting",
    dependencies: [
        .package(name: "Rapport", path: ".."),
        // Already dependencies of Rapport; named here for the modules the fuzzers import.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // Whole request lines through the engine's dispatcher, framed as the server frames them.
        .executableTarget(
            name: "FuzzDispatcher",
            dependencies: [
                .product(name: "Rapport", package: "Rapport"),
                .product(name: "RapportServer", package: "Rapport"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // The strict JSON parser alone, with a parse → write → parse round trip.
        .executableTarget(
            name: "FuzzJSONParser",
            dependencies: [.product(name: "Rapport", package: "Rapport")],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)
