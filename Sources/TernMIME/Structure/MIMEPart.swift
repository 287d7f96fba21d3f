/// One node of a message's MIME tree: the message itself (the root), a part of a multipart, or the
/// message encapsulated in a message/rfc822 part.
///
/// Offsets are absolute byte offsets into the stored raw message. The header range includes the
/// blank line that ends it (when there is one); the body follows it directly. For a multipart the
/// body holds the preamble, the boundary lines, all children and the epilogue. For message/rfc822
/// the body is the encapsulated message, which is `children[0]` (its header is the encapsulated
/// message's header). The `[CR]LF` before a boundary line belongs to the boundary (RFC 2046 5.1.1),
/// so it is counted in the enclosing multipart's body, not in the part that precedes it.
public struct MIMEPart: Hashable, Sendable, Codable {
    public enum Kind: UInt8, Hashable, Sendable, Codable {
        /// Any non-container part (text, image, application, a multipart with no usable boundary, ...).
        case leaf = 0
        /// multipart/* with a boundary: `children` are its body parts.
        case multipart = 1
        /// message/rfc822 (or the default type inside multipart/digest): `children[0]` is the message.
        case message = 2
    }

    public var kind: Kind
    public var headerOffset: Int
    public var headerSize: Int
    /// Number of LF bytes in the header range.
    public var headerLines: Int
    /// Number of LF bytes in the header range not preceded by CR (the header's CRLF size is `headerSize + headerBareLFs`).
    public var headerBareLFs: Int
    public var bodySize: Int
    /// Number of LF bytes in the body range (what IMAP reports as the line count).
    public var bodyLines: Int
    public var bodyBareLFs: Int
    /// MIME header fields (all empty when the part is not MIME, i.e. has neither Content-Type nor MIME-Version
    /// and is not a body part of a multipart).
    public var content: ContentFields
    /// The raw envelope header values; set for the root and for every message encapsulated in message/rfc822.
    public var envelope: EnvelopeFields?
    public var children: [MIMEPart]

    public init(
        kind: Kind = .leaf,
        headerOffset: Int = 0,
        headerSize: Int = 0,
        headerLines: Int = 0,
        headerBareLFs: Int = 0,
        bodySize: Int = 0,
        bodyLines: Int = 0,
        bodyBareLFs: Int = 0,
        content: ContentFields = ContentFields(),
        envelope: EnvelopeFields? = nil,
        children: [MIMEPart] = []
    ) {
        self.kind = kind
        self.headerOffset = headerOffset
        self.headerSize = headerSize
        self.headerLines = headerLines
        self.headerBareLFs = headerBareLFs
        self.bodySize = bodySize
        self.bodyLines = bodyLines
        self.bodyBareLFs = bodyBareLFs
        self.content = content
        self.envelope = envelope
        self.children = children
    }

    public var bodyOffset: Int { headerOffset + headerSize }
    public var headerRange: ByteRange { ByteRange(offset: headerOffset, count: headerSize) }
    public var bodyRange: ByteRange { ByteRange(offset: bodyOffset, count: bodySize) }
    /// Header plus body, i.e. the whole part as it appears in the message.
    public var fullRange: ByteRange { ByteRange(offset: headerOffset, count: headerSize + bodySize) }
    /// Body size with every bare LF counted as CRLF: the size IMAP servers such as Dovecot report.
    public var bodyCRLFSize: Int { bodySize + bodyBareLFs }
    public var headerCRLFSize: Int { headerSize + headerBareLFs }

    /// Number of nodes in this subtree, including this one.
    public var nodeCount: Int { children.reduce(1) { $0 + $1.nodeCount } }
    /// Depth of this subtree (a node without children has depth 1).
    public var depth: Int { 1 + (children.map(\.depth).max() ?? 0) }
}

/// A half-open byte range `[offset, offset + count)` of the stored message.
public struct ByteRange: Hashable, Sendable, Codable, CustomStringConvertible {
    public var offset: Int
    public var count: Int
    public init(offset: Int, count: Int) {
        self.offset = offset
        self.count = count
    }
    public var end: Int { offset + count }
    public var description: String { "\(offset)+\(count)" }
}
