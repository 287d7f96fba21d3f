/// Produces the bytes of one generated message in chunks, so a 20 MB message never sits in memory:
/// fixed parts (headers, MIME boundaries) are small, and text / base64 filler is generated on demand.
/// The total is exactly `spec.size` bytes, except for sizes below the fixed headers (~0.5 KB), which
/// come out as the headers alone.
public struct MessageStream: Sendable {
    public let spec: MessageSpec
    /// Exact byte count this stream will produce.
    public let byteCount: Int
    private var segments: [Segment]
    private var current = 0
    private var random: SplitMix64
    /// Filler state: bytes left in the current generated segment and the pending line.
    private var fillerRemaining: Int?
    private var line: [UInt8] = []
    private var lineOffset = 0

    enum Segment: Sendable {
        case fixed([UInt8])
        /// Text lines of words, exactly `count` bytes, no trailing CRLF.
        case text(count: Int)
        /// Base64 lines of 76 characters plus CRLF.
        case base64(lines: Int)
    }

    public init(spec: MessageSpec, user: String) {
        self.spec = spec
        random = SplitMix64(seed: spec.seed ^ 0x5A5A_5A5A)
        segments = MessageLayout.segments(for: spec, user: user, random: &random)
        byteCount = segments.reduce(0) { total, segment in
            switch segment {
            case .fixed(let bytes): return total + bytes.count
            case .text(let count): return total + count
            case .base64(let lines): return total + lines * 78
            }
        }
    }

    /// Appends up to `maximum` more bytes to `output`; returns false once the message is complete.
    public mutating func nextChunk(maximum: Int, into output: inout [UInt8]) -> Bool {
        var budget = maximum
        while budget > 0, current < segments.count {
            switch segments[current] {
            case .fixed(let bytes):
                let start = fillerRemaining.map { bytes.count - $0 } ?? 0
                let count = min(budget, bytes.count - start)
                output.append(contentsOf: bytes[start..<(start + count)])
                budget -= count
                advance(remainingAfter: bytes.count - start - count)
            case .text(let total):
                let remaining = fillerRemaining ?? total
                let produced = emitText(remaining: remaining, budget: budget, into: &output)
                budget -= produced
                advance(remainingAfter: remaining - produced)
            case .base64(let lines):
                let remaining = fillerRemaining ?? lines * 78
                let produced = emitBase64(remaining: remaining, budget: budget, into: &output)
                budget -= produced
                advance(remainingAfter: remaining - produced)
            }
        }
        return current < segments.count
    }

    private mutating func advance(remainingAfter remaining: Int) {
        if remaining == 0 {
            current += 1
            fillerRemaining = nil
            line = []
            lineOffset = 0
        } else {
            fillerRemaining = remaining
        }
    }

    /// Text: lines of ~60-72 characters; the last line is cut or padded so the segment is exact.
    private mutating func emitText(remaining: Int, budget: Int, into output: inout [UInt8]) -> Int {
        var produced = 0
        var left = remaining
        while produced < budget, left > 0 {
            if lineOffset == line.count {
                line = makeTextLine()
                lineOffset = 0
                if left > line.count + 2 {
                    line += [13, 10]
                } else {
                    // Final line: exactly `left` bytes, no line end (the fixed part after it starts with CRLF).
                    while line.count < left { line.append(UInt8(ascii: ".")) }
                    line.removeLast(line.count - left)
                }
            }
            let count = min(budget - produced, line.count - lineOffset)
            output.append(contentsOf: line[lineOffset..<(lineOffset + count)])
            lineOffset += count
            produced += count
            left -= count
        }
        return produced
    }

    private mutating func makeTextLine() -> [UInt8] {
        var result: [UInt8] = []
        let rareChance = spec.hasRareWord ? 0.01 : 0
        while result.count < 60 {
            if !result.isEmpty { result.append(UInt8(ascii: " ")) }
            if random.unit() < rareChance {
                result += Array(MessageGenerator.rareWord.utf8)
            } else {
                result += Vocabulary.words[Int(random.next() % UInt64(Vocabulary.words.count))]
            }
        }
        return result
    }

    private static let base64Alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    private mutating func emitBase64(remaining: Int, budget: Int, into output: inout [UInt8]) -> Int {
        var produced = 0
        var left = remaining
        while produced < budget, left > 0 {
            if lineOffset == line.count {
                line = []
                line.reserveCapacity(78)
                var bits = random.next()
                for index in 0..<76 {
                    if index % 10 == 0 { bits = random.next() }
                    line.append(Self.base64Alphabet[Int(bits & 63)])
                    bits >>= 6
                }
                line += [13, 10]
                lineOffset = 0
            }
            let count = min(budget - produced, line.count - lineOffset)
            output.append(contentsOf: line[lineOffset..<(lineOffset + count)])
            lineOffset += count
            produced += count
            left -= count
        }
        return produced
    }
}
