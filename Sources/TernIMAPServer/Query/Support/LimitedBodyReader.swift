import NIOConcurrencyHelpers
import NIOCore
import TernMail
import TernStorage

/// Reads byte ranges of a message through the process-wide `BodyReadLimiter`: a permit is held while
/// storage opens the stream and while each chunk is pulled, and released before the caller handles the
/// chunk (which may mean waiting for a slow socket).
struct LimitedBodyReader: Sendable {
    let context: QueryContext
    /// A read opened ahead by `BodyReadAhead`, used by the first `forEachChunk` of exactly its range.
    let prefetched = PrefetchedRead()

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
        if let opened = opened ?? prefetched.take(message.messageID, range: range) {
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

/// One opened body waiting for the read it was opened for (see `LimitedBodyReader.prefetched`).
final class PrefetchedRead: Sendable {
    private let slot = NIOLockedValueBox<(id: MessageID, range: Range<Int>?, body: BlobByteStream)?>(nil)

    /// Offers `body` for the next read of `range` of message `id`; replaces (drops) an unused offer.
    func offer(_ body: BlobByteStream?, for id: MessageID, range: Range<Int>?) {
        slot.withLockedValue { $0 = body.map { (id, range, $0) } }
    }

    func take(_ id: MessageID, range: Range<Int>?) -> BlobByteStream? {
        slot.withLockedValue { slot in
            guard let offer = slot, offer.id == id, offer.range == range else { return nil }
            slot = nil
            return offer.body
        }
    }
}
