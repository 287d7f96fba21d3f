// swift-tools-version:6.1
import PackageDescription

// libFuzzer harness for TernIMAP's command parser. Built on its own (see README.md) so that the main
// package never needs sanitizer flags.
let package = Package(
    name: "TernIMAPFuzz",
    dependencies: [
        .package(name: "Tern", path: "../../.."),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        .executableTarget(
            name: "FuzzCommandParser",
            dependencies: [
                .product(name: "TernIMAP", package: "Tern"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
                + (Context.environment["TERN_WARNINGS_AS_ERRORS"] == "1" ? [.unsafeFlags(["-warnings-as-errors"])] : [])
        )
    ]
)
