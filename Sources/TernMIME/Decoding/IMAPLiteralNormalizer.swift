import NIOCore

/// Prepares stored message bytes for a BODY[...] literal, as IMAP requires and Dovecot does:
/// a bare LF becomes CRLF (RFC 3501 section 2.2: lines end in CRLF; the CRLF sizes in BODYSTRUCTURE
/// and RFC822.SIZE count them so) and NUL becomes 0x80 (RFC 3501 section 4.3: a literal may hold
/// any octet except NUL). For BINARY[...] of an identity-encoded part, Dovecot converts line ends
/// but keeps NUL (literal8, RFC 3516 section 4.1): use `replacesNUL: false` there.
///
/// State between chunks: whether the previous byte was CR. A partial fetch `<o.l>` applies to the
/// normalized output.
public struct IMAPLiteralNormalizer: ByteStreamTransform, Sendable {
    private var previousWasCR = false
    public let replacesNUL: Bool

    public init(replacesNUL: Bool = true) {
        self.replacesNUL = replacesNUL
    }

    public mutating func feed(_ chunk: ByteBuffer, into output: inout ByteBuffer) {
        let view = chunk.readableBytesView
        // Fast path: nothing to change in this chunk.
        if !view.contains(where: { $0 == 0x0A || ($0 == 0x00 && self.replacesNUL) }) {
            var chunk = chunk
            output.writeBuffer(&chunk)
            self.previousWasCR = view.last.map { $0 == 0x0D } ?? self.previousWasCR
            return
        }
        output.reserveCapacity(output.writerIndex + view.count + view.count / 16)
        for byte in view {
            switch byte {
            case 0x0A:
                if !self.previousWasCR { output.writeInteger(UInt8(0x0D)) }
                output.writeInteger(byte)
            case 0x00 where self.replacesNUL:
                output.writeInteger(UInt8(0x80))
            default:
                output.writeInteger(byte)
            }
            self.previousWasCR = byte == 0x0D
        }
    }

    public mutating func finish(into output: inout ByteBuffer) {
        self.previousWasCR = false
    }

    /// Convenience for a whole value held in memory (header fields, tests).
    public static func normalize<Bytes: Sequence<UInt8>>(_ bytes: Bytes, replacesNUL: Bool = true) -> [UInt8] {
        var normalizer = IMAPLiteralNormalizer(replacesNUL: replacesNUL)
        return normalizer.transformAll(bytes)
    }
}
