import NIOCore

/// Streaming quoted-printable decoder (RFC 2045 section 6.7), tolerant of broken encoders.
///
/// - `=XX` (hex, either case) is a byte; `=` before a line break (optionally with trailing blanks)
///   is a soft line break; any other `=` is kept literally and `sawInvalidInput` is set.
/// - Blanks at the end of a line are deleted (rule 3); line breaks are kept as they were
///   (CRLF or a bare LF).
/// State between chunks: a pending `=`/hex digit, a pending CR, and a run of blanks that might end
/// a line. That run is capped at `maxPendingBlanks`; a longer run is written out as it is.
public struct QuotedPrintableStreamDecoder: ByteStreamTransform, Sendable {
    /// Longest run of blanks held back while waiting to see whether the line ends.
    public static let maxPendingBlanks = 998

    private enum Pending: Sendable {
        case none
        case equals
        case equalsHex(UInt8)
        /// "=" then blanks (held in `pendingBlanks`): a soft break if a line end follows.
        case equalsBlanks
        case carriageReturn
    }

    private var pending: Pending = .none
    private var pendingBlanks: [UInt8] = []
    public private(set) var sawInvalidInput = false

    public init() {}

    public mutating func feed(_ chunk: ByteBuffer, into output: inout ByteBuffer) {
        output.reserveCapacity(output.writerIndex + chunk.readableBytes)
        for byte in chunk.readableBytesView {
            self.consume(byte, into: &output)
        }
    }

    public mutating func finish(into output: inout ByteBuffer) {
        switch self.pending {
        case .none:
            break
        case .equals:
            // "=" at the very end: an encoder's soft break without a line break. Nothing to emit.
            break
        case .equalsHex(let digit):
            self.sawInvalidInput = true
            output.writeInteger(UInt8(ascii: "="))
            output.writeInteger(digit)
        case .equalsBlanks:
            break  // "=" and blanks at the very end: a soft break missing its line end
        case .carriageReturn:
            output.writeInteger(UInt8(ascii: "\r"))
        }
        // Blanks at the end of the data end the last line: deleted as trailing blanks.
        self.pendingBlanks.removeAll()
        self.pending = .none
    }

    private mutating func consume(_ byte: UInt8, into output: inout ByteBuffer) {
        switch self.pending {
        case .none:
            self.consumeNormal(byte, into: &output)
        case .carriageReturn:
            self.pending = .none
            if byte == UInt8(ascii: "\n") {
                self.pendingBlanks.removeAll()
                output.writeInteger(UInt8(ascii: "\r"))
                output.writeInteger(UInt8(ascii: "\n"))
            } else {
                // A lone CR is data; the blanks before it were not at the end of a line.
                self.flushBlanks(into: &output)
                output.writeInteger(UInt8(ascii: "\r"))
                self.consumeNormal(byte, into: &output)
            }
        case .equals:
            if Self.hexValue(byte) != nil {
                self.pending = .equalsHex(byte)
            } else if byte == UInt8(ascii: "\n") {
                self.pending = .none  // soft line break with a bare LF
            } else if byte == UInt8(ascii: "\r") || byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
                self.pending = .equalsBlanks
                self.pendingBlanks.append(byte)
            } else {
                self.sawInvalidInput = true
                self.pending = .none
                output.writeInteger(UInt8(ascii: "="))
                self.consumeNormal(byte, into: &output)
            }
        case .equalsHex(let first):
            self.pending = .none
            if let high = Self.hexValue(first), let low = Self.hexValue(byte) {
                output.writeInteger(high << 4 | low)
            } else {
                self.sawInvalidInput = true
                output.writeInteger(UInt8(ascii: "="))
                output.writeInteger(first)
                self.consumeNormal(byte, into: &output)
            }
        case .equalsBlanks:
            if byte == UInt8(ascii: "\n") {
                self.pending = .none  // soft line break, blanks before it dropped
                self.pendingBlanks.removeAll(keepingCapacity: true)
            } else if byte == UInt8(ascii: "\r") || byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t"),
                self.pendingBlanks.count < Self.maxPendingBlanks
            {
                self.pendingBlanks.append(byte)
            } else {
                // "=" and blanks followed by data (or too many blanks): not a soft break; all literal.
                self.sawInvalidInput = true
                self.pending = .none
                output.writeInteger(UInt8(ascii: "="))
                self.flushBlanks(into: &output)
                self.consumeNormal(byte, into: &output)
            }
        }
    }

    private mutating func consumeNormal(_ byte: UInt8, into output: inout ByteBuffer) {
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "\t"):
            if self.pendingBlanks.count >= Self.maxPendingBlanks {
                self.flushBlanks(into: &output)
            }
            self.pendingBlanks.append(byte)
        case UInt8(ascii: "\r"):
            self.pending = .carriageReturn
        case UInt8(ascii: "\n"):
            self.pendingBlanks.removeAll()
            output.writeInteger(byte)
        case UInt8(ascii: "="):
            self.flushBlanks(into: &output)
            self.pending = .equals
        default:
            self.flushBlanks(into: &output)
            output.writeInteger(byte)
        }
    }

    private mutating func flushBlanks(into output: inout ByteBuffer) {
        guard !self.pendingBlanks.isEmpty else { return }
        output.writeBytes(self.pendingBlanks)
        self.pendingBlanks.removeAll(keepingCapacity: true)
    }

    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        default: return nil
        }
    }
}
