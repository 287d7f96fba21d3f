// swift-tools-version:6.1
import PackageDescription
import struct Foundation.URL

// SwiftPM names a path dependency after its folder, which differs between checkouts.
let tern = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

// As in the main package: TERN_WARNINGS_AS_ERRORS=1 (scripts/test.sh) makes a warning in these targets fail the build.
let warningsAsErrors: [SwiftSetting] =
    Context.environment["TERN_WARNINGS_AS_ERRORS"] == "1" ? [.unsafeFlags(["-warnings-as-errors"])] : []

// tern-load: the capacity-planning tool. Drives thousands of IMAP sessions against any server on
// loopback and reports latency, server RAM/CPU and a capacity estimate. See README.md.
let package = Package(
    name: "TernLoad",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "tern-load", targets: ["TernLoad"]),
    ],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
    ],
    targets: [
        // Pure parts: message generator, profiles (command scripts), /proc parsing, report math, SVG.
        .target(
            name: "TernLoadCore",
            dependencies: [
                .product(name: "TernIMAP", package: tern),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ],
            swiftSettings: warningsAsErrors
        ),
        // The I/O shell: NIO sessions, /proc sampler, command line.
        .executableTarget(
            name: "TernLoad",
            dependencies: [
                "TernLoadCore",
                .product(name: "TernIMAP", package: tern),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ],
            swiftSettings: warningsAsErrors
        ),
        .testTarget(
            name: "TernLoadCoreTests",
            dependencies: ["TernLoadCore"],
            swiftSettings: warningsAsErrors
        ),
        // Runs the built tern-load against a real `tern dev` of the main package (built by scripts/test.sh first).
        .testTarget(
            name: "TernLoadLiveTests",
            dependencies: ["TernLoadCore"],
            swiftSettings: warningsAsErrors
        ),
    ]
)
