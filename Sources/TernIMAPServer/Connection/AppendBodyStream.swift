import NIOCore

/// The bytes of one APPEND message as `Mailbox.append` consumes them: pulled from a bounded handoff
/// the command loop fills while it reads the literal, so at most a few socket reads are in memory and
/// a slow store slows the client (back-pressure).
struct AppendBodyStream: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    typealias Failure = any Error

    let handoff: BoundedHandoff<ByteBuffer>

    func makeAsyncIterator() -> Iterator {
        Iterator(handoff: handoff)
    }

    struct Iterator: AsyncIteratorProtocol {
        typealias Element = ByteBuffer
        let handoff: BoundedHandoff<ByteBuffer>

        mutating func next() async throws -> ByteBuffer? {
            await handoff.next()
        }
    }
}
