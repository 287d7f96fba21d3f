import NIOCore
import TernCrypto

/// Decrypts a base store's body as it is pulled: one base chunk and one sealed chunk in flight.
///
/// `@unchecked Sendable`: a `BlobByteStream` is single pass and pulled by one consumer at a time
/// (its contract), so the mutable state is never touched concurrently; it only has to be handed to
/// whichever task iterates the body. The base iterator was already started (the preamble came off
/// it), which is why this is a box rather than state created per iteration.
final class SealedBodyReader: @unchecked Sendable {
    private var iterator: BlobByteStream.AsyncIterator
    private var input: ByteBuffer
    private var decryptor: BlobDecryptor
    private var finished = false
    /// Input bytes still to drop before decrypting, and how many to decrypt after them (nil: all).
    private var skipInput: Int
    private var takeInput: Int?

    /// - Parameters:
    ///   - skip, take: the window of the input (from `leftover` on) that holds the planned chunks, for a
    ///     read that fetched more than the plan (see `EncryptedBlobStore.getFromStart`).
    init(
        iterator: BlobByteStream.AsyncIterator, leftover: ByteBuffer, decryptor: BlobDecryptor, skip: Int = 0,
        take: Int? = nil
    ) {
        self.iterator = iterator
        self.decryptor = decryptor
        self.skipInput = skip
        self.takeInput = take
        self.input = ByteBuffer()
        self.input = window(leftover)
    }

    /// The part of `buffer` inside the input window (a slice, no copy).
    private func window(_ buffer: ByteBuffer) -> ByteBuffer {
        var buffer = buffer
        let skipped = min(skipInput, buffer.readableBytes)
        buffer.moveReaderIndex(forwardBy: skipped)
        skipInput -= skipped
        guard let take = takeInput else { return buffer }
        let kept = min(take, buffer.readableBytes)
        takeInput = take - kept
        return buffer.getSlice(at: buffer.readerIndex, length: kept) ?? ByteBuffer()
    }

    var stream: BlobByteStream {
        BlobByteStream(makeNext: { { try await self.next() } })
    }

    private func next() async throws -> ByteBuffer? {
        while !finished {
            if let piece = try integrityErrors({ try decryptor.consume(&input) }) {
                return piece
            }
            guard takeInput != 0, let more = try await iterator.next() else {
                finished = true
                return try integrityErrors { try decryptor.finish() }
            }
            input = window(more)
        }
        return nil
    }
}
