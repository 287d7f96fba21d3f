import Testing
@testable import TernMIME

/// The scanner's working buffers stay within their limits whatever the line lengths.
@Suite struct ScannerMemoryBoundTests {
    @Test func hugeLinesDoNotGrowTheBuffers() {
        let limits = MIMEScanLimits(maxFieldBytes: 4096)
        var scanner = MIMEScanner(limits: limits)
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 64 * 1024)
        var largest = 0
        func feed(_ bytes: [UInt8]) {
            scanner.feed(bytes)
            largest = max(largest, scanner.lineBuffer.count, scanner.field.count)
        }
        feed(Array("Subject: ".utf8))
        for _ in 0..<80 { feed(chunk) }  // a 5 MB recorded field
        feed(Array("\r\n".utf8))
        for _ in 0..<80 { feed(chunk) }  // a 5 MB line without colon
        feed(Array("\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\n".utf8))
        for _ in 0..<160 { feed(chunk) }  // a 10 MB body line
        feed(Array("\r\n--b--\r\n".utf8))
        let s = scanner.finish()
        #expect(largest <= limits.maxFieldBytes)
        #expect(s.envelope.subject?.count ?? 0 <= limits.maxFieldBytes)
        #expect(s.partCount == 2)
        #expect(s.root.children[0].bodySize == 160 * chunk.count)
    }
}
