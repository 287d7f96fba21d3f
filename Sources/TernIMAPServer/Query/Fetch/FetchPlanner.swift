import TernIMAP
import TernMIME

/// One FETCH item of one message, ready to write: a finished value, or a literal still to be read.
enum PlannedItem: Sendable {
    case attribute(MessageAttribute)
    case literal(StreamingAttribute, LiteralBody)
    /// BINARY.SIZE that needs the decoded size of `body` (read before the response starts).
    case binarySize(part: [UInt32], LiteralBody)
}

/// Maps FETCH items to values and byte ranges using only the message view and its structure (pure).
enum FetchPlanner {
    static func planBuffered(
        _ item: FetchRequest.Item, message: QueryMessage, timeZone: ServerTimeZone
    ) -> MessageAttribute? {
        switch item {
        case .flags: return .flags(flags(of: message))
        case .uid: return .uid(UID(message.uid))
        case .internalDate: return internalDate(of: message, timeZone: timeZone).map { .internalDate($0) }
        case .rfc822Size: return .rfc822Size(message.message.size)
        case .modSeq: return .modSeq(ModSeq(message.message.modSeq))
        default: return nil
        }
    }

    /// Throws `QueryError.unknownTransferEncoding` for BINARY of a part that cannot be decoded.
    static func plan(_ item: FetchRequest.Item, structure: MessageStructure) throws(QueryError) -> PlannedItem? {
        switch item {
        case .flags, .uid, .internalDate, .rfc822Size, .modSeq:
            return nil
        case .envelope:
            return .attribute(.prerendered(.envelope, bytes: EnvelopeRenderer.render(structure.envelope)))
        case .body:
            return .attribute(.prerendered(.body, bytes: BodyStructureRenderer.render(structure, extended: false)))
        case .bodyStructure:
            return .attribute(
                .prerendered(.bodyStructure, bytes: BodyStructureRenderer.render(structure, extended: true)))
        case .section(let section, let partial):
            let body = sectionBody(sectionSpec(section), partial: fetchPartial(partial), structure: structure)
            return .literal(.body(section, origin: partial?.origin), body)
        case .rfc822:
            return .literal(.rfc822, sectionBody(.whole, partial: nil, structure: structure))
        case .rfc822Header:
            return .literal(.rfc822Header, sectionBody(SectionSpec(text: .header), partial: nil, structure: structure))
        case .rfc822Text:
            return .literal(.rfc822Text, sectionBody(SectionSpec(text: .text), partial: nil, structure: structure))
        case .binary(let part, let partial):
            let body = try binaryBody(part: part, partial: fetchPartial(partial), structure: structure)
            return .literal(.binary(part: part, origin: partial?.origin), body)
        case .binarySize(let part):
            let body = try binaryBody(part: part, partial: nil, structure: structure)
            if let size = body.knownSize { return .attribute(.binarySize(part: part, size: UInt64(size))) }
            return .binarySize(part: part, body)
        }
    }

    static let systemFlags = ["\\Answered", "\\Flagged", "\\Deleted", "\\Seen", "\\Draft"]

    /// FLAGS in Dovecot's order: system flags, \Recent, then keywords as stored.
    static func flags(of message: QueryMessage) -> [Flag] {
        let system = systemFlags
        var result: [Flag] = system.filter { message.hasFlag($0) }.map { Flag($0) }
        if message.isRecent { result.append(.recent) }
        for flag in message.message.flags
        where !system.contains(where: { $0.equalsIgnoringASCIICase(flag) }) && !flag.equalsIgnoringASCIICase("\\Recent") {
            result.append(Flag(flag))
        }
        return result
    }

    static func internalDate(of message: QueryMessage, timeZone: ServerTimeZone) -> InternalDate? {
        let millis = message.message.internalDateMillis
        let seconds = millis >= 0 ? millis / 1000 : (millis - 999) / 1000
        return InternalDate(secondsSinceEpoch: seconds, zoneMinutes: timeZone.offsetMinutes(atSecondsSinceEpoch: seconds))
    }

    /// A message stored without bare LFs is sent as stored (NUL replaced), so sizes and partials
    /// follow from the structure; otherwise its line ends are normalized and the size is counted.
    static func hasBareLFs(_ structure: MessageStructure) -> Bool {
        structure.root.headerBareLFs > 0 || structure.root.bodyBareLFs > 0
    }

    static func sectionBody(_ spec: SectionSpec, partial: FetchPartial?, structure: MessageStructure) -> LiteralBody {
        let bareLFs = hasBareLFs(structure)
        switch SectionResolver.resolve(spec, partial: bareLFs ? nil : partial, in: structure) {
        case .missing:
            return .empty
        case .ranges(let ranges):
            if bareLFs {
                return LiteralBody(
                    ranges: ranges, transform: .normalize(IMAPLiteralNormalizer(replacesNUL: true)), window: partial,
                    knownSize: nil)
            }
            return LiteralBody(ranges: ranges, transform: .replaceNUL, window: nil, knownSize: ranges.totalCount)
        case .filteredHeader(let range, let filter, _):
            return LiteralBody(
                ranges: range.count > 0 ? [range] : [], transform: .headerFilter(filter), window: partial,
                knownSize: nil)
        }
    }

    static func binaryBody(part: [UInt32], partial: FetchPartial?, structure: MessageStructure) throws(QueryError)
        -> LiteralBody
    {
        switch BinarySection.resolve(part: part.map { Int($0) }, partial: partial, in: structure) {
        case .missing:
            return .empty
        case .unknownEncoding(let token):
            throw QueryError(
                .unknownTransferEncoding,
                "cannot decode Content-Transfer-Encoding \(String(decoding: token, as: UTF8.self))")
        case .decode(let range, let encoding, _):
            let ranges = range.count > 0 ? [range] : []
            switch encoding {
            case .identity where !hasBareLFs(structure):
                guard let partial else { return LiteralBody(ranges: ranges, transform: .none, window: nil, knownSize: range.count) }
                let window = partial.window(ofSize: range.count)
                let windowed = window.isEmpty ? [] : [ByteRange(offset: range.offset + window.lowerBound, count: window.count)]
                return LiteralBody(ranges: windowed, transform: .none, window: nil, knownSize: window.count)
            case .identity:
                return LiteralBody(
                    ranges: ranges, transform: .normalize(IMAPLiteralNormalizer(replacesNUL: false)), window: partial,
                    knownSize: nil)
            case .base64, .quotedPrintable:
                return LiteralBody(ranges: ranges, transform: .decode(encoding.makeDecoder()), window: partial, knownSize: nil)
            }
        }
    }

    static func sectionSpec(_ section: SectionSpecifier) -> SectionSpec {
        let part = section.part.map { Int($0) }
        switch section.kind {
        case .complete: return SectionSpec(part: part)
        case .header: return SectionSpec(part: part, text: .header)
        case .text: return SectionSpec(part: part, text: .text)
        case .mime: return SectionSpec(part: part, text: .mime)
        case .headerFields(let names): return SectionSpec(part: part, text: .headerFields(names.map(\.bytes)))
        case .headerFieldsNot(let names): return SectionSpec(part: part, text: .headerFieldsNot(names.map(\.bytes)))
        }
    }

    static func fetchPartial(_ partial: Partial?) -> FetchPartial? {
        guard let partial else { return nil }
        let limit = UInt64(Int.max)
        return FetchPartial(offset: Int(min(partial.origin, limit)), length: Int(min(partial.length, limit)))
    }
}
