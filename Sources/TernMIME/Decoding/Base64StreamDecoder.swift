import NIOCore

/// Streaming base64 decoder (RFC 2045 section 6.8), tolerant of what real mail contains.
///
/// Characters outside the base64 alphabet (line breaks, spaces, garbage) are skipped, as RFC 2045
/// asks ("must be ignored"). Decoding stops at the first `=` pad: everything after it is ignored, as
/// it can only be garbage. A final incomplete quantum yields the whole bytes it holds (2 or 3
/// characters) and sets `sawInvalidInput`. State between chunks: one quantum (at most 3 sextets).
public struct Base64StreamDecoder: ByteStreamTransform, Sendable {
    private var quantum: UInt32 = 0
    private var sextets: Int = 0
    private var ended = false
    /// True once input held something a strict decoder would reject (garbage, a lone trailing
    /// character, data after the padding). Output is still produced.
    public private(set) var sawInvalidInput = false

    public init() {}

    public mutating func feed(_ chunk: ByteBuffer, into output: inout ByteBuffer) {
        guard chunk.readableBytes > 0 else { return }
        if self.ended {
            if chunk.readableBytesView.contains(where: { Self.table[Int($0)] < 64 }) { self.sawInvalidInput = true }
            return
        }
        _ = chunk.withUnsafeReadableBytes { input in
            output.writeWithUnsafeMutableBytes(minimumWritableBytes: input.count / 4 * 3 + 3) { out in
                self.decode(input, into: out)
            }
        }
    }

    /// Decodes `input` into `out` (large enough: 3 bytes per 4 input bytes, plus 3); returns the count written.
    private mutating func decode(_ input: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer) -> Int {
        var written = 0
        var quantum = self.quantum
        var sextets = self.sextets
        for byte in input {
            let value = Self.table[Int(byte)]
            if value < 64 {
                if self.ended {
                    self.sawInvalidInput = true
                    continue
                }
                quantum = quantum << 6 | UInt32(value)
                sextets += 1
                if sextets == 4 {
                    out[written] = UInt8(truncatingIfNeeded: quantum >> 16)
                    out[written + 1] = UInt8(truncatingIfNeeded: quantum >> 8)
                    out[written + 2] = UInt8(truncatingIfNeeded: quantum)
                    written += 3
                    quantum = 0
                    sextets = 0
                }
            } else if value == Self.pad {
                self.ended = true
            } else if value == Self.invalid {
                self.sawInvalidInput = true
            }
        }
        self.quantum = quantum
        self.sextets = sextets
        return written
    }

    public mutating func finish(into output: inout ByteBuffer) {
        switch self.sextets {
        case 2:
            output.writeInteger(UInt8(truncatingIfNeeded: self.quantum >> 4))
            if !self.ended { self.sawInvalidInput = true }
        case 3:
            output.writeInteger(UInt8(truncatingIfNeeded: self.quantum >> 10))
            output.writeInteger(UInt8(truncatingIfNeeded: self.quantum >> 2))
            if !self.ended { self.sawInvalidInput = true }
        case 1:
            self.sawInvalidInput = true
        default:
            break
        }
        self.quantum = 0
        self.sextets = 0
        self.ended = true
    }

    private static let pad: UInt8 = 0xFE
    private static let whitespace: UInt8 = 0xFD
    private static let invalid: UInt8 = 0xFF
    /// Byte -> sextet (0...63), or `pad`, `whitespace`, `invalid`.
    private static let table: [UInt8] = (0...255).map { byte in
        if let value = value(of: UInt8(byte)) { return value }
        if byte == Int(UInt8(ascii: "=")) { return pad }
        return isWhitespace(UInt8(byte)) ? whitespace : invalid
    }

    @inline(__always)
    static func value(of byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return byte - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return byte - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): return 62
        case UInt8(ascii: "/"): return 63
        default: return nil
        }
    }

    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x0D || byte == 0x0A || byte == 0x20 || byte == 0x09
    }
}
