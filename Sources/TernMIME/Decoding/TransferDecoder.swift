import NIOCore

/// The transfer decoder for a part's Content-Transfer-Encoding, as one `ByteStreamTransform`.
public enum TransferDecoder: ByteStreamTransform, Sendable {
    case identity
    case base64(Base64StreamDecoder)
    case quotedPrintable(QuotedPrintableStreamDecoder)

    /// `nil` for an encoding this engine cannot decode (RFC 3516: the server answers UNKNOWN-CTE).
    /// A missing header means 7BIT (RFC 2045 section 6.1): pass `nil`.
    public init?(contentTransferEncoding: String?) {
        guard let value = contentTransferEncoding else {
            self = .identity
            return
        }
        switch value.lowercased() {
        case "7bit", "8bit", "binary", "": self = .identity
        case "base64": self = .base64(Base64StreamDecoder())
        case "quoted-printable": self = .quotedPrintable(QuotedPrintableStreamDecoder())
        default: return nil
        }
    }

    public var sawInvalidInput: Bool {
        switch self {
        case .identity: false
        case .base64(let decoder): decoder.sawInvalidInput
        case .quotedPrintable(let decoder): decoder.sawInvalidInput
        }
    }

    public mutating func feed(_ chunk: ByteBuffer, into output: inout ByteBuffer) {
        switch self {
        case .identity:
            var chunk = chunk
            output.writeBuffer(&chunk)
        case .base64(var decoder):
            decoder.feed(chunk, into: &output)
            self = .base64(decoder)
        case .quotedPrintable(var decoder):
            decoder.feed(chunk, into: &output)
            self = .quotedPrintable(decoder)
        }
    }

    public mutating func finish(into output: inout ByteBuffer) {
        switch self {
        case .identity:
            break
        case .base64(var decoder):
            decoder.finish(into: &output)
            self = .base64(decoder)
        case .quotedPrintable(var decoder):
            decoder.finish(into: &output)
            self = .quotedPrintable(decoder)
        }
    }
}
