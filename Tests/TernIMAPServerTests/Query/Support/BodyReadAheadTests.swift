import NIOCore
import Testing
import TernIMAP
import TernMIME
import TernMail
import TernStorage

@testable import TernIMAPServer

/// FETCH and SEARCH open bodies ahead of the message they answer: never more than
/// `BodyReadAhead.depth` ahead (the memory bound), answers in request order, and a message whose
/// read fails fails in its turn, after the answers before it.
@Suite struct BodyReadAheadTests {
    /// Counts bodies opened and not yet read to their last byte; fails the open of one message if asked.
    final class TrackingSource: MessageContentSource, @unchecked Sendable {
        let base: MemorySource
        let failing: MessageID?
        private let lock = QueryTestLock()
        private var open = 0
        private var _maxOpen = 0

        init(base: MemorySource, failing: MessageID? = nil) {
            self.base = base
            self.failing = failing
        }

        var maxOpen: Int { lock.withLock { _maxOpen } }

        func structures(of messages: [MailboxView.Message]) -> MessageStructureStream {
            base.structures(of: messages)
        }

        func body(of message: MailboxView.Message, range: Range<Int>?) async throws -> BlobByteStream {
            if message.messageID == failing { throw StorageError(.unavailable, "injected open failure") }
            let inner = try await base.body(of: message, range: range)
            let size = Int(message.size)
            let wanted = range.map { min($0.upperBound, size) - min($0.lowerBound, size) } ?? size
            lock.withLock {
                open += 1
                _maxOpen = max(_maxOpen, open)
            }
            return BlobByteStream(makeNext: {
                var iterator = inner.makeAsyncIterator()
                var delivered = 0
                var ended = false
                return {
                    let chunk = try await iterator.next()
                    delivered += chunk?.readableBytes ?? 0
                    if (chunk == nil || delivered >= wanted) && !ended {
                        ended = true
                        self.lock.withLock { self.open -= 1 }
                    }
                    return chunk
                }
            })
        }
    }

    static func mailbox(count: Int) throws -> TestMailbox {
        try TestMailbox(
            (1...count).map { index in
                StoredMessage("Subject: message \(index)\r\n\r\nbody of message \(index)\(index == 77 ? " needle" : "")\r\n")
            })
    }

    @Test func fetchOpensAtMostDepthAheadAndAnswersInOrder() async throws {
        let mailbox = try Self.mailbox(count: 100)
        let source = TrackingSource(base: mailbox.source)
        let outbound = RecordingOutbound()
        try await FetchResponder.fetch(
            FetchRequest(attributes: [.bodySection(.complete, partial: nil, peek: true)], isUID: false),
            messages: mailbox.messages, seenJustSet: [], options: .rfc3501,
            context: QueryContext(source: source, limiter: BodyReadLimiter(maxConcurrentReads: 64), user: "alice"),
            outbound: outbound)
        let text = await outbound.text
        var position = text.startIndex
        for index in 1...100 {
            let line = "* \(index) FETCH (BODY[] "
            let found = try #require(text.range(of: line, range: position..<text.endIndex), "message \(index)")
            let body = "body of message \(index)"
            #expect(text.range(of: body, range: found.upperBound..<text.endIndex) != nil)
            position = found.upperBound
        }
        #expect(source.maxOpen >= 2)  // it did read ahead
        #expect(source.maxOpen <= BodyReadAhead<Void>.depth + 1)
    }

    @Test func fetchFailsAtTheMessageWhoseReadFailedAfterAnsweringTheOnesBefore() async throws {
        let mailbox = try Self.mailbox(count: 40)
        let failing = mailbox.messages[9].message.messageID
        let source = TrackingSource(base: mailbox.source, failing: failing)
        let outbound = RecordingOutbound()
        await #expect(throws: QueryError.self) {
            try await FetchResponder.fetch(
                FetchRequest(attributes: [.bodySection(.complete, partial: nil, peek: true)], isUID: false),
                messages: mailbox.messages, seenJustSet: [], options: .rfc3501,
                context: QueryContext(source: source, limiter: BodyReadLimiter(maxConcurrentReads: 64), user: "alice"),
                outbound: outbound)
        }
        let text = await outbound.text
        #expect(text.contains("* 9 FETCH"))
        #expect(!text.contains("* 10 FETCH"))
        #expect(!text.contains("* 11 FETCH"))
    }

    @Test func searchTextReadsAheadAndFindsTheSameMessages() async throws {
        let mailbox = try Self.mailbox(count: 100)
        let source = TrackingSource(base: mailbox.source)
        let result = try await SearchEvaluator.search(
            [.text(ByteString("needle", form: .atom))], charset: nil, in: mailbox.messages, savedResult: nil,
            context: QueryContext(source: source, limiter: BodyReadLimiter(maxConcurrentReads: 64), user: "alice"))
        #expect(result.messages.map(\.sequenceNumber) == [77])
        // The match stops reading its message, which therefore stays counted as open.
        #expect(source.maxOpen >= 2)
        #expect(source.maxOpen <= BodyReadAhead<Void>.depth + 2)
    }
}
