import NIOCore
import TernLMTP
import Testing

@Suite struct DotUnstuffingDecoderTests {
    struct Decoded: Equatable {
        var output: [UInt8]
        var finished: Bool
        var rest: [UInt8]
        var exceededLimit: Bool
        var sawBareLineFeed: Bool
    }

    /// Feeds `input` in chunks cut at `cuts` (sorted offsets) and returns everything observable.
    static func decode(_ input: [UInt8], cuts: [Int] = [], limit: Int = 1 << 20) -> Decoded {
        var decoder = DotUnstuffingDecoder(maxMessageBytes: limit)
        var output = ByteBuffer()
        var rest: [UInt8] = []
        let bounds = [0] + cuts + [input.count]
        for (start, end) in zip(bounds, bounds.dropFirst()) {
            var chunk = ByteBuffer(bytes: input[start..<end])
            if decoder.isFinished {
                rest += chunk.readableBytesView
                continue
            }
            decoder.decode(&chunk, into: &output)
            rest += chunk.readableBytesView
        }
        return Decoded(
            output: Array(output.readableBytesView),
            finished: decoder.isFinished,
            rest: rest,
            exceededLimit: decoder.exceededLimit,
            sawBareLineFeed: decoder.sawBareLineFeed
        )
    }

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test(arguments: [
        ("hello\r\n.\r\n", "hello\r\n", ""),
        (".\r\n", "", ""),
        ("..\r\n.\r\n", ".\r\n", ""),
        ("...x\r\n.\r\n", "..x\r\n", ""),
        (".x\r\n.\r\n", "x\r\n", ""),
        ("a.b\r\n.\r\n", "a.b\r\n", ""),
        ("a\r\n\r\n.\r\nNOOP\r\n", "a\r\n\r\n", "NOOP\r\n"),
        ("bare\rcr\r\n.\r\n", "bare\rcr\r\n", ""),
        ("x\r\r\n.\r\n", "x\r\r\n", ""),
        (".\rx\r\n.\r\n", "\rx\r\n", ""),
        (".\r.\r\n.\r\n", "\r.\r\n", ""),
        (".\r\r\n.\r\n", "\r\r\n", ""),
        ("\r\r\n.\r\n", "\r\r\n", ""),
    ])
    func decodesAndStopsAtTheTerminator(input: String, expected: String, rest: String) {
        let result = Self.decode(Self.bytes(input))
        #expect(
            result
                == Decoded(
                    output: Self.bytes(expected),
                    finished: true,
                    rest: Self.bytes(rest),
                    exceededLimit: false,
                    sawBareLineFeed: false
                )
        )
    }

    @Test func unfinishedInputIsNotFinished() {
        for input in ["abc", "abc\r\n", "abc\r\n.", "abc\r\n.\r", "abc\n.\n", "abc\n.\r\n", "abc\r\n.\n"] {
            #expect(!Self.decode(Self.bytes(input)).finished, "\(input.debugDescription)")
        }
    }

    @Test func bareLineFeedMarksTheMessageAndIsNeverALineEnd() {
        let result = Self.decode(Self.bytes("a\n.\nb\r\n..\n\r\n.\r\nQUIT\r\n"))
        #expect(result.finished)
        #expect(result.sawBareLineFeed)
        #expect(result.output.isEmpty)
        #expect(result.rest == Self.bytes("QUIT\r\n"))
    }

    /// A terminator split at every possible position gives the same result as the whole input.
    @Test func everySplitPositionMatchesWhole() {
        let input = Self.bytes("From: a\r\n\r\n.hidden\r\n..\r\nx\ry\r\n\r\n.\r\nRSET\r\n")
        let whole = Self.decode(input)
        #expect(whole.finished)
        for cut in 0...input.count {
            #expect(Self.decode(input, cuts: [cut]) == whole, "cut at \(cut)")
            for second in cut...input.count {
                #expect(Self.decode(input, cuts: [cut, second]) == whole, "cuts at \(cut), \(second)")
            }
        }
        #expect(Self.decode(input, cuts: Array(1..<input.count)) == whole)
    }

    @Test func sizeLimitStopsOutputButFindsTheEnd() {
        let result = Self.decode(Self.bytes("0123456789\r\nabc\r\n.\r\nNOOP\r\n"), cuts: [3, 15], limit: 12)
        #expect(result.finished)
        #expect(result.exceededLimit)
        #expect(result.rest == Self.bytes("NOOP\r\n"))
        #expect(Self.decode(Self.bytes("0123456789\r\n.\r\n"), limit: 12).exceededLimit == false)
    }

    /// Seeded random messages: stuffing then decoding gives the original back, for any chunking.
    @Test func randomRoundTrips() {
        let seed = UInt64.random(in: 0 ... .max)
        var generator = SplitMix64(seed: seed)
        for _ in 0..<300 {
            let lines = (0..<Int.random(in: 0..<12, using: &generator)).map { _ in
                (0..<Int.random(in: 0..<20, using: &generator)).map { _ in
                    [UInt8(ascii: "."), UInt8(ascii: "a"), UInt8(ascii: "\r"), 0xC3, 0x00].randomElement(
                        using: &generator
                    )!
                }
            }
            let crlf: [UInt8] = [13, 10]
            let message: [UInt8] = lines.flatMap { line -> [UInt8] in line + crlf }
            // Stuff: a leading dot doubles. A line ending in CR is followed by CRLF, which stays as is.
            let stuffed: [UInt8] = lines.flatMap { line -> [UInt8] in
                (line.first == UInt8(ascii: ".") ? [UInt8(ascii: ".")] : []) + line + crlf
            }
            let wire = stuffed + Self.bytes(".\r\nNEXT")
            let cuts = (0..<Int.random(in: 0..<6, using: &generator)).map { _ in
                Int.random(in: 0...wire.count, using: &generator)
            }.sorted()
            let result = Self.decode(wire, cuts: cuts)
            #expect(
                result
                    == Decoded(
                        output: message,
                        finished: true,
                        rest: Self.bytes("NEXT"),
                        exceededLimit: false,
                        sawBareLineFeed: false
                    ),
                "seed \(seed)"
            )
        }
    }
}

/// A small deterministic generator so randomized tests can be replayed from their printed seed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
