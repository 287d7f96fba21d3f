import NIOCore

/// Pure decrypting core: takes sealed chunk bytes (from `firstChunkIndex` on, without the preamble)
/// in buffers of any size and returns plaintext chunks. Holds at most one sealed chunk: a full one
/// is opened as non-final once a further byte arrives, the leftover at `finish` with the final flag
/// if the input runs to the end of the blob.
public struct StreamOpener: Sendable {
    public let cipher: ChunkCipher
    private let includesFinalChunk: Bool
    private var pending: ByteBuffer?
    private var nextIndex: Int
    private var finished = false
    private let allocator = ByteBufferAllocator()

    /// - Parameters:
    ///   - firstChunkIndex: index of the first chunk in the input (random access).
    ///   - includesFinalChunk: whether the input runs to the end of the blob. A whole-blob read
    ///     passes `true`, so a dropped tail is detected.
    public init(cipher: ChunkCipher, firstChunkIndex: Int = 0, includesFinalChunk: Bool = true) {
        self.cipher = cipher
        self.nextIndex = firstChunkIndex
        self.includesFinalChunk = includesFinalChunk
    }

    public mutating func consume(_ input: inout ByteBuffer) throws -> ByteBuffer? {
        guard !finished else {
            throw TernCryptoError(.invalidParameter, "stream opener used after finish")
        }
        let sealedSize = cipher.chunkSize + ChunkCipher.tagLength
        while input.readableBytes > 0 {
            if let chunk = pending, chunk.readableBytes == sealedSize {
                pending = nil
                defer { nextIndex += 1 }
                return try cipher.open(chunk, index: nextIndex, isFinal: false)
            }
            if pending == nil, let whole = input.readSlice(length: sealedSize) {
                pending = whole  // a whole sealed chunk in the input: keep a slice, copy nothing
                continue
            }
            // See StreamSealer: take the partial chunk out of `pending` so appending never copies it.
            var chunk = pending ?? allocator.buffer(capacity: sealedSize)
            pending = nil
            if let slice = input.readSlice(length: min(sealedSize - chunk.readableBytes, input.readableBytes)) {
                chunk.writeImmutableBuffer(slice)
            }
            pending = chunk
        }
        return nil
    }

    /// Opens the leftover chunk. `nil` only for an empty input that was not meant to reach the end.
    public mutating func finish() throws -> ByteBuffer? {
        guard !finished else {
            throw TernCryptoError(.invalidParameter, "stream opener finished twice")
        }
        finished = true
        guard let last = pending else {
            if includesFinalChunk {
                throw TernCryptoError(.truncated, "sealed stream ended before its final chunk")
            }
            return nil
        }
        pending = nil
        return try cipher.open(last, index: nextIndex, isFinal: includesFinalChunk)
    }
}
