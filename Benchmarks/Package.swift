// swift-tools-version:6.1
import PackageDescription
import struct Foundation.URL

// SwiftPM names a path dependency after its folder, which differs between checkouts.
let tern = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

// Micro-benchmarks (ordo-one/benchmark): throughput and allocations of Tern's hot paths.
// Run: cd Benchmarks && swift package --disable-sandbox benchmark
let package = Package(
    name: "TernBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "IMAPParser",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "TernIMAP", package: tern),
            ],
            path: "Benchmarks/IMAPParser",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "MIMEScanner",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "TernMIME", package: tern),
            ],
            path: "Benchmarks/MIMEScanner",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "SealedChunks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "TernCrypto", package: tern),
            ],
            path: "Benchmarks/SealedChunks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "S3StreamingGet",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "TernCrypto", package: tern),
                .product(name: "TernStorage", package: tern),
            ],
            path: "Benchmarks/S3StreamingGet",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
