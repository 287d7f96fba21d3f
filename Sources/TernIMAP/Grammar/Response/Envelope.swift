/// `envelope` (RFC 3501 §7.4.2): the parsed RFC 5322 header, every field possibly NIL.
public struct Envelope: Hashable, Sendable {
    public var date: ByteString?
    public var subject: ByteString?
    /// Address lists: nil is `NIL`; a present list is never empty on the wire (`"(" 1*address ")"`).
    public var from: [Address]?
    public var sender: [Address]?
    public var replyTo: [Address]?
    public var to: [Address]?
    public var cc: [Address]?
    public var bcc: [Address]?
    public var inReplyTo: ByteString?
    public var messageID: ByteString?

    public init(
        date: ByteString? = nil,
        subject: ByteString? = nil,
        from: [Address]? = nil,
        sender: [Address]? = nil,
        replyTo: [Address]? = nil,
        to: [Address]? = nil,
        cc: [Address]? = nil,
        bcc: [Address]? = nil,
        inReplyTo: ByteString? = nil,
        messageID: ByteString? = nil
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

/// `address = "(" addr-name SP addr-adl SP addr-mailbox SP addr-host ")"`; a NIL host marks group syntax.
public struct Address: Hashable, Sendable {
    public var name: ByteString?
    public var adl: ByteString?
    public var mailbox: ByteString?
    public var host: ByteString?

    public init(name: ByteString?, adl: ByteString?, mailbox: ByteString?, host: ByteString?) {
        self.name = name
        self.adl = adl
        self.mailbox = mailbox
        self.host = host
    }
}
