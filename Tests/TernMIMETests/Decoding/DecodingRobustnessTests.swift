import NIOCore
import Testing

@testable import TernMIME

/// Seeded random inputs built from the characters that matter to each decoder: the decoders must
/// never trap, and must agree with themselves (same input, same output; any split, same output).
@Suite struct DecodingRobustnessTests {
    @Test func encodedWordsNeverTrap() {
        let seed = UInt64.random(in: 0...UInt64.max)
        var random = SeededGenerator(seed: seed)
        let pieces = [
            "=?", "?=", "?", "=", "utf-8", "UTF-8", "iso-8859-1", "koi8-r", "x-bogus", "*en", "B", "Q", "q", "b",
            "_", "=C3", "=A9", "=E2=9C", "4pyT", "w6k=", " ", "\t", "\r\n ", "a", "Ω", "\u{FF}",
        ]
        for _ in 0..<3000 {
            let input = (0..<Int.random(in: 0...24, using: &random)).map { _ in pieces.randomElement(using: &random)! }
                .joined()
            var bytes = Array(input.utf8)
            if Bool.random(using: &random), !bytes.isEmpty {
                bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0x80...0xFF, using: &random)
            }
            let first = EncodedWordDecoder.decode(bytes, fallbackCharset: "windows-1252")
            let second = EncodedWordDecoder.decode(bytes, fallbackCharset: "windows-1252")
            #expect(first == second, "seed \(seed), input \(bytes)")
        }
    }

    @Test func datesNeverTrap() {
        let seed = UInt64.random(in: 0...UInt64.max)
        var random = SeededGenerator(seed: seed)
        let pieces = [
            "Mon", ",", " ", "5", "31", "Jan", "Feb", "2024", "24", "097", "10:00", "10:00:60", "25:61", "+0100",
            "-0000", "+99:99", "GMT", "EST", "Z", "(", ")", "-", "2024-01-05T10:00:00Z", "T", ".", ":", "+", "x",
        ]
        for _ in 0..<3000 {
            let input = (0..<Int.random(in: 0...12, using: &random)).map { _ in pieces.randomElement(using: &random)! }
                .joined()
            if let date = DateParser.parse(input) {
                #expect((1...12).contains(date.month) && (1...31).contains(date.day), "seed \(seed), input \(input)")
                #expect(abs(date.utcOffsetMinutes) < 24 * 60, "seed \(seed), input \(input)")
                _ = date.description
                _ = date.secondsSince1970
            }
        }
    }

    @Test func transferDecodersOnRandomBytesSplitAnywhere() {
        let seed = UInt64.random(in: 0...UInt64.max)
        var random = SeededGenerator(seed: seed)
        for _ in 0..<500 {
            let input = (0..<Int.random(in: 0...80, using: &random)).map { _ in
                UInt8.random(in: 0...255, using: &random)
            }
            let cuts = (0..<4).map { _ in Int.random(in: 0...input.count, using: &random) }
            for make in [
                { TransferDecoder.base64(Base64StreamDecoder()) },
                { TransferDecoder.quotedPrintable(QuotedPrintableStreamDecoder()) },
            ] {
                let whole = transform(make, input, cuts: [])
                let split = transform(make, input, cuts: cuts)
                #expect(whole == split, "seed \(seed), input \(input), cuts \(cuts)")
            }
        }
    }
}
