import NIOCore
import TernMIME
import TernMail
import TernStorage

/// What queries read of a mailbox: stored structures (cheap, batched) and message bodies (streamed).
/// SESSION adapts a TernMail `Mailbox` to it; tests use an in-memory source.
public protocol MessageContentSource: Sendable {
    /// Structures of `messages`, in the given order.
    func structures(of messages: [MailboxView.Message]) -> MessageStructureStream
    /// The decrypted plaintext of `range` of the message (nil: all of it), streamed in chunks.
    func body(of message: MailboxView.Message, range: Range<Int>?) async throws -> BlobByteStream
    /// The plaintext of `range` when the source already holds it in memory (a header block kept from
    /// the metadata just read), else nil. Never reads storage: FETCH answers such a literal without
    /// a read permit or a stream.
    func heldBytes(of message: MailboxView.Message, range: Range<Int>) -> ByteBuffer?
}

extension MessageContentSource {
    /// A source that keeps nothing in memory.
    public func heldBytes(of message: MailboxView.Message, range: Range<Int>) -> ByteBuffer? { nil }
}

/// A type-erased, single-pass sequence of (message, structure) pairs.
public struct MessageStructureStream: AsyncSequence, Sendable {
    public typealias Element = (MailboxView.Message, MessageStructure)

    private let makeNext: @Sendable () -> (() async throws -> Element?)

    public init<Base: AsyncSequence & Sendable>(_ base: Base) where Base.Element == Element {
        self.makeNext = {
            let box = StructureIteratorBox(base.makeAsyncIterator())
            return { try await box.next() }
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(nextElement: makeNext())
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        fileprivate let nextElement: () async throws -> Element?

        public mutating func next() async throws -> Element? {
            try await nextElement()
        }

        /// The next structure, which must be `uid`'s (the stream follows the requested order).
        /// A storage failure or a missing structure is `QueryError(.storage)`; cancellation stays
        /// cancellation.
        mutating func nextStructure(for uid: UInt32) async throws -> MessageStructure {
            do {
                guard let (stored, structure) = try await next(), stored.uid == uid else {
                    throw QueryError(.storage, "no stored structure for UID \(uid)")
                }
                return structure
            } catch let error as QueryError {
                throw error
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                throw QueryError(.storage, "reading message metadata failed: \(error)")
            }
        }
    }
}

/// Holds a base iterator so the `next` closure can mutate it.
private final class StructureIteratorBox<Base: AsyncIteratorProtocol> {
    private var base: Base
    init(_ base: Base) { self.base = base }
    func next() async throws -> Base.Element? { try await base.next() }
}
