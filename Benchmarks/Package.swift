// swift-tools-version:6.1
import PackageDescription
import struct Foundation.URL

// SwiftPM names a path dependency after its folder, which differs between checkouts.
let tern = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

/// One benchmark executable in Benchmarks/NAME, using the given Tern modules.
func benchmark(_ name: String, using modules: [String]) -> Target {
    .executableTarget(
        name: name,
        dependencies: [.product(name: "Benchmark", package: "benchmark")]
            + modules.map { .product(name: $0, package: tern) },
        path: "Benchmarks/\(name)",
        plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    )
}

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
        benchmark("IMAPParser", using: ["TernIMAP"]),
        benchmark("MIMEScanner", using: ["TernMIME"]),
        benchmark("SealedChunks", using: ["TernCrypto"]),
        benchmark("S3StreamingGet", using: ["TernCrypto", "TernStorage"]),
        benchmark("MailPaths", using: ["TernMail", "TernStorage", "TernCrypto"]),
    ]
)
