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

    init(iterator: BlobByteStream.AsyncIterator, leftover: ByteBuffer, decryptor: BlobDecryptor) {
        self.iterator = iterator
        self.input = leftover
        self.decryptor = decryptor
    }

    var stream: BlobByteStream {
        BlobByteStream(makeNext: { { try await self.next() } })
    }

    private func next() async throws -> ByteBuffer? {
        while !finished {
            if let piece = try integrityErrors({ try decryptor.consume(&input) }) {
                return piece
            }
            guard let more = try await iterator.next() else {
                finished = true
                return try integrityErrors { try decryptor.finish() }
            }
            input = more
        }
        return nil
    }
}
