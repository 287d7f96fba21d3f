import NIOCore
import Testing

@testable import TernMIME

@Suite struct Base64StreamDecoderTests {
    @Test(arguments: [
        ("aGVsbG8gd29ybGQ=", "hello world", false),
        ("aGVs\r\nbG8g\r\nd29y\r\nbGQ=\r\n", "hello world", false),
        ("aGVsbG8", "hello", true),  // missing padding: whole bytes still come out
        ("aGVsbG8=", "hello", false),
        ("aGVs bG8*gd29y!bGQ=", "hello world", true),  // garbage skipped
        ("aGk=IGdhcmJhZ2U=", "hi", true),  // data after the pad is ignored
        ("", "", false),
        ("YQ==", "a", false),
        ("Y", "", true),
    ])
    func decodes(input: String, expected: String, invalid: Bool) {
        var decoder = Base64StreamDecoder()
        let output = decoder.transformAll(bytes(input))
        #expect(output == bytes(expected))
        #expect(decoder.sawInvalidInput == invalid)
    }

    @Test func everySplitGivesTheSameOutput() {
        let input = bytes("SGVsbG8s\r\nIFdvcmxkIQ==\r\n")
        #expect(splitInvarianceViolation({ Base64StreamDecoder() }, input) == nil)
        #expect(transform({ Base64StreamDecoder() }, input, cuts: []) == bytes("Hello, World!"))
    }

    @Test func randomizedRoundTripAndSplits() {
        let seed = UInt64.random(in: 0...UInt64.max)
        var random = SeededGenerator(seed: seed)
        for _ in 0..<300 {
            let length = Int.random(in: 0...200, using: &random)
            let data = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            let encoded = Array(Self.encode(data, lineLength: Int.random(in: 4...76, using: &random)).utf8)
            let cuts = (0..<Int.random(in: 0...6, using: &random)).map { _ in
                Int.random(in: 0...encoded.count, using: &random)
            }
            let decoded = transform({ Base64StreamDecoder() }, encoded, cuts: cuts)
            #expect(decoded == data, "seed \(seed), cuts \(cuts)")
            if decoded != data { return }
        }
    }

    /// A plain encoder for the tests (RFC 4648 alphabet, CRLF line breaks).
    static func encode(_ data: [UInt8], lineLength: Int) -> String {
        let alphabet = [Character]("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        var text = ""
        var index = 0
        while index < data.count {
            let chunk = Array(data[index..<Swift.min(index + 3, data.count)])
            let value = chunk.enumerated().reduce(0) { $0 | Int($1.element) << (16 - 8 * $1.offset) }
            for position in 0..<4 {
                text.append(position <= chunk.count ? alphabet[(value >> (18 - 6 * position)) & 63] : "=")
            }
            index += 3
        }
        var lines: [String] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            lines.append(String(rest.prefix(lineLength)))
            rest = rest.dropFirst(lineLength)
        }
        return lines.joined(separator: "\r\n")
    }
}

@Suite struct QuotedPrintableStreamDecoderTests {
    @Test(arguments: [
        ("caf=C3=A9", "café", false),
        ("caf=c3=a9", "café", false),  // lowercase hex tolerated
        ("soft=\r\nbreak", "softbreak", false),
        ("soft= \t\r\nbreak", "softbreak", false),  // blanks after the soft-break "="
        ("soft=\nbreak", "softbreak", false),  // bare LF
        ("trailing   \r\nblanks", "trailing\r\nblanks", false),
        ("keep  =\r\nblanks", "keep  blanks", false),
        ("a=3Db", "a=b", false),
        ("broken=ZZ here", "broken=ZZ here", true),
        ("broken =\r", "broken ", false),  // "=" CR at the end: a soft break missing its LF
        ("end=", "end", false),
        ("bare\nlf", "bare\nlf", false),
        ("lone\rcr", "lone\rcr", false),
        ("tail blanks  ", "tail blanks", false),
        ("=4", "=4", true),
        ("a=\t x", "a=\t x", true),  // "=" + blanks + data: kept exactly
        ("a= \r\nb", "ab", false),
    ])
    func decodes(input: String, expected: String, invalid: Bool) {
        var decoder = QuotedPrintableStreamDecoder()
        let output = decoder.transformAll(bytes(input))
        #expect(output == bytes(expected), "\(String(decoding: output, as: UTF8.self).debugDescription)")
        #expect(decoder.sawInvalidInput == invalid)
    }

    @Test func everySplitGivesTheSameOutput() {
        let input = bytes("Caf=C3=A9 au lait  \r\nsoft=  \r\nbreak =3D done=\r\n=ZZ tail  ")
        #expect(splitInvarianceViolation({ QuotedPrintableStreamDecoder() }, input) == nil)
    }

    @Test func randomizedSplitsOfRandomQPLikeInput() {
        let seed = UInt64.random(in: 0...UInt64.max)
        var random = SeededGenerator(seed: seed)
        let alphabet = Array("=\r\n \tAaF09z".utf8)
        for _ in 0..<300 {
            let input = (0..<Int.random(in: 0...60, using: &random)).map { _ in alphabet.randomElement(using: &random)!
            }
            let whole = transform({ QuotedPrintableStreamDecoder() }, input, cuts: [])
            let cuts = (0..<3).map { _ in Int.random(in: 0...input.count, using: &random) }
            let split = transform({ QuotedPrintableStreamDecoder() }, input, cuts: cuts)
            #expect(split == whole, "seed \(seed), input \(input), cuts \(cuts)")
            if split != whole { return }
        }
    }

    @Test func longBlankRunIsBoundedAndKept() {
        let blanks = String(repeating: " ", count: QuotedPrintableStreamDecoder.maxPendingBlanks + 10)
        var decoder = QuotedPrintableStreamDecoder()
        let output = decoder.transformAll(bytes("a" + blanks + "b"))
        #expect(output == bytes("a" + blanks + "b"))
    }
}

@Suite struct TransferDecoderTests {
    @Test func picksTheDecoderForTheEncoding() {
        var base64 = TransferDecoder(contentTransferEncoding: "BASE64")
        #expect(base64?.transformAll(bytes("aGk=")) == bytes("hi"))
        var qp = TransferDecoder(contentTransferEncoding: "Quoted-Printable")
        #expect(qp?.transformAll(bytes("h=69")) == bytes("hi"))
        var identity = TransferDecoder(contentTransferEncoding: nil)
        #expect(identity?.transformAll(bytes("=69")) == bytes("=69"))
        #expect(TransferDecoder(contentTransferEncoding: "x-uuencode").map { _ in true } == nil)
    }

    @Test func asyncAdapterDecodesChunks() async throws {
        let chunks = ["aGVs", "bG8g", "d29y", "bGQ", "="].map { ByteBuffer(string: $0) }
        let stream = AsyncStream<ByteBuffer> { continuation in
            for chunk in chunks { continuation.yield(chunk) }
            continuation.finish()
        }
        var collected: [UInt8] = []
        for try await chunk in try #require(stream.transferDecoded("base64")) {
            collected += chunk.readableBytesView
        }
        #expect(collected == bytes("hello world"))
    }
}
