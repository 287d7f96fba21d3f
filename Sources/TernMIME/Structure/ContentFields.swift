/// The MIME header fields of one part (RFC 2045, 2183, 3282, 2557, 1864), parsed the way Dovecot parses
/// them so that BODYSTRUCTURE matches it: values keep their original case and bytes; a field that is
/// absent is `nil`. All values are raw header bytes (not RFC 2047 decoded), because IMAP reports them raw.
public struct ContentFields: Hashable, Sendable, Codable {
    /// Media type and subtype as written (`nil` when there is no usable Content-Type field).
    /// A broken Content-Type still yields what could be read (e.g. type "text", subtype "").
    public var type: [UInt8]?
    public var subtype: [UInt8]?
    /// Content-Type parameters in Dovecot's order: plain parameters first, then RFC 2231 continuations
    /// merged (`name*0`, `name*1`, ... become `name`; if any segment was extended the name is `name*` and
    /// the value keeps the `charset'language'%XX` form, see `MIMEParameter.decodedValue`).
    public var parameters: [MIMEParameter]
    public var id: [UInt8]?
    public var description: [UInt8]?
    public var transferEncoding: [UInt8]?
    public var disposition: [UInt8]?
    public var dispositionParameters: [MIMEParameter]
    public var language: [[UInt8]]?
    public var location: [UInt8]?
    public var md5: [UInt8]?
    /// The mechanism token of the *last* Content-Transfer-Encoding field, read leniently (`base64; x` gives
    /// `base64`, an empty value gives an empty token). Dovecot decides BINARY's decoding from it, while
    /// BODYSTRUCTURE shows `transferEncoding` (the first field, strictly one token).
    public var lastTransferEncodingToken: [UInt8]?

    public init(
        type: [UInt8]? = nil,
        subtype: [UInt8]? = nil,
        parameters: [MIMEParameter] = [],
        id: [UInt8]? = nil,
        description: [UInt8]? = nil,
        transferEncoding: [UInt8]? = nil,
        disposition: [UInt8]? = nil,
        dispositionParameters: [MIMEParameter] = [],
        language: [[UInt8]]? = nil,
        location: [UInt8]? = nil,
        md5: [UInt8]? = nil,
        lastTransferEncodingToken: [UInt8]? = nil
    ) {
        self.type = type
        self.subtype = subtype
        self.parameters = parameters
        self.id = id
        self.description = description
        self.transferEncoding = transferEncoding
        self.disposition = disposition
        self.dispositionParameters = dispositionParameters
        self.language = language
        self.location = location
        self.md5 = md5
        self.lastTransferEncodingToken = lastTransferEncodingToken
    }

    /// True when the part is text: no Content-Type at all, or a type of "text" in any case.
    public var isText: Bool {
        guard let type else { return true }
        return ASCII.equalsIgnoringCase(type, "text")
    }

    /// The value of the first parameter with this name (ASCII case-insensitive).
    public func parameter(_ name: String) -> [UInt8]? {
        parameters.first { ASCII.equalsIgnoringCase($0.name, name) }?.value
    }

    /// The transfer encoding, lowercased, defaulting to "7bit".
    public var normalizedTransferEncoding: String {
        guard let transferEncoding else { return "7bit" }
        return String(decoding: ASCII.lowercased(transferEncoding), as: UTF8.self)
    }
}

/// One `name=value` parameter of Content-Type or Content-Disposition.
public struct MIMEParameter: Hashable, Sendable, Codable {
    public var name: [UInt8]
    public var value: [UInt8]

    public init(name: [UInt8], value: [UInt8]) {
        self.name = name
        self.value = value
    }

    public init(_ name: String, _ value: String) {
        self.init(name: Array(name.utf8), value: Array(value.utf8))
    }

    /// True for an RFC 2231 extended parameter (`name*`), whose value is `charset'language'%XX...`.
    public var isExtended: Bool { name.last == UInt8(ascii: "*") }

    /// The parameter name without the RFC 2231 `*` marker.
    public var baseName: [UInt8] { isExtended ? Array(name.dropLast()) : name }

    /// For an extended parameter: the charset, language and percent-decoded bytes (RFC 2231 section 4).
    /// For a plain parameter: no charset, no language, the value unchanged.
    public var decodedValue: (charset: [UInt8]?, language: [UInt8]?, bytes: [UInt8]) {
        guard isExtended else { return (nil, nil, value) }
        let parts = value.split(separator: UInt8(ascii: "'"), maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else { return (nil, nil, ASCII.percentDecoded(value[...])) }
        let charset = parts[0].isEmpty ? nil : Array(parts[0])
        let language = parts[1].isEmpty ? nil : Array(parts[1])
        return (charset, language, ASCII.percentDecoded(parts[2]))
    }
}

/// The raw values of the header fields that make up an IMAP ENVELOPE (RFC 3501 7.4.2). Each is the
/// field's value after the colon with leading white space removed, folding kept. Like Dovecot, the last
/// occurrence of a repeated Date, Subject, In-Reply-To or Message-ID wins, while every occurrence of an
/// address field is kept (in order) and their addresses are concatenated. Address fields are parsed when
/// rendering (`AddressParser`).
public struct EnvelopeFields: Hashable, Sendable, Codable {
    public var date: [UInt8]?
    public var subject: [UInt8]?
    public var from: [[UInt8]]?
    public var sender: [[UInt8]]?
    public var replyTo: [[UInt8]]?
    public var to: [[UInt8]]?
    public var cc: [[UInt8]]?
    public var bcc: [[UInt8]]?
    public var inReplyTo: [UInt8]?
    public var messageID: [UInt8]?

    public init(
        date: [UInt8]? = nil,
        subject: [UInt8]? = nil,
        from: [[UInt8]]? = nil,
        sender: [[UInt8]]? = nil,
        replyTo: [[UInt8]]? = nil,
        to: [[UInt8]]? = nil,
        cc: [[UInt8]]? = nil,
        bcc: [[UInt8]]? = nil,
        inReplyTo: [UInt8]? = nil,
        messageID: [UInt8]? = nil
    ) {
        self.date = date
        self.subject = subject
        self.from = from
        self.sender = sender
        self.replyTo = replyTo
        self.to = to
        self.cc = cc
        self.bcc = bcc
        self.inReplyTo = inReplyTo
        self.messageID = messageID
    }
}
