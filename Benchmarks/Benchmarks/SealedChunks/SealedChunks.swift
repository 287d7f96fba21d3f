import Benchmark
import NIOCore
import TernCrypto

/// Sealed chunk stream cost per 64 KiB sealed chunk (plaintext chunk 65,520 bytes), and the
/// streaming cores on a 4 MiB blob.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.throughput, .wallClock, .mallocCountTotal, .cpuTotal],
        warmupIterations: 10,
        scalingFactor: .kilo,
        maxDuration: .seconds(5),
        maxIterations: 100_000
    )

    let keys = UserKeys.generate()
    let blobID = Array("msg/benchmark".utf8)
    let chunkSize = SealedStreamHeader.defaultChunkSize
    // Errors cannot happen with these fixed, valid inputs; a benchmark has no way to report them.
    let header = try! SealedStreamHeader.random(chunkSize: chunkSize)
    let cipher = ChunkCipher(blobKey: keys.blobKey(blobID: blobID), blobID: blobID, header: header)
    let plaintext = ByteBuffer(repeating: 0x61, count: chunkSize)
    let sealed = try! cipher.seal(plaintext, index: 0, isFinal: false)

    Benchmark("ChunkCipher.seal, one 64 KiB sealed chunk") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try cipher.seal(plaintext, index: 0, isFinal: false))
        }
    }

    Benchmark("ChunkCipher.open, one 64 KiB sealed chunk") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try cipher.open(sealed, index: 0, isFinal: false))
        }
    }

    let blob = ByteBuffer(repeating: 0x62, count: 4 << 20)
    let sealedBlob = try! SealedBlob.seal(blob, with: SealedBlob.sealer(keys: keys, blobID: blobID))

    Benchmark(
        "StreamSealer, 4 MiB blob",
        configuration: .init(scalingFactor: .one, maxIterations: 1_000)
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            var sealer = try SealedBlob.sealer(keys: keys, blobID: blobID)
            var input = blob
            while let chunk = try sealer.consume(&input) { blackHole(chunk) }
            blackHole(try sealer.finish())
        }
    }

    Benchmark(
        "BlobDecryptor, 4 MiB blob",
        configuration: .init(scalingFactor: .one, maxIterations: 1_000)
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            var decryptor = BlobDecryptor(kind: .user, keys: keys, blobID: blobID)
            var input = sealedBlob
            while let piece = try decryptor.consume(&input) { blackHole(piece) }
            blackHole(try decryptor.finish())
        }
    }
}
