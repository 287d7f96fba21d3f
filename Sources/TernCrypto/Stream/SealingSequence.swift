import NIOCore

/// Encrypts an `AsyncSequence` of plaintext buffers into the sealed blob (preamble, then one
/// buffer per sealed chunk). A thin adapter over `StreamSealer`: at most one chunk is buffered.
public struct SealingSequence<Base: AsyncSequence>: AsyncSequence where Base.Element == ByteBuffer {
    public typealias Element = ByteBuffer

    let base: Base
    let sealer: StreamSealer

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: base.makeAsyncIterator(), sealer: sealer)
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        private var base: Base.AsyncIterator
        private var sealer: StreamSealer
        private var input = ByteBuffer()
        private var preambleSent = false
        private var done = false

        init(base: Base.AsyncIterator, sealer: StreamSealer) {
            self.base = base
            self.sealer = sealer
        }

        public mutating func next() async throws -> ByteBuffer? {
            guard !done else { return nil }
            guard preambleSent else {
                preambleSent = true
                return sealer.preamble
            }
            while true {
                if let chunk = try sealer.consume(&input) { return chunk }
                guard let more = try await base.next() else {
                    done = true
                    return try sealer.finish()
                }
                input = more
            }
        }
    }
}

extension SealingSequence: Sendable where Base: Sendable {}

/// Decrypts an `AsyncSequence` of sealed bytes (a whole blob, or the bytes of a planned range)
/// into plaintext. A thin adapter over `BlobDecryptor`: at most one sealed chunk is buffered.
public struct OpeningSequence<Base: AsyncSequence>: AsyncSequence where Base.Element == ByteBuffer {
    public typealias Element = ByteBuffer

    let base: Base
    let decryptor: BlobDecryptor

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: base.makeAsyncIterator(), decryptor: decryptor)
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        private var base: Base.AsyncIterator
        private var decryptor: BlobDecryptor
        private var input = ByteBuffer()
        private var done = false

        init(base: Base.AsyncIterator, decryptor: BlobDecryptor) {
            self.base = base
            self.decryptor = decryptor
        }

        public mutating func next() async throws -> ByteBuffer? {
            while !done {
                if let piece = try decryptor.consume(&input) { return piece }
                guard let more = try await base.next() else {
                    done = true
                    return try decryptor.finish()
                }
                input = more
            }
            return nil
        }
    }
}

extension OpeningSequence: Sendable where Base: Sendable {}

extension AsyncSequence where Element == ByteBuffer {
    /// The sealed form of this plaintext stream.
    public func sealed(with sealer: StreamSealer) -> SealingSequence<Self> {
        SealingSequence(base: self, sealer: sealer)
    }

    /// The plaintext of this sealed stream (whole blob, or a planned range).
    public func opened(with decryptor: BlobDecryptor) -> OpeningSequence<Self> {
        OpeningSequence(base: self, decryptor: decryptor)
    }
}
