/// An RFC 3463 enhanced status code such as `5.1.1`.
public struct EnhancedStatusCode: Hashable, Sendable, CustomStringConvertible {
    public var klass: Int
    public var subject: Int
    public var detail: Int

    public init(_ klass: Int, _ subject: Int, _ detail: Int) {
        self.klass = klass
        self.subject = subject
        self.detail = detail
    }

    public var description: String { "\(klass).\(subject).\(detail)" }
}

/// One LMTP reply: a three-digit code, an optional enhanced status code and one or more text lines.
///
/// RFC 2034 puts the enhanced code on every reply except the greeting and the LHLO reply; the intermediate
/// 354 carries none either (as Postfix and Dovecot do).
public struct LMTPReply: Hashable, Sendable {
    public var code: Int
    public var enhanced: EnhancedStatusCode?
    public var lines: [String]

    public init(code: Int, enhanced: EnhancedStatusCode?, lines: [String]) {
        self.code = code
        self.enhanced = enhanced
        self.lines = lines.isEmpty ? [""] : lines
    }

    public init(_ code: Int, _ enhanced: EnhancedStatusCode?, _ text: String) {
        self.init(code: code, enhanced: enhanced, lines: [text])
    }

    public var isPositive: Bool { code < 400 }
    public var isTransient: Bool { (400..<500).contains(code) }
}

extension LMTPReply {
    static let ok = LMTPReply(250, EnhancedStatusCode(2, 0, 0), "Ok")
    static let senderOK = LMTPReply(250, EnhancedStatusCode(2, 1, 0), "Sender ok")
    static let recipientOK = LMTPReply(250, EnhancedStatusCode(2, 1, 5), "Recipient ok")
    static let startData = LMTPReply(354, nil, "Start mail input; end with <CRLF>.<CRLF>")
    static let bye = LMTPReply(221, EnhancedStatusCode(2, 0, 0), "Bye")
    static let cannotVerify = LMTPReply(
        252,
        EnhancedStatusCode(2, 5, 0),
        "Cannot VRFY user, but will accept message and attempt delivery"
    )
    static let help = LMTPReply(
        214,
        EnhancedStatusCode(2, 0, 0),
        "Commands: LHLO MAIL RCPT DATA RSET NOOP QUIT VRFY HELP"
    )

    static let unknownCommand = LMTPReply(500, EnhancedStatusCode(5, 5, 2), "Command unrecognized")
    static let lineTooLong = LMTPReply(500, EnhancedStatusCode(5, 5, 2), "Line too long")
    static let useLHLO = LMTPReply(500, EnhancedStatusCode(5, 5, 1), "This is LMTP: use LHLO, not HELO or EHLO")
    static let unsupportedCommand = LMTPReply(502, EnhancedStatusCode(5, 5, 1), "Command not implemented")
    static let needLHLO = LMTPReply(503, EnhancedStatusCode(5, 5, 1), "Send LHLO first")
    static let nestedMail = LMTPReply(503, EnhancedStatusCode(5, 5, 1), "Sender already specified")
    static let needMail = LMTPReply(503, EnhancedStatusCode(5, 5, 1), "Need MAIL command")
    static let needRecipient = LMTPReply(503, EnhancedStatusCode(5, 5, 1), "No valid recipients")
    static let tooManyRecipients = LMTPReply(452, EnhancedStatusCode(4, 5, 3), "Too many recipients")
    static let messageTooBig = LMTPReply(552, EnhancedStatusCode(5, 3, 4), "Message size exceeds fixed limit")
    static let bareLineFeed = LMTPReply(
        554,
        EnhancedStatusCode(5, 6, 0),
        "Message contains a bare <LF>: lines must end with <CRLF>"
    )
    static let nonASCIIWithoutSMTPUTF8 = LMTPReply(
        553,
        EnhancedStatusCode(5, 6, 7),
        "Non-ASCII address requires the SMTPUTF8 parameter on MAIL"
    )
    static let tooManyErrors = LMTPReply(421, EnhancedStatusCode(4, 7, 0), "Too many errors, closing connection")
    static let inputOverflow = LMTPReply(
        421,
        EnhancedStatusCode(4, 7, 0),
        "Too much pipelined input, closing connection"
    )

    static func syntax(_ usage: String) -> LMTPReply {
        LMTPReply(501, EnhancedStatusCode(5, 5, 4), "Syntax: \(usage)")
    }

    static func unsupportedParameter(_ name: String) -> LMTPReply {
        LMTPReply(555, EnhancedStatusCode(5, 5, 4), "Unsupported parameter \(echo(name))")
    }

    /// Client text quoted in a reply: printable ASCII only (anything else, a bare CR above all, becomes `?`, so a
    /// reply never carries control bytes back), at most `maxEchoBytes` of it. Found by the LMTP fuzzer.
    static func echo(_ text: String) -> String {
        var bytes = text.utf8.prefix(maxEchoBytes).map { (0x20...0x7E).contains($0) ? $0 : UInt8(ascii: "?") }
        if text.utf8.count > maxEchoBytes { bytes += Array("...".utf8) }
        return String(decoding: bytes, as: UTF8.self)
    }

    static let maxEchoBytes = 64
}
