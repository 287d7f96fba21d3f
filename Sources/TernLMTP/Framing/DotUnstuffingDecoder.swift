import NIOCore

/// Incremental decoder for the DATA phase (RFC 5321 4.5.2): removes dot-stuffing and finds the terminating
/// `CRLF . CRLF`, fed arbitrary chunks. Feeding a message byte by byte yields the same output as feeding it whole:
/// all state between chunks is the small `State` enum, never buffered bytes.
///
/// Line-ending rule (documented in docs/internals/lmtp-and-auth.md):
/// - Only `CRLF . CRLF` ends the data. The CRLF before the dot belongs to the message.
/// - A bare CR (not followed by LF) is message data and passed through unchanged (Postfix relays it so).
/// - A bare LF is never a line ending: it cannot start a dot-stuffed line or a terminator, so `LF . LF` or
///   `LF . CRLF` cannot smuggle a second message. It marks the message as malformed (`sawBareLineFeed`); the
///   decoder then stops producing output but keeps scanning for the real terminator.
/// - Past `maxMessageBytes` of decoded output, `exceededLimit` is set and output stops the same way, so an
///   oversized message costs no memory.
public struct DotUnstuffingDecoder: Sendable {
    private enum State: Sendable {
        case lineStart
        case lineStartDot
        case lineStartDotCR
        case midLine
        case midLineCR
        case finished
    }

    public let maxMessageBytes: Int
    public private(set) var messageBytes = 0
    public private(set) var exceededLimit = false
    public private(set) var sawBareLineFeed = false
    private var state = State.lineStart

    public init(maxMessageBytes: Int) {
        self.maxMessageBytes = maxMessageBytes
    }

    public var isFinished: Bool { if case .finished = state { true } else { false } }

    /// Whether output is still being produced (false once the message is known to be rejected).
    public var isProducingOutput: Bool { !exceededLimit && !sawBareLineFeed }

    /// Consumes bytes from `input` up to and including the terminator (leaving anything after it unread, for the
    /// command parser) and appends the decoded message bytes to `output`. Returns true once the terminator is seen.
    @discardableResult
    public mutating func decode(_ input: inout ByteBuffer, into output: inout ByteBuffer) -> Bool {
        if isFinished { return true }
        let outputStart = output.writerIndex
        let consumed = input.withUnsafeReadableBytes { bytes -> Int in
            var index = 0
            while index < bytes.count {
                if case .midLine = state {
                    // Fast path: most of a message is mid-line bytes; copy each run up to CR or LF in one go.
                    var end = index
                    while end < bytes.count, bytes[end] != Self.cr, bytes[end] != Self.lf { end += 1 }
                    if end > index {
                        if isProducingOutput { output.writeBytes(UnsafeRawBufferPointer(rebasing: bytes[index..<end])) }
                        index = end
                        continue
                    }
                }
                step(bytes[index], into: &output)
                index += 1
                if isFinished { break }
            }
            return index
        }
        input.moveReaderIndex(forwardBy: consumed)
        if isProducingOutput, messageBytes + (output.writerIndex - outputStart) > maxMessageBytes {
            exceededLimit = true
        }
        if isProducingOutput {
            messageBytes += output.writerIndex - outputStart
        } else {
            // A rejected message yields nothing more, not even the part of this chunk before the problem.
            output.moveWriterIndex(to: outputStart)
        }
        return isFinished
    }

    private static let cr = UInt8(ascii: "\r")
    private static let lf = UInt8(ascii: "\n")

    private mutating func step(_ byte: UInt8, into out: inout ByteBuffer) {
        let cr = Self.cr
        let lf = Self.lf
        switch state {
        case .lineStart:
            switch byte {
            case UInt8(ascii: "."): state = .lineStartDot
            case cr: state = .midLineCR
            case lf: bareLineFeed()
            default:
                out.writeInteger(byte)
                state = .midLine
            }
        case .lineStartDot:
            // The leading dot is removed whatever follows (RFC 5321 4.5.2).
            switch byte {
            case cr: state = .lineStartDotCR
            case lf: bareLineFeed()
            default:
                out.writeInteger(byte)
                state = .midLine
            }
        case .lineStartDotCR:
            switch byte {
            case lf: state = .finished
            case cr:
                out.writeInteger(cr)
                state = .midLineCR
            default:
                out.writeInteger(cr)
                out.writeInteger(byte)
                state = .midLine
            }
        case .midLine:
            switch byte {
            case cr: state = .midLineCR
            case lf: bareLineFeed()
            default: out.writeInteger(byte)
            }
        case .midLineCR:
            switch byte {
            case lf:
                out.writeInteger(cr)
                out.writeInteger(lf)
                state = .lineStart
            case cr:
                out.writeInteger(cr)
            default:
                out.writeInteger(cr)
                out.writeInteger(byte)
                state = .midLine
            }
        case .finished:
            break
        }
    }

    private mutating func bareLineFeed() {
        sawBareLineFeed = true
        state = .midLine
    }
}
