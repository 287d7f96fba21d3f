@preconcurrency import Crypto
import NIOCore

/// Pure encrypting core of a sealed stream: takes plaintext in buffers of any size, returns sealed
/// chunks one at a time. It holds at most one chunk of plaintext: a full chunk waits only until one
/// more byte (or the end) shows whether it is the final one.
///
///     var sealer = StreamSealer(cipher: cipher)
///     emit(sealer.preamble)
///     for each input buffer: while let chunk = try sealer.consume(&buffer) { emit(chunk) }
///     emit(try sealer.finish())
public struct StreamSealer: Sendable {
    public let cipher: ChunkCipher
    /// Bytes written before chunk 0 (the header, or envelope and header); emit these first.
    public let preamble: ByteBuffer
    private var pending: ByteBuffer?
    private var nextIndex = 0
    private var finished = false
    private let allocator = ByteBufferAllocator()

    public init(cipher: ChunkCipher, envelope: [UInt8] = []) {
        self.cipher = cipher
        self.preamble = ByteBuffer(bytes: envelope + cipher.header.serialized)
    }

    /// Takes bytes from `input` until it returns a sealed chunk (a full chunk known not to be the
    /// last) or `input` is empty (then `nil`: pass the next buffer, or call `finish`).
    public mutating func consume(_ input: inout ByteBuffer) throws -> ByteBuffer? {
        guard !finished else {
            throw TernCryptoError(.invalidParameter, "stream sealer used after finish")
        }
        let chunkSize = cipher.chunkSize
        while input.readableBytes > 0 {
            if let chunk = pending, chunk.readableBytes == chunkSize {
                // More bytes follow this full chunk, so it is not the final one.
                pending = nil
                defer { nextIndex += 1 }
                return try cipher.seal(chunk, index: nextIndex, isFinal: false)
            }
            if pending == nil, let whole = input.readSlice(length: chunkSize) {
                pending = whole  // a whole chunk in the input: keep a slice, copy nothing
                continue
            }
            // Assemble a chunk from smaller inputs in one buffer of chunk capacity. Taking it out of
            // `pending` first keeps it uniquely referenced, so appending never copies it.
            var chunk = pending ?? allocator.buffer(capacity: chunkSize)
            pending = nil
            if let slice = input.readSlice(length: min(chunkSize - chunk.readableBytes, input.readableBytes)) {
                chunk.writeImmutableBuffer(slice)
            }
            pending = chunk
        }
        return nil
    }

    /// Seals what is pending as the final chunk (an empty one for an empty stream).
    public mutating func finish() throws -> ByteBuffer {
        guard !finished else {
            throw TernCryptoError(.invalidParameter, "stream sealer finished twice")
        }
        finished = true
        let last = pending ?? ByteBuffer()
        pending = nil
        return try cipher.seal(last, index: nextIndex, isFinal: true)
    }
}
