import NIOCore
import Testing

@testable import TernCrypto

/// Deterministic bytes for tests (SplitMix64), so failures reproduce from the printed seed.
struct SeededBytes {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func bytes(_ count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8(truncatingIfNeeded: next()) }
    }

    mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }
}

/// One set of user keys for the whole test run (generating is cheap; this keeps tests readable).
let testKeys = UserKeys.generate()
let testBlobID = Array("msg/0001".utf8)

func sealAll(
    _ plaintext: [UInt8],
    chunkSize: Int,
    keys: UserKeys = testKeys,
    blobID: [UInt8] = testBlobID
) throws
    -> [UInt8]
{
    let sealer = try SealedBlob.sealer(keys: keys, blobID: blobID, chunkSize: chunkSize)
    return Array(try SealedBlob.seal(ByteBuffer(bytes: plaintext), with: sealer).readableBytesView)
}

func openAll(
    _ sealed: [UInt8],
    kind: SealedBlobKind = .user,
    keys: UserKeys = testKeys,
    blobID: [UInt8] = testBlobID
) throws -> [UInt8] {
    let decryptor = BlobDecryptor(kind: kind, keys: keys, blobID: blobID)
    return Array(try SealedBlob.open(ByteBuffer(bytes: sealed), with: decryptor).readableBytesView)
}

/// An async sequence over buffers, to drive the AsyncSequence adapters.
struct BufferSequence: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let buffers: [ByteBuffer]

    /// `bytes` cut into pieces of the given sizes, cycling through them.
    init(_ bytes: [UInt8], pieceSizes: [Int]) {
        var pieces: [ByteBuffer] = []
        var offset = 0
        var index = 0
        while offset < bytes.count {
            let size = Swift.max(1, pieceSizes[index % pieceSizes.count])
            let end = Swift.min(offset + size, bytes.count)
            pieces.append(ByteBuffer(bytes: bytes[offset..<end]))
            offset = end
            index += 1
        }
        buffers = pieces
    }

    struct AsyncIterator: AsyncIteratorProtocol {
        var remaining: ArraySlice<ByteBuffer>
        mutating func next() async -> ByteBuffer? { remaining.popFirst() }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(remaining: buffers[...]) }
}

func collect<S: AsyncSequence>(_ sequence: S) async throws -> [UInt8] where S.Element == ByteBuffer {
    var out: [UInt8] = []
    for try await buffer in sequence { out += buffer.readableBytesView }
    return out
}

func hex(_ bytes: some Sequence<UInt8>) -> String {
    let digits = Array("0123456789abcdef")
    return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0f)]] })
}
