import NIOCore
import Testing

@testable import TernMIME

@Suite struct CharsetDecoderTests {
    static let samples: [(String, [UInt8], String)] = [
        ("iso-8859-1", [0x47, 0x72, 0xFC, 0xDF, 0x65, 0x2C, 0x20, 0x63, 0x61, 0x66, 0xE9], "Grüße, café"),
        ("ISO-8859-2", [0x5A, 0x61, 0xBF, 0xF3, 0xB3, 0xE6, 0x20, 0x67, 0xEA, 0xB6, 0x6C, 0xB1], "Zażółć gęślą"),
        ("iso-8859-5", [0xBF, 0xE0, 0xD8, 0xD2, 0xD5, 0xE2], "Привет"),
        ("iso-8859-7", [0xCA, 0xE1, 0xEB, 0xE7, 0xEC, 0xDD, 0xF1, 0xE1], "Καλημέρα"),
        ("iso-8859-15", [0xA4, 0x75, 0x72, 0x6F], "€uro"),
        ("windows-1250", [0x5A, 0x61, 0xBF, 0xF3, 0xB3, 0xE6], "Zażółć"),
        ("windows-1251", [0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2, 0x20, 0xEC, 0xE8, 0xF0], "Привет мир"),
        ("windows-1252", [0x93, 0x71, 0x75, 0x6F, 0x74, 0x65, 0x73, 0x94, 0x20, 0x96, 0x20, 0x80], "“quotes” – €"),
        ("koi8-r", [0xF0, 0xD2, 0xC9, 0xD7, 0xC5, 0xD4, 0x20, 0xCD, 0xC9, 0xD2], "Привет мир"),
        ("gb2312", [0xC4, 0xE3, 0xBA, 0xC3, 0xCA, 0xC0, 0xBD, 0xE7], "你好世界"),
        ("gbk", [0xC4, 0xE3, 0xBA, 0xC3, 0xA3, 0xAC, 0xCA, 0xC0, 0xBD, 0xE7], "你好，世界"),
        ("big5", [0xA7, 0x41, 0xA6, 0x6E, 0xA5, 0x40, 0xAC, 0xC9], "你好世界"),
        (
            "shift_jis", [0x82, 0xB1, 0x82, 0xF1, 0x82, 0xC9, 0x82, 0xBF, 0x82, 0xCD, 0x90, 0xA2, 0x8A, 0x45],
            "こんにちは世界"
        ),
        (
            "euc-jp", [0xA4, 0xB3, 0xA4, 0xF3, 0xA4, 0xCB, 0xA4, 0xC1, 0xA4, 0xCF, 0xC0, 0xA4, 0xB3, 0xA6],
            "こんにちは世界"
        ),
        (
            "iso-2022-jp",
            [
                0x1B, 0x24, 0x42, 0x24, 0x33, 0x24, 0x73, 0x24, 0x4B, 0x24, 0x41, 0x24, 0x4F, 0x40, 0x24, 0x33,
                0x26, 0x1B, 0x28, 0x42,
            ], "こんにちは世界"
        ),
        (
            "utf-8", [0x68, 0xC3, 0xA9, 0x6C, 0x6C, 0x6F, 0x20, 0xE2, 0x9C, 0x93, 0x20, 0xF0, 0x9F, 0x98, 0x80],
            "héllo ✓ 😀"
        ),
        ("\"UTF8\"", [0x68, 0xC3, 0xA9], "hé"),
        ("us-ascii", [0x68, 0xC3, 0xA9], "hé"),  // 8-bit "ASCII" is read as UTF-8
    ]

    @Test func convertsEveryRequiredCharset() throws {
        for (charset, input, expected) in Self.samples {
            var decoder = try CharsetDecoder(charset: charset)
            let output = decoder.transformAll(input)
            #expect(String(decoding: output, as: UTF8.self) == expected, "\(charset)")
            #expect(!decoder.sawInvalidInput, "\(charset)")
        }
    }

    @Test func everySplitGivesTheSameOutput() throws {
        for (charset, input, expected) in Self.samples {
            let violation = try splitInvarianceViolation({ try CharsetDecoder(charset: charset) }, input)
            #expect(violation == nil, "\(charset): \(violation ?? "")")
            let byteAtATime = try transform(
                { try CharsetDecoder(charset: charset) },
                input,
                cuts: Array(0..<input.count)
            )
            #expect(String(decoding: byteAtATime, as: UTF8.self) == expected, "\(charset)")
        }
    }

    @Test func invalidBytesBecomeReplacementCharacters() throws {
        var decoder = try CharsetDecoder(charset: "utf-8")
        let output = decoder.transformAll([0x61, 0xFF, 0x62, 0xE2, 0x9C])
        #expect(String(decoding: output, as: UTF8.self) == "a\u{FFFD}b\u{FFFD}")
        #expect(decoder.sawInvalidInput)
    }

    @Test func utf8OutputIsAlwaysValid() throws {
        // glibc's iconv passes 5-byte forms through; the decoder validates UTF-8 itself.
        var decoder = try CharsetDecoder(charset: "utf-8")
        let output = decoder.transformAll([0x61, 0xF8, 0x88, 0x80, 0x80, 0x80, 0xED, 0xA0, 0x80, 0xC0, 0xAF, 0x62])
        #expect(String(validating: output, as: UTF8.self) != nil)
        #expect(String(decoding: output, as: UTF8.self).hasPrefix("a\u{FFFD}"))
        #expect(output.last == 0x62)
        let seed = UInt64.random(in: 0...UInt64.max)
        var random = SeededGenerator(seed: seed)
        for charset in ["utf-8", "iso-8859-1", "gb2312", "iso-2022-jp", "utf-7", "big5"] {
            for _ in 0..<50 {
                let input = (0..<Int.random(in: 0...40, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
                var decoder = try CharsetDecoder(charset: charset)
                let output = decoder.transformAll(input)
                #expect(String(validating: output, as: UTF8.self) != nil, "seed \(seed), \(charset), input \(input)")
            }
        }
    }

    @Test func unknownCharsetIsAnError() {
        #expect(throws: CharsetDecoder.Error.self) { try CharsetDecoder(charset: "x-no-such-charset") }
        #expect(throws: CharsetDecoder.Error.self) { try CharsetDecoder(charset: "utf-8//TRANSLIT") }
        #expect(throws: CharsetDecoder.Error.self) { try CharsetDecoder(charset: "") }
        #expect(!CharsetDecoder.isSupported("unknown-8bit"))
        #expect(CharsetDecoder.isSupported("Windows-1252"))
    }

    @Test func randomizedBytesNeverBreakSplitInvariance() throws {
        let seed = UInt64.random(in: 0...UInt64.max)
        var random = SeededGenerator(seed: seed)
        for charset in ["utf-8", "shift_jis", "gb2312", "big5", "euc-jp", "iso-2022-jp"] {
            for _ in 0..<40 {
                let input = (0..<Int.random(in: 0...40, using: &random)).map { _ in
                    UInt8.random(in: 0...255, using: &random)
                }
                let whole = try transform({ try CharsetDecoder(charset: charset) }, input, cuts: [])
                let cut = Int.random(in: 0...input.count, using: &random)
                let split = try transform({ try CharsetDecoder(charset: charset) }, input, cuts: [cut])
                #expect(split == whole, "seed \(seed), \(charset), input \(input), cut \(cut)")
                if split != whole { return }
            }
        }
    }

    @Test func asyncAdapterConverts() async throws {
        let stream = AsyncStream<ByteBuffer> { continuation in
            continuation.yield(ByteBuffer(bytes: [0xF0, 0xD2, 0xC9]))
            continuation.yield(ByteBuffer(bytes: [0xD7, 0xC5, 0xD4]))
            continuation.finish()
        }
        var collected: [UInt8] = []
        for try await chunk in try stream.charsetDecoded("KOI8-R") { collected += chunk.readableBytesView }
        #expect(String(decoding: collected, as: UTF8.self) == "Привет")
    }
}
