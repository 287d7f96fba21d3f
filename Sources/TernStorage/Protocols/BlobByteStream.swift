import NIOCore

/// The body of a blob read: an `AsyncSequence` of `ByteBuffer` chunks, pulled one at a time, so a
/// slow consumer slows the producer (back-pressure) and memory stays at about one chunk.
///
/// Single pass: iterate it once. Type-erased so that `any BlobStore` works; the cost is one closure
/// call per chunk (chunks are tens of KiB).
public struct BlobByteStream: AsyncSequence, Sendable {
    public typealias Element = ByteBuffer

    private let makeNext: @Sendable () -> (() async throws -> ByteBuffer?)

    /// Wraps any sequence of buffers (e.g. `HTTPClientResponse.Body`).
    public init<Base: AsyncSequence & Sendable>(_ base: Base) where Base.Element == ByteBuffer {
        self.makeNext = {
            let box = IteratorBox(base.makeAsyncIterator())
            return { try await box.next() }
        }
    }

    /// Builds a stream from a `next` function created once per iteration.
    public init(makeNext: @escaping @Sendable () -> (() async throws -> ByteBuffer?)) {
        self.makeNext = makeNext
    }

    /// An empty body.
    public static var empty: BlobByteStream {
        BlobByteStream(makeNext: { { nil } })
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(next: makeNext())
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        fileprivate let nextChunk: () async throws -> ByteBuffer?

        fileprivate init(next: @escaping () async throws -> ByteBuffer?) {
            self.nextChunk = next
        }

        public mutating func next() async throws -> ByteBuffer? {
            try await nextChunk()
        }
    }

    /// This stream, checked to deliver exactly `expectedLength` bytes: a body that ends early or runs
    /// long throws `StorageError.Code.integrity` instead of passing short or extra data off as good.
    /// Empty buffers are skipped.
    public func checked(expectedLength: Int) -> BlobByteStream {
        let base = self
        return BlobByteStream(makeNext: {
            let counter = LengthCheckingIterator(base.makeAsyncIterator(), expected: expectedLength)
            return { try await counter.next() }
        })
    }

    /// Collects the whole body into one buffer, refusing more than `maxBytes` (`invalidArgument`).
    /// For small blobs only; large ones should be streamed.
    public func collect(upTo maxBytes: Int) async throws -> ByteBuffer {
        var result = ByteBuffer()
        for try await chunk in self {
            guard result.readableBytes + chunk.readableBytes <= maxBytes else {
                throw StorageError(.invalidArgument, "blob body exceeds \(maxBytes) bytes")
            }
            var chunk = chunk
            result.writeBuffer(&chunk)
        }
        return result
    }
}

/// Holds a base iterator so a non-escaping `next` closure can mutate it.
private final class IteratorBox<Base: AsyncIteratorProtocol> where Base.Element == ByteBuffer {
    private var base: Base
    init(_ base: Base) { self.base = base }
    func next() async throws -> ByteBuffer? { try await base.next() }
}

private final class LengthCheckingIterator {
    private var base: BlobByteStream.AsyncIterator
    private let expected: Int
    private var delivered = 0
    private var finished = false

    init(_ base: BlobByteStream.AsyncIterator, expected: Int) {
        self.base = base
        self.expected = expected
    }

    func next() async throws -> ByteBuffer? {
        if finished { return nil }
        while let chunk = try await base.next() {
            if chunk.readableBytes == 0 { continue }
            delivered += chunk.readableBytes
            guard delivered <= expected else {
                finished = true
                throw StorageError(.integrity, "blob body is longer than the expected \(expected) bytes")
            }
            return chunk
        }
        finished = true
        guard delivered == expected else {
            throw StorageError(.integrity, "blob body ended after \(delivered) of \(expected) bytes")
        }
        return nil
    }
}
