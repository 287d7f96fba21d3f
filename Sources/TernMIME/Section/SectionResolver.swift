/// Maps a body section to byte ranges of the stored message, using only the `MessageStructure`.
///
/// Part numbering (RFC 3501 6.4.5): the parts of a multipart are numbered from 1; a message that is not
/// multipart has exactly one part, 1, which is its body; inside a message/rfc822 part numbering
/// continues with the encapsulated message's parts. HEADER, HEADER.FIELDS[.NOT] and TEXT after a part
/// number need a message/rfc822 part and address the encapsulated message; MIME gives a part's own
/// header (for a message/rfc822 part too, as Dovecot does).
public enum SectionResolver {
    /// The node a part path names, or nil when the message has no such part.
    public static func findPart(_ path: [Int], in structure: MessageStructure) -> MIMEPart? {
        var part = structure.root
        for (i, number) in path.enumerated() {
            guard number >= 1 else { return nil }
            if part.kind == .multipart {
                guard number <= part.children.count else { return nil }
                part = part.children[number - 1]
            } else {
                guard number == 1 else { return nil }
                if i + 1 < path.count && part.kind != .message { return nil }
            }
            if i + 1 < path.count, part.kind == .message {
                guard let message = part.children.first else { return nil }
                part = message
            }
        }
        return part
    }

    public static func resolve(_ spec: SectionSpec, partial: FetchPartial? = nil, in structure: MessageStructure)
        -> SectionContent
    {
        let node: MIMEPart
        if spec.part.isEmpty {
            node = structure.root
            if spec.text == .mime { return .missing }
        } else {
            guard var found = findPart(spec.part, in: structure) else { return .missing }
            switch spec.text {
            case .none, .mime:
                break
            case .header, .headerFields, .headerFieldsNot, .text:
                guard found.kind == .message, let message = found.children.first else { return .missing }
                found = message
            }
            node = found
        }
        let range: ByteRange
        switch spec.text {
        case .none:
            range = spec.part.isEmpty ? ByteRange(offset: 0, count: structure.size) : node.bodyRange
        case .mime, .header:
            range = node.headerRange
        case .text:
            range = node.bodyRange
        case .headerFields(let names):
            return .filteredHeader(
                headerRange: node.headerRange, filter: HeaderFieldFilter(names: names, exclude: false),
                partial: partial)
        case .headerFieldsNot(let names):
            return .filteredHeader(
                headerRange: node.headerRange, filter: HeaderFieldFilter(names: names, exclude: true),
                partial: partial)
        }
        return .ranges(apply(partial, to: range))
    }

    /// Applies a partial to one range.
    static func apply(_ partial: FetchPartial?, to range: ByteRange) -> [ByteRange] {
        guard let partial else { return range.count > 0 ? [range] : [] }
        let window = partial.window(ofSize: range.count)
        guard !window.isEmpty else { return [] }
        return [ByteRange(offset: range.offset + window.lowerBound, count: window.count)]
    }
}
