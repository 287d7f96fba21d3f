// swift-tools-version:6.1
import PackageDescription

// Layering follows ../shared/DESIGN.md: pure protocol modules (TernIMAP, TernMIME) depend on NIOCore only;
// storage and crypto below the mail domain; servers and the CLI on top.
let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "Tern",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "tern", targets: ["tern"]),
        .library(name: "TernIMAP", targets: ["TernIMAP"]),
        .library(name: "TernMIME", targets: ["TernMIME"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        .target(
            name: "TernIMAP",
            dependencies: [.product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strict
        ),
        .target(
            name: "TernMIME",
            dependencies: [.product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strict
        ),
        .target(
            name: "TernCrypto",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "TernStorage",
            dependencies: [
                "TernCrypto",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "tern",
            dependencies: [
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "TernIMAPTests", dependencies: ["TernIMAP"], swiftSettings: strict),
        .testTarget(name: "TernMIMETests", dependencies: ["TernMIME"], swiftSettings: strict),
        .testTarget(name: "TernCryptoTests", dependencies: ["TernCrypto"], swiftSettings: strict),
        .testTarget(
            name: "TernStorageTests",
            dependencies: ["TernStorage", "TernCrypto"],
            swiftSettings: strict
        ),
    ]
)
