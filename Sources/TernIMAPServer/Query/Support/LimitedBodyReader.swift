import NIOCore
import TernMail
import TernStorage

/// Reads byte ranges of a message through the process-wide `BodyReadLimiter`: a permit is held while
/// storage opens the stream and while each chunk is pulled, and released before the caller handles the
/// chunk (which may mean waiting for a slow socket).
struct LimitedBodyReader: Sendable {
    let context: QueryContext

    /// Why a read ended early: the storage failed (nothing of the chunk reached `handle`).
    struct StorageFailure: Error {
        let underlying: any Error
    }

    /// Calls `handle` with each chunk of `range` (nil: the whole message) in order until it returns false.
    /// Storage errors are wrapped in `StorageFailure`; errors thrown by `handle` pass unchanged.
    /// `opened`: the body of exactly this range, already opened with `open` (read-ahead).
    func forEachChunk(
        of message: MailboxView.Message, range: Range<Int>?, opened: BlobByteStream? = nil,
        _ handle: (ByteBuffer) async throws -> Bool
    ) async throws {
        if let range, range.isEmpty { return }
        var iterator: BlobByteStream.AsyncIterator
        if let opened {
            iterator = opened.makeAsyncIterator()
        } else {
            iterator = try await open(message, range: range).makeAsyncIterator()
        }
        while let chunk = try await step({ try await iterator.next() }) {
            if chunk.readableBytes == 0 { continue }
            guard try await handle(chunk) else { return }
        }
    }

    /// Opens the body of `range` (nil: the whole message) under a permit.
    func open(_ message: MailboxView.Message, range: Range<Int>?) async throws -> BlobByteStream {
        try await step { try await context.source.body(of: message, range: range) }
    }

    private func step<T>(_ operation: () async throws -> T) async throws -> T {
        let limiter = context.limiter
        let user = context.user
        try await limiter.acquire(user: user)
        do {
            let value = try await operation()
            limiter.release(user: user)
            return value
        } catch is CancellationError {
            limiter.release(user: user)
            throw CancellationError()
        } catch {
            limiter.release(user: user)
            throw StorageFailure(underlying: error)
        }
    }
}
