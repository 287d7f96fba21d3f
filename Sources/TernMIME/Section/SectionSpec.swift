/// A FETCH body section (RFC 3501 6.4.5 / RFC 9051 6.4.5), independent of the IMAP grammar types:
/// `part` is the numeric path (`[1, 2]` for "1.2", empty for the top level), `text` the specifier after it.
public struct SectionSpec: Hashable, Sendable {
    public enum Text: Hashable, Sendable {
        case header
        /// HEADER.FIELDS (names): field names as given, compared case-insensitively.
        case headerFields([[UInt8]])
        case headerFieldsNot([[UInt8]])
        case text
        case mime
    }

    public var part: [Int]
    public var text: Text?

    public init(part: [Int] = [], text: Text? = nil) {
        self.part = part
        self.text = text
    }

    /// BODY[] — the whole message.
    public static let whole = SectionSpec()
}

/// `<origin.length>` of a FETCH partial (RFC 3501 6.4.5).
public struct FetchPartial: Hashable, Sendable {
    public var offset: Int
    public var length: Int

    public init(offset: Int, length: Int) {
        self.offset = max(0, offset)
        self.length = max(0, length)
    }

    /// The window of a section of `size` bytes this partial selects, as offsets into the section.
    public func window(ofSize size: Int) -> Range<Int> {
        guard offset < size else { return size..<size }
        return offset..<min(size, offset + min(length, size - offset))
    }
}

/// What a body section is made of.
public enum SectionContent: Hashable, Sendable {
    /// These byte ranges of the stored message, in order (partial already applied; may be empty).
    case ranges([ByteRange])
    /// HEADER.FIELDS / HEADER.FIELDS.NOT: stream `headerRange` of the stored message through `filter`
    /// (a fresh copy per fetch) and apply `partial` to the filter's output (`FetchPartial.window`).
    case filteredHeader(headerRange: ByteRange, filter: HeaderFieldFilter, partial: FetchPartial?)
    /// The section names a part the message does not have, or a HEADER/TEXT of a part that is not
    /// message/rfc822. Dovecot answers with an empty string.
    case missing
}

extension [ByteRange] {
    /// Total bytes in the ranges.
    public var totalCount: Int { reduce(0) { $0 + $1.count } }
}
