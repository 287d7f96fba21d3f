import TernIMAP

/// A FETCH's items, ordered and deduplicated the way Dovecot answers them (RFC 3501 leaves the order
/// to the server; clients such as some older ones expect UID first): UID first for UID FETCH, then
/// the "buffered" items FLAGS, UID, INTERNALDATE, RFC822.SIZE, MODSEQ in request order, then FLAGS
/// when \Seen was just set and FLAGS was not asked for, then every other item in request order
/// (body sections are not deduplicated: Dovecot answers `BODY[TEXT] BODY.PEEK[TEXT]` with both).
public struct FetchRequest: Sendable, Hashable {
    enum Item: Hashable, Sendable {
        case flags, uid, internalDate, rfc822Size, modSeq
        case envelope, body, bodyStructure
        case section(SectionSpecifier, Partial?)
        case binary(part: [UInt32], Partial?)
        case binarySize(part: [UInt32])
        case rfc822, rfc822Header, rfc822Text

        var isBuffered: Bool {
            switch self {
            case .flags, .uid, .internalDate, .rfc822Size, .modSeq: return true
            default: return false
            }
        }

        var readsBody: Bool {
            switch self {
            case .section, .binary, .binarySize, .rfc822, .rfc822Header, .rfc822Text: return true
            default: return false
            }
        }

        var needsStructure: Bool {
            switch self {
            case .flags, .uid, .internalDate, .rfc822Size, .modSeq: return false
            default: return true
            }
        }
    }

    /// Items answered from the message view alone, in output order.
    let bufferedItems: [Item]
    /// Items that need the structure (and maybe the body), in output order.
    let otherItems: [Item]
    let asksFlags: Bool
    public let setsSeen: Bool

    /// - Parameters:
    ///   - attributes: as parsed (`FetchItems.attributes`: macros expanded).
    ///   - isUID: UID FETCH: UID is reported first, asked for or not.
    ///   - includeModSeq: CONDSTORE CHANGEDSINCE (RFC 7162 3.1.4.1) adds MODSEQ to every response.
    public init(attributes: [FetchAttribute], isUID: Bool, includeModSeq: Bool = false) {
        var buffered: [Item] = isUID ? [.uid] : []
        var others: [Item] = []
        var setsSeen = false
        for attribute in attributes {
            let item: Item
            switch attribute {
            case .flags: item = .flags
            case .uid: item = .uid
            case .internalDate: item = .internalDate
            case .rfc822Size: item = .rfc822Size
            case .modSeq: item = .modSeq
            case .envelope: item = .envelope
            case .body: item = .body
            case .bodyStructure: item = .bodyStructure
            case .rfc822:
                item = .rfc822
                setsSeen = true
            case .rfc822Header: item = .rfc822Header
            case .rfc822Text:
                item = .rfc822Text
                setsSeen = true
            case .bodySection(let section, let partial, let peek):
                item = .section(Self.responseSection(section), partial)
                if !peek { setsSeen = true }
            case .binary(let part, let partial, let peek):
                item = .binary(part: part, partial)
                if !peek { setsSeen = true }
            case .binarySize(let part):
                item = .binarySize(part: part)
            }
            if item.isBuffered {
                if !buffered.contains(item) { buffered.append(item) }
            } else if item.readsBody {
                others.append(item)
            } else if !others.contains(item) {
                others.append(item)
            }
        }
        if includeModSeq && !buffered.contains(.modSeq) { buffered.append(.modSeq) }
        self.bufferedItems = buffered
        self.otherItems = others
        self.asksFlags = buffered.contains(.flags)
        self.setsSeen = setsSeen
    }

    /// Whether answering needs the stored structure (ENVELOPE, BODY[STRUCTURE], any section).
    public var needsStructure: Bool { !otherItems.isEmpty }

    /// Whether answering reads message bodies from storage.
    public var readsBody: Bool { otherItems.contains { $0.readsBody } }

    /// The messages whose \Seen flag SESSION must set (and persist) before calling `FetchResponder.fetch`.
    public func messagesNeedingSeen(_ messages: [QueryMessage]) -> [QueryMessage] {
        guard setsSeen else { return [] }
        return messages.filter { !$0.hasFlag("\\Seen") }
    }

    /// Dovecot names HEADER.FIELDS sections in the response with the field names uppercased (their
    /// string form kept), e.g. `BODY[HEADER.FIELDS (FROM "X-A")]`.
    static func responseSection(_ section: SectionSpecifier) -> SectionSpecifier {
        func upper(_ names: [ByteString]) -> [ByteString] {
            names.map { ByteString($0.bytes.map(ASCIIFold.upper), form: $0.form) }
        }
        var result = section
        switch section.kind {
        case .headerFields(let names): result.kind = .headerFields(upper(names))
        case .headerFieldsNot(let names): result.kind = .headerFieldsNot(upper(names))
        default: break
        }
        return result
    }
}
