import NIOCore
import Testing
import TernMIME

/// The scanner must give the same structure whatever the chunking of its input.
@Suite struct ChunkingTests {
    @Test func byteAtATimeEqualsWholeBufferForEveryMessage() throws {
        let messages = try MIMEFixtures.allMessages()
        #expect(messages.count >= 10)
        for (name, bytes) in messages {
            let whole = MIMEScanner.scan(ByteBuffer(bytes: bytes))
            var scanner = MIMEScanner()
            for b in bytes { scanner.feed(ByteBuffer(bytes: [b])) }
            let single = scanner.finish()
            #expect(single == whole, "\(name)")
            var random = SplitMix64(seed: UInt64(bytes.count))
            var chunked = MIMEScanner()
            var i = 0
            while i < bytes.count {
                let n = min(bytes.count - i, Int(random.next() % 97) + 1)
                chunked.feed(Array(bytes[i..<i + n]))
                i += n
            }
            #expect(chunked.finish() == whole, "\(name) random chunks")
        }
    }
}
