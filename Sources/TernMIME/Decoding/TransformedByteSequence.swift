import NIOCore

/// An `AsyncSequence` of `ByteBuffer` chunks passed through a `ByteStreamTransform`.
///
/// Each iteration makes a fresh transform (`makeTransform`), so the sequence can be iterated more
/// than once. Empty outputs are skipped; `finish` runs when the base sequence ends.
public struct TransformedByteSequence<Base: AsyncSequence, Transform: ByteStreamTransform>: AsyncSequence
where Base.Element == ByteBuffer {
    public typealias Element = ByteBuffer

    let base: Base
    let makeTransform: @Sendable () throws -> Transform

    public init(_ base: Base, makeTransform: @escaping @Sendable () throws -> Transform) {
        self.base = base
        self.makeTransform = makeTransform
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: self.base.makeAsyncIterator(), makeTransform: self.makeTransform)
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: Base.AsyncIterator
        let makeTransform: @Sendable () throws -> Transform
        var transform: Transform?
        var finished = false

        public mutating func next() async throws -> ByteBuffer? {
            if self.transform == nil, !self.finished { self.transform = try self.makeTransform() }
            while !self.finished, var transform = self.transform {
                var output = ByteBuffer()
                if let chunk = try await self.base.next() {
                    transform.feed(chunk, into: &output)
                } else {
                    self.finished = true
                    transform.finish(into: &output)
                }
                self.transform = transform
                if output.readableBytes > 0 { return output }
            }
            return nil
        }
    }
}

extension TransformedByteSequence: Sendable where Base: Sendable {}

extension AsyncSequence where Element == ByteBuffer {
    /// Chunks decoded from a Content-Transfer-Encoding (7bit/8bit/binary pass through).
    /// Returns nil for an encoding that cannot be decoded.
    public func transferDecoded(_ contentTransferEncoding: String?) -> TransformedByteSequence<Self, TransferDecoder>? {
        guard TransferDecoder(contentTransferEncoding: contentTransferEncoding) != nil else { return nil }
        return TransformedByteSequence(self) {
            TransferDecoder(contentTransferEncoding: contentTransferEncoding) ?? .identity
        }
    }

    /// Chunks converted from `charset` to UTF-8. Throws `CharsetDecoder.Error` for an unknown charset.
    public func charsetDecoded(
        _ charset: String
    ) throws(CharsetDecoder.Error) -> TransformedByteSequence<Self, CharsetDecoder> {
        _ = try CharsetDecoder(charset: charset)
        return TransformedByteSequence(self) { try CharsetDecoder(charset: charset) }
    }

    /// Whether the UTF-8 text of this sequence contains `needle`, case-insensitively (folded).
    /// Stops reading at the first match.
    public func containsFolded(_ needle: String) async throws -> Bool {
        var matcher = FoldedSubstringMatcher(needle: needle)
        if matcher.found { return true }
        for try await chunk in self {
            if matcher.feed(chunk) { return true }
        }
        return matcher.finish()
    }
}
