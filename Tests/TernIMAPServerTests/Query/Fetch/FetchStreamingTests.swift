import NIOCore
import Testing
import TernIMAP
import TernMIME
import TernMail
import TernStorage

@testable import TernIMAPServer

/// FETCH of a 50 MB message streams it: at any moment the bytes read from storage but not yet handed
/// to the outbound stay within two storage chunks (invariant 4), counted, not timed.
@Suite struct FetchStreamingTests {
    static let chunkSize = 64 * 1024
    static let header = Array("Subject: big\r\nContent-Type: text/plain\r\n\r\n".utf8)
    static let bodySize = 50 * 1024 * 1024
    static var size: Int { header.count + bodySize }

    /// The body: lines of 78 letters and CRLF, the letter changing per line; it repeats every 26 lines.
    static let period = 26 * 80
    static let pattern: [UInt8] = {
        var line: [UInt8] = []
        for index in 0..<(period + chunkSize) {
            let column = index % 80
            line.append(column == 78 ? 0x0D : column == 79 ? 0x0A : UInt8(ascii: "a") + UInt8((index / 80) % 26))
        }
        return line
    }()

    /// Bytes `range` of the generated message (header, then the repeating body), built by copying.
    static func bytes(_ range: Range<Int>) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(range.count)
        var offset = range.lowerBound
        if offset < header.count {
            let end = min(header.count, range.upperBound)
            buffer.writeBytes(header[offset..<end])
            offset = end
        }
        while offset < range.upperBound {
            let start = (offset - header.count) % period
            let count = min(range.upperBound - offset, chunkSize)
            buffer.writeBytes(pattern[start..<start + count])
            offset += count
        }
        return buffer
    }

    final class Counters: @unchecked Sendable {
        let lock = QueryTestLock()
        var produced = 0
        var consumed = 0
        var maxInFlight = 0
        var largestWrite = 0
        /// QueryTestCursor in the literal of the next written byte, and whether every byte matched.
        var literalPosition = 0
        var contentMatches = true
    }

    struct GeneratedSource: MessageContentSource {
        let structure: MessageStructure
        let counters: Counters

        func structures(of messages: [MailboxView.Message]) -> MessageStructureStream {
            MessageStructureStream(QueryTestAsyncArray(elements: messages.map { ($0, structure) }))
        }

        func body(of message: MailboxView.Message, range: Range<Int>?) async throws -> BlobByteStream {
            let range = range ?? 0..<FetchStreamingTests.size
            let counters = self.counters
            return BlobByteStream(makeNext: {
                let position = QueryTestCursor(range.lowerBound)
                return {
                    guard position.value < range.upperBound else { return nil }
                    let end = min(position.value + FetchStreamingTests.chunkSize, range.upperBound)
                    let chunk = FetchStreamingTests.bytes(position.value..<end)
                    position.value = end
                    counters.lock.withLock {
                        counters.produced += chunk.readableBytes
                        counters.maxInFlight = max(counters.maxInFlight, counters.produced - counters.consumed)
                    }
                    return chunk
                }
            })
        }
    }

    struct CountingOutbound: IMAPOutbound {
        let counters: Counters
        func write(_ bytes: ByteBuffer) async throws {
            counters.lock.withLock {
                counters.consumed += bytes.readableBytes
                counters.largestWrite = max(counters.largestWrite, bytes.readableBytes)
                // Literal bytes arrive as written by the source: compare them with the message (memcmp).
                if bytes.readableBytes >= 1024 {
                    let expected = FetchStreamingTests.bytes(
                        counters.literalPosition..<counters.literalPosition + bytes.readableBytes)
                    if expected != bytes { counters.contentMatches = false }
                    counters.literalPosition += bytes.readableBytes
                }
            }
        }
    }

    @Test func fiftyMegabyteBodyStreamsWithBoundedBuffers() async throws {
        // The header is scanned for real; the body is a plain text leaf of known size and line count.
        var structure = MIMEScanner.scan(ByteBuffer(bytes: Self.header + Array("a\r\n".utf8)))
        structure.root.bodySize = Self.bodySize
        structure.root.bodyLines = Self.bodySize / 80
        structure.size = Self.size
        let mailbox = try TestMailbox([StoredMessage("Subject: placeholder\r\n\r\n")])
        let counters = Counters()
        let context = QueryContext(
            source: GeneratedSource(structure: structure, counters: counters),
            limiter: BodyReadLimiter(maxConcurrentReads: 1), user: "alice", timeZone: .utc)
        try await FetchResponder.fetch(
            FetchRequest(attributes: [.uid, .bodySection(.complete, partial: nil, peek: true)], isUID: false),
            messages: mailbox.messages, seenJustSet: [], options: .rfc3501, context: context,
            outbound: CountingOutbound(counters: counters))

        let prefix = Array("* 1 FETCH (UID 1 BODY[] {\(Self.size)}\r\n".utf8)
        let suffix = Array(")\r\n".utf8)
        counters.lock.withLock {
            #expect(counters.produced == Self.size)
            #expect(counters.consumed == prefix.count + Self.size + suffix.count)
            #expect(counters.contentMatches)
            // Every full chunk was compared; the 42-byte tail went out coalesced with ")\r\n".
            #expect(counters.literalPosition == Self.size - Self.size % Self.chunkSize)
            #expect(counters.maxInFlight <= 2 * Self.chunkSize, "bytes read but not written: \(counters.maxInFlight)")
            #expect(counters.largestWrite <= Self.chunkSize + FetchOutputLimits.flushThreshold)
        }
    }
}
