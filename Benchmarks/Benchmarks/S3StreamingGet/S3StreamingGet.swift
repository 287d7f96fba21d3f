import Benchmark
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import TernCrypto
import TernStorage

/// A whole sealed blob streamed from a real S3 server through decryption, at 1, 25 and 100 MB: throughput,
/// and peak resident memory, which must not grow with the blob size (the pipeline holds a chunk, not a blob).
///
/// Needs an S3 server: `eval "$(../scripts/services/moto.sh start /tmp/tern-s3)"` (or ceph.sh) before
/// `swift package --disable-sandbox benchmark --target S3StreamingGet`; the URL is read from
/// TERN_TEST_S3_CEPH or TERN_TEST_S3_MOTO.
let benchmarks: @Sendable () -> Void = {
    let environment = ProcessInfo.processInfo.environment
    guard let serviceURL = environment["TERN_TEST_S3_CEPH"] ?? environment["TERN_TEST_S3_MOTO"] else {
        print("S3StreamingGet: set TERN_TEST_S3_CEPH or TERN_TEST_S3_MOTO (scripts/services/*.sh start DIR)")
        return
    }
    let server = environment["TERN_TEST_S3_CEPH"] != nil ? "ceph" : "moto"

    for megabytes in [1, 25, 100] {
        let size = megabytes * 1_000_000
        Benchmark(
            "S3 GET through decrypt, \(megabytes) MB (\(server))",
            configuration: .init(
                metrics: [.throughput, .wallClock, .peakMemoryResident, .mallocCountTotal],
                warmupIterations: 1,
                scalingFactor: .one,
                maxDuration: .seconds(10),
                maxIterations: megabytes == 100 ? 5 : 20,
                setup: { try await SealedS3Fixture.shared.prepare(serviceURL: serviceURL, size: size) }
            )
        ) { benchmark in
            let store = try await SealedS3Fixture.shared.store(serviceURL: serviceURL)
            for _ in benchmark.scaledIterations {
                var received = 0
                for try await chunk in try await store.get(SealedS3Fixture.key(size), range: nil).body {
                    received += chunk.readableBytes
                }
                precondition(received == size, "short read: \(received) of \(size)")
                blackHole(received)
            }
        }
    }
}

/// One encrypted store per process; blobs are uploaded once (streamed, never held whole) in setup.
actor SealedS3Fixture {
    static let shared = SealedS3Fixture()

    init() {
        // The default pool settings are valid, so this cannot throw.
        self.runtime = try! StorageRuntime()
    }
    private var sealed: EncryptedBlobStore<S3Store>?
    /// Lives as long as the benchmark process, like the fixture (the process exit releases its connections).
    private let runtime: StorageRuntime
    private var uploaded: Set<Int> = []

    static func key(_ size: Int) -> String { "bench/blob-\(size)" }

    func store(serviceURL: String) async throws -> EncryptedBlobStore<S3Store> {
        if let sealed { return sealed }
        let base = try await S3Store.openForTesting(
            serviceURL: serviceURL, keyPrefix: "tern-benchmarks", runtime: runtime)
        let store = try EncryptedBlobStore(base: base, keys: UserKeys.generate())
        sealed = store
        return store
    }

    func prepare(serviceURL: String, size: Int) async throws {
        guard !uploaded.contains(size) else { return }
        let store = try await store(serviceURL: serviceURL)
        try await store.put(Self.key(size), body: FilledChunks(total: size), length: size, condition: .none)
        uploaded.insert(size)
        releaseFreedMemory()
    }
}

/// The upload's freed part buffers would otherwise stay resident and be counted as the GET's peak:
/// glibc's `malloc_trim` (not exported by the Glibc module, hence the lookup) hands them back.
func releaseFreedMemory() {
    #if canImport(Glibc)
    typealias MallocTrim = @convention(c) (Int) -> Int32
    if let symbol = dlsym(nil, "malloc_trim") {
        _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
    }
    #endif
}

/// `total` bytes of text in 64 KiB buffers, generated as they are consumed.
struct FilledChunks: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let total: Int

    struct AsyncIterator: AsyncIteratorProtocol {
        var remaining: Int
        mutating func next() async -> ByteBuffer? {
            guard remaining > 0 else { return nil }
            let count = Swift.min(remaining, 65_536)
            remaining -= count
            return ByteBuffer(repeating: UInt8(ascii: "m"), count: count)
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(remaining: total) }
}
