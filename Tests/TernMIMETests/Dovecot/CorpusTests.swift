import NIOCore
import Testing

@testable import TernMIME

/// Checks on the corpus itself and the scanner over it; they need no Dovecot.
@Suite struct CorpusTests {
    @Test func corpusIsLargeEnoughAndSmall() throws {
        let files = try CorpusFiles.load()
        #expect(files.count >= 150)
        let total = files.reduce(0) { $0 + $1.bytes.count }
        #expect(total < 3 * 1024 * 1024)
        #expect(files.contains { $0.name.hasPrefix("rw-") } && files.contains { $0.name.hasPrefix("t-") })
    }

    @Test func scanningInSmallChunksGivesTheSameStructure() throws {
        for file in try CorpusFiles.load() {
            let whole = MIMEScanner.scan(ByteBuffer(bytes: file.bytes))
            var scanner = MIMEScanner()
            var offset = 0
            var step = 1
            while offset < file.bytes.count {
                let end = min(file.bytes.count, offset + step)
                scanner.feed(ByteBuffer(bytes: file.bytes[offset..<end]))
                offset = end
                step = step % 13 + 1  // chunk sizes 1...13, cycling: cuts land everywhere
            }
            let chunked = scanner.finish()
            #expect(chunked == whole, "\(file.name)")
        }
    }
}
