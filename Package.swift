// swift-tools-version: 6.1
import PackageDescription

/// Strictness shared by every target: Swift 6 mode plus the upcoming features the models we follow enable.
let strictSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

// Linux only: the transports and the store call Glibc directly, so no Apple platform is
// declared.
let package = Package(
    name: "Rapport",
    products: [
        .library(name: "Rapport", targets: ["Rapport"]),
        .library(name: "RapportServer", targets: ["RapportServer"]),
        .executable(name: "rapport", targets: ["rapport"]),
        .plugin(name: "ProtocolDocs", targets: ["ProtocolDocs"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        .target(name: "RapportCore", swiftSettings: strictSettings),
        // The strict JSON stack: parser, writer, value decoder and encoder, schema generator.
        .target(name: "RapportJSON", dependencies: ["RapportCore"], swiftSettings: strictSettings),
        .target(
            name: "RapportRPC",
            dependencies: ["RapportCore", "RapportJSON"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "CSQLiteTuning",
            dependencies: [.product(name: "GRDBSQLite", package: "GRDB.swift")]
        ),
        .target(
            name: "RapportStorage",
            dependencies: [
                "CSQLiteTuning",
                "RapportCore",
                "RapportJSON",
                "RapportRPC",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "RapportCustomers",
            dependencies: [
                "RapportCore",
                "RapportJSON",
                "RapportRPC",
                "RapportStorage",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "RapportLoyalty",
            dependencies: [
                "RapportCore",
                "RapportJSON",
                "RapportRPC",
                "RapportStorage",
                "RapportCustomers",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "RapportFeedback",
            dependencies: [
                "RapportCore",
                "RapportJSON",
                "RapportRPC",
                "RapportStorage",
                "RapportCustomers",
                "RapportLoyalty",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "RapportMetrics",
            dependencies: [
                "RapportCore",
                "RapportJSON",
                "RapportRPC",
                "RapportStorage",
                "RapportCustomers",
                "RapportLoyalty",
                "RapportFeedback",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Rapport",
            dependencies: [
                "RapportCore",
                "RapportJSON",
                "RapportRPC",
                "RapportStorage",
                "RapportCustomers",
                "RapportLoyalty",
                "RapportFeedback",
                "RapportMetrics",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "RapportServer",
            dependencies: [
                "RapportCore",
                "RapportRPC",
                "RapportStorage",
                "Rapport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "RapportMCP",
            dependencies: ["RapportJSON", "RapportRPC"],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "rapport",
            dependencies: [
                "RapportCore",
                "RapportJSON",
                "RapportRPC",
                "Rapport",
                "RapportServer",
                "RapportMCP",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        .plugin(
            name: "ProtocolDocs",
            capability: .command(
                intent: .custom(
                    verb: "generate-protocol-docs",
                    description: "Rewrites protocol.md from the method registry."
                ),
                permissions: [
                    .writeToPackageDirectory(reason: "protocol.md is generated from the method registry.")
                ]
            ),
            dependencies: ["rapport"]
        ),
        .target(
            name: "TestSupport", dependencies: ["RapportCore", "RapportJSON", "RapportRPC", "RapportStorage"], path: "Tests/TestSupport",
            swiftSettings: strictSettings),
        .testTarget(name: "RapportCoreTests", dependencies: ["RapportCore"], swiftSettings: strictSettings),
        .testTarget(name: "RapportJSONTests", dependencies: ["RapportCore", "RapportJSON"], swiftSettings: strictSettings),
        .testTarget(
            name: "RapportRPCTests", dependencies: ["RapportCore", "RapportJSON", "RapportRPC", "TestSupport"], swiftSettings: strictSettings),
        .testTarget(
            name: "RapportStorageTests",
            dependencies: [
                "RapportCore", "RapportJSON", "RapportRPC", "RapportStorage", "TestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RapportCustomersTests",
            dependencies: [
                "RapportCore", "RapportJSON", "RapportRPC", "RapportStorage", "RapportCustomers", "TestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RapportLoyaltyTests",
            dependencies: [
                "RapportCore", "RapportJSON", "RapportRPC", "RapportStorage", "RapportCustomers", "RapportLoyalty", "TestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RapportFeedbackTests",
            dependencies: [
                "RapportCore", "RapportJSON", "RapportRPC", "RapportStorage", "RapportCustomers", "RapportLoyalty", "RapportFeedback", "TestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RapportMetricsTests",
            dependencies: [
                "RapportCore", "RapportJSON", "RapportRPC", "RapportStorage", "RapportCustomers", "RapportLoyalty", "RapportFeedback",
                "RapportMetrics",
                "TestSupport", .product(name: "GRDB", package: "GRDB.swift"),
            ],
            exclude: ["Fixtures"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RapportTests",
            dependencies: [
                "RapportCore", "RapportJSON", "RapportRPC", "RapportStorage", "RapportCustomers", "RapportLoyalty", "RapportFeedback",
                "RapportMetrics", "Rapport",
                "TestSupport",
            ],
            exclude: ["Fixtures"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RapportMCPTests",
            dependencies: ["RapportJSON", "RapportMCP"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RapportServerTests",
            dependencies: ["RapportCore", "RapportRPC", "Rapport", "RapportServer"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["rapport", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")],
            exclude: ["Python"],
            swiftSettings: strictSettings
        ),
    ]
)
