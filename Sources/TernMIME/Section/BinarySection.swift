import NIOCore

/// The transfer encodings BINARY can undo (RFC 3516).
public enum BinaryTransferEncoding: Hashable, Sendable {
    case identity
    case base64
    case quotedPrintable

    /// A fresh stream decoder (from Decoding/) for this encoding.
    public func makeDecoder() -> TransferDecoder {
        switch self {
        case .identity: return .identity
        case .base64: return .base64(Base64StreamDecoder())
        case .quotedPrintable: return .quotedPrintable(QuotedPrintableStreamDecoder())
        }
    }
}

/// What a BINARY[part] section is made of.
public enum BinarySectionContent: Hashable, Sendable {
    /// Stream `range` of the stored message through `encoding.makeDecoder()`, then apply `partial` to the
    /// decoded output (for `.identity` the partial can be applied to the range directly).
    case decode(range: ByteRange, encoding: BinaryTransferEncoding, partial: FetchPartial?)
    /// The message has no such part (Dovecot answers with an empty string).
    case missing
    /// The part's Content-Transfer-Encoding is not one BINARY can undo: the server answers
    /// `NO [UNKNOWN-CTE]` (RFC 3516 4.3). Carries the encoding as written.
    case unknownEncoding([UInt8])
}

/// Resolution of BINARY[...] and BINARY.SIZE[...] (RFC 3516).
public enum BinarySection {
    /// `part` is the section-part (empty for the whole message, which is returned as stored).
    public static func resolve(part path: [Int], partial: FetchPartial? = nil, in structure: MessageStructure)
        -> BinarySectionContent
    {
        if path.isEmpty {
            return .decode(range: ByteRange(offset: 0, count: structure.size), encoding: .identity, partial: partial)
        }
        guard let part = SectionResolver.findPart(path, in: structure) else { return .missing }
        // Composite parts are sent as they are (RFC 2045 6.4 allows them no real encoding; Dovecot also
        // leaves an encoded message/rfc822 undecoded).
        guard part.kind == .leaf else {
            return .decode(range: part.bodyRange, encoding: .identity, partial: partial)
        }
        // Like Dovecot, the decoding follows the last Content-Transfer-Encoding field's leading token.
        guard let token = part.content.lastTransferEncodingToken else {
            return .decode(range: part.bodyRange, encoding: .identity, partial: partial)
        }
        switch String(decoding: ASCII.lowercased(token), as: UTF8.self) {
        case "7bit", "8bit", "binary":
            return .decode(range: part.bodyRange, encoding: .identity, partial: partial)
        case "base64":
            return .decode(range: part.bodyRange, encoding: .base64, partial: partial)
        case "quoted-printable":
            return .decode(range: part.bodyRange, encoding: .quotedPrintable, partial: partial)
        default:
            return .unknownEncoding(token)
        }
    }

    /// Counts the decoded size of a part body fed chunk by chunk (BINARY.SIZE). Memory is one decoded chunk.
    public struct SizeCounter: Sendable {
        private var decoder: TransferDecoder
        private var scratch = ByteBuffer()
        public private(set) var size = 0

        public init(encoding: BinaryTransferEncoding) {
            decoder = encoding.makeDecoder()
        }

        public mutating func feed(_ chunk: ByteBuffer) {
            scratch.clear()
            decoder.feed(chunk, into: &scratch)
            size += scratch.readableBytes
        }

        public mutating func finish() -> Int {
            scratch.clear()
            decoder.finish(into: &scratch)
            size += scratch.readableBytes
            return size
        }
    }

    /// BINARY.SIZE of a body given as chunks.
    public static func decodedSize(of chunks: some Sequence<ByteBuffer>, encoding: BinaryTransferEncoding) -> Int {
        var counter = SizeCounter(encoding: encoding)
        for chunk in chunks { counter.feed(chunk) }
        return counter.finish()
    }
}
