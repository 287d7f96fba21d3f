// swift-tools-version:6.1
import PackageDescription

// Layering (README.md, "Layout"): pure protocol modules (TernIMAP, TernMIME) depend on NIOCore only;
// storage and crypto below the mail domain; servers and the CLI on top.
// TERN_WARNINGS_AS_ERRORS=1 (set by scripts/test.sh, so on in CI) makes a warning in Tern's own targets fail the
// build; dependencies keep their warnings, and an everyday build is not blocked by one.
let warningsAsErrors: [SwiftSetting] =
    Context.environment["TERN_WARNINGS_AS_ERRORS"] == "1" ? [.unsafeFlags(["-warnings-as-errors"])] : []
let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)] + warningsAsErrors

let package = Package(
    name: "Tern",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "tern", targets: ["tern"]),
        .library(name: "TernIMAP", targets: ["TernIMAP"]),
        .library(name: "TernMIME", targets: ["TernMIME"]),
        .library(name: "TernCrypto", targets: ["TernCrypto"]),
        .library(name: "TernStorage", targets: ["TernStorage"]),
        .library(name: "TernMail", targets: ["TernMail"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        // Already in the graph through AsyncHTTPClient: TLS listeners and the dev certificate.
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/LebJe/TOMLKit.git", from: "0.6.0"),
        // Metrics: swift-metrics handles created with an explicit factory, exported by swift-prometheus.
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        // The HTTP listener: client autoconfiguration, /metrics, /healthz.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        // HTTP/1 codecs of the HTTP listener (already in the graph through Hummingbird).
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
    ],
    targets: [
        .target(
            name: "TernIMAP",
            dependencies: [.product(name: "NIOCore", package: "swift-nio")],
            exclude: ["README.md"],
            swiftSettings: strict
        ),
        .target(
            name: "TernMIME",
            dependencies: [.product(name: "NIOCore", package: "swift-nio")],
            exclude: ["README.md", "Decoding/README.md"],
            swiftSettings: strict
        ),
        .target(
            name: "TernCrypto",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            exclude: ["README.md"],
            swiftSettings: strict
        ),
        .target(
            name: "TernStorage",
            dependencies: [
                "TernCrypto",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            exclude: ["README.md"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "tern-storage-crash-writer",
            dependencies: ["TernStorage", .product(name: "NIOCore", package: "swift-nio")],
            exclude: ["README.md"],
            swiftSettings: strict
        ),
        .target(
            name: "TernMail",
            dependencies: [
                "TernStorage",
                "TernCrypto",
                "TernMIME",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["README.md"],
            swiftSettings: strict
        ),
        // Linking CJemalloc makes jemalloc the process allocator; TernMetrics reads its statistics.
        .systemLibrary(name: "CJemalloc", path: "Sources/CJemalloc", providers: [.apt(["libjemalloc-dev"])]),
        .target(
            name: "TernMetrics",
            dependencies: [
                "CJemalloc",
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            exclude: ["README.md"],
            swiftSettings: strict
        ),
        // The HTTP listener (Hummingbird): autoconfiguration answers for mail clients, /metrics, /healthz. The XML
        // renderers and the Autodiscover request parser do no I/O.
        .target(
            name: "TernHTTP",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                "TernNetwork",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            exclude: ["README.md"],
            swiftSettings: strict
        ),
        // The one listener of IMAP, LMTP and SASL (bind, caps, back-pressure, graceful stop).
        .target(
            name: "TernNetwork",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["README.md"],
            swiftSettings: strict
        ),
        .systemLibrary(name: "CCrypt", path: "Sources/CCrypt", providers: [.apt(["libcrypt-dev"])]),
        // The system OpenSSL behind `[tls] engine = "openssl"` (TLS that frees its record buffers while idle).
        .systemLibrary(
            name: "COpenSSL", path: "Sources/COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        // Argon2id password hashes (the reference implementation) in TernAuth.
        .systemLibrary(name: "CArgon2", path: "Sources/CArgon2", providers: [.apt(["libargon2-dev"])]),
        // COMPRESS=DEFLATE (RFC 4978) in TernIMAPServer.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),
        .target(
            name: "TernAuth",
            dependencies: [
                "CCrypt",
                "CArgon2", "TernNetwork",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            exclude: ["README.md"],
            swiftSettings: strict
        ),
        .target(
            name: "TernLMTP",
            dependencies: [
                "TernAuth", "TernMail", "TernNetwork",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            exclude: ["README.md"],
            swiftSettings: strict
        ),
        .target(
            name: "TernIMAPServer",
            dependencies: [
                "TernIMAP", "TernMIME", "TernMail", "TernStorage", "TernAuth", "TernCrypto", "TernNetwork", "CZlib",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            exclude: ["Query/README.md", "Session/README.md"],
            swiftSettings: strict
        ),
        .target(
            name: "TernServer",
            dependencies: [
                "TernStorage", "TernMail", "TernAuth", "TernCrypto", "TernIMAPServer", "TernLMTP", "TernMetrics", "TernNetwork",
                "TernHTTP", "COpenSSL",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            exclude: ["README.md"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "tern",
            dependencies: [
                "TernServer", "TernStorage", "TernAuth", "TernMail", "TernMetrics",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["README.md"],
            swiftSettings: strict
        ),
        // Launches the built `tern` binary for integration tests, a byte-level loopback client and the tests' manual
        // clock (no Tern module).
        .target(
            name: "TernTestSupport",
            dependencies: [
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Tests/TernTestSupport",
            exclude: ["README.md"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "TernIMAPTests",
            dependencies: ["TernIMAP", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "TernMIMETests",
            dependencies: ["TernMIME", .product(name: "NIOCore", package: "swift-nio")],
            resources: [.copy("Fixtures"), .copy("Corpus")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "TernAuthTests",
            dependencies: [
                "TernAuth", "TernNetwork", "TernTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "TernLMTPTests",
            dependencies: [
                "TernLMTP", "TernMail", "TernAuth", "TernNetwork", "TernStorage", "TernTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "TernIMAPServerTests",
            dependencies: [
                "TernIMAPServer", "TernIMAP", "TernMIME", "TernMail", "TernStorage", "TernAuth", "TernCrypto",
                "TernNetwork", "TernTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ],
            exclude: ["Query/Fixtures"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "TernServerTests",
            dependencies: [
                "TernServer", "TernIMAPServer", "TernHTTP", "TernNetwork", "TernTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // Real sockets, real clients: drives the built `tern` binary (and Postfix, mbsync, Dovecot).
        .testTarget(
            name: "TernIntegrationTests",
            dependencies: [
                "tern", "TernTestSupport", "TernAuth", "TernLMTP", "TernMail", "TernStorage",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: [
                "IMAPScenarios/scripts", "IMAPTLS/scripts", "IMAPClients/scripts", "IMAPMultiFrontend/scripts",
                "IMAPStress/scripts",
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "TernMailTests",
            dependencies: [
                "TernMail",
                "TernStorage",
                "TernCrypto",
                "TernMIME",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "TernMetricsTests",
            dependencies: [
                "TernMetrics",
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "TernHTTPTests",
            dependencies: [
                "TernHTTP",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Schemas")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "TernCryptoTests",
            dependencies: ["TernCrypto", .product(name: "NIOCore", package: "swift-nio")],
            resources: [.copy("Golden")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "TernNetworkTests",
            dependencies: [
                "TernNetwork", "TernTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "TernStorageTests",
            dependencies: [
                "TernStorage",
                "TernCrypto",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),
    ]
)
