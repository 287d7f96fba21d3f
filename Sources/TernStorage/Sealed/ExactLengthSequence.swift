import NIOCore

/// Passes a put body through, failing with `invalidArgument` as soon as it delivers more than the
/// declared length, or when it ends short: the sealed length is computed from the declared one, so
/// a mismatch must be caught before the sealer turns it into a plausible-looking stream.
struct ExactLengthSequence<Base: AsyncSequence>: AsyncSequence where Base.Element == ByteBuffer {
    typealias Element = ByteBuffer
    let base: Base
    let length: Int
    let key: String

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: base.makeAsyncIterator(), remaining: length, key: key)
    }

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: Base.AsyncIterator
        var remaining: Int
        let key: String

        mutating func next() async throws -> ByteBuffer? {
            guard let buffer = try await base.next() else {
                guard remaining == 0 else {
                    throw StorageError(.invalidArgument, "blob \(key) body ended \(remaining) bytes short")
                }
                return nil
            }
            remaining -= buffer.readableBytes
            guard remaining >= 0 else {
                throw StorageError(.invalidArgument, "blob \(key) body is longer than its declared length")
            }
            return buffer
        }
    }
}

extension ExactLengthSequence: Sendable where Base: Sendable {}
