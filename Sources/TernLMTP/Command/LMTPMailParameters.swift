/// How the client declared the message body on MAIL (RFC 6152). BINARYMIME is not offered (no CHUNKING).
public enum LMTPBodyType: Hashable, Sendable {
    case sevenBit
    case eightBitMIME
}

/// The MAIL FROM parameters Tern understands; any other parameter is refused with 555.
public struct LMTPMailParameters: Hashable, Sendable {
    /// The client's size estimate (RFC 1870), checked against the limit before any data is sent.
    public var size: Int?
    public var body: LMTPBodyType?
    /// RFC 6531: addresses and headers of this message may contain UTF-8.
    public var smtpUTF8: Bool

    public init(size: Int? = nil, body: LMTPBodyType? = nil, smtpUTF8: Bool = false) {
        self.size = size
        self.body = body
        self.smtpUTF8 = smtpUTF8
    }
}
