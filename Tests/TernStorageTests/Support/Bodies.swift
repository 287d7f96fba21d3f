import NIOCore
import TernStorage

/// Splits bytes into chunks of the given sizes (cycled), as an AsyncSequence body for `put`.
func chunkedBody(_ bytes: [UInt8], sizes: [Int]) -> [ByteBuffer] {
    var chunks: [ByteBuffer] = []
    var offset = 0
    var index = 0
    while offset < bytes.count {
        let size = max(1, sizes[index % sizes.count])
        let end = min(bytes.count, offset + size)
        chunks.append(ByteBuffer(bytes: bytes[offset..<end]))
        offset = end
        index += 1
    }
    return chunks
}

/// An in-memory sequence as an AsyncSequence.
struct AsyncChunks: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let chunks: [ByteBuffer]

    init(_ chunks: [ByteBuffer]) { self.chunks = chunks }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(chunks: chunks) }

    struct AsyncIterator: AsyncIteratorProtocol {
        let chunks: [ByteBuffer]
        var index = 0
        mutating func next() async -> ByteBuffer? {
            guard index < chunks.count else { return nil }
            defer { index += 1 }
            return chunks[index]
        }
    }
}

/// A body that throws after delivering some chunks (a client that disconnects mid-upload).
struct FailingBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let before: [ByteBuffer]

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(before: before) }

    struct AsyncIterator: AsyncIteratorProtocol {
        let before: [ByteBuffer]
        var index = 0
        mutating func next() async throws -> ByteBuffer? {
            guard index < before.count else { throw BodyFailure() }
            defer { index += 1 }
            return before[index]
        }
    }

    struct BodyFailure: Error {}
}

extension BlobStore {
    /// Reads a blob (or range) whole, for assertions.
    func readAll(_ key: String, range: BlobRange? = nil) async throws -> [UInt8] {
        let read = try await get(key, range: range)
        var bytes: [UInt8] = []
        for try await chunk in read.body { bytes.append(contentsOf: chunk.readableBytesView) }
        return bytes
    }

    func put(_ key: String, _ bytes: [UInt8], condition: WriteCondition = .none) async throws {
        try await put(key, bytes: ByteBuffer(bytes: bytes), condition: condition)
    }
}

/// The error code a throwing call ends with, or nil if it succeeds.
func storageErrorCode(_ body: () async throws -> Void) async -> StorageError.Code? {
    do {
        try await body()
        return nil
    } catch let error as StorageError {
        return error.code
    } catch {
        return nil
    }
}
