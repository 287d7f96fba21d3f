import NIOConcurrencyHelpers
import NIOCore
import TernMIME
import TernMail
import TernStorage

/// QUERY's view of a TernMail `Mailbox`: stored structures and streamed bodies.
///
/// The stored metadata also carries each message's header block (up to 64 KiB). FETCH reads a
/// message's structure just before its sections, so the source keeps the header blocks of the
/// last few structures it handed out and answers a body range inside that header from memory:
/// `BODY[HEADER.FIELDS (...)]` of a thousand messages then costs the metadata reads, not a
/// thousand ranged blob reads (on S3 across regions, ~35 ms each).
struct MailboxContentSource: MessageContentSource {
    let mailbox: Mailbox
    let recentHeaders = RecentHeaderBlocks()

    func structures(of messages: [MailboxView.Message]) -> MessageStructureStream {
        MessageStructureStream(HeaderKeepingSequence(base: mailbox.metadataRecords(of: messages), headers: recentHeaders))
    }

    func body(of message: MailboxView.Message, range: Range<Int>?) async throws -> BlobByteStream {
        if let range, let slice = heldBytes(of: message, range: range) {
            return BlobByteStream(SyncAsyncSequence(base: [slice]))
        }
        return try await mailbox.body(of: message, range: range)
    }

    func heldBytes(of message: MailboxView.Message, range: Range<Int>) -> ByteBuffer? {
        guard let header = recentHeaders.block(of: message.messageID), range.upperBound <= header.readableBytes,
            range.lowerBound >= 0
        else { return nil }
        return header.getSlice(at: header.readerIndex + range.lowerBound, length: range.count)
    }
}

/// The header blocks of the last `capacity` messages whose metadata was read (per command): enough
/// for FETCH and SEARCH, whose read-ahead reads structures `BodyReadAhead.depth` messages before
/// it answers.
final class RecentHeaderBlocks: Sendable {
    static let capacity = BodyReadAhead<Void>.depth + 2
    private let entries = NIOLockedValueBox<[(MessageID, ByteBuffer)]>([])

    func remember(_ id: MessageID, _ block: ByteBuffer?) {
        guard let block else { return }
        entries.withLockedValue { entries in
            entries.append((id, block))
            if entries.count > Self.capacity { entries.removeFirst() }
        }
    }

    func block(of id: MessageID) -> ByteBuffer? {
        entries.withLockedValue { entries in entries.last { $0.0 == id }?.1 }
    }
}

/// Metadata records reduced to structures, remembering each header block on the way.
struct HeaderKeepingSequence: AsyncSequence, Sendable {
    typealias Element = (MailboxView.Message, MessageStructure)
    let base: MessageMetadataSequence
    let headers: RecentHeaderBlocks

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: base.makeAsyncIterator(), headers: headers) }

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: MessageMetadataSequence.AsyncIterator
        let headers: RecentHeaderBlocks

        mutating func next() async throws -> Element? {
            guard let (message, metadata) = try await base.next() else { return nil }
            headers.remember(message.messageID, metadata.headerBlock)
            return (message, metadata.structure)
        }
    }
}

extension IMAPSession {
    /// What QUERY needs for a command on the selected mailbox.
    func queryContext(for current: SelectedMailbox) -> QueryContext {
        QueryContext(
            source: MailboxContentSource(mailbox: current.mailbox), limiter: context.bodyReadLimiter,
            user: machine.login ?? "", timeZone: context.timeZone, maxKeyBytes: context.limits.queryMaxKeyBytes)
    }
}
